package io.custos.data.pii;

/** One piece of personal data inside a value: the characters {@code [start, end)}. */
public record PiiMatch(PiiType type, int start, int end) {

    public PiiMatch {
        if (type == null || start < 0 || end <= start) {
            throw new IllegalArgumentException("bad match " + type + " [" + start + "," + end + ")");
        }
    }

    boolean overlaps(PiiMatch other) {
        return start < other.end && other.start < end;
    }
}
