package io.custos.governance.core.compliance;

/**
 * A text that stops a regular expression after a fixed number of character reads, so an operator's
 * pattern with catastrophic backtracking cannot stall evaluation on a crafted tag value.
 */
final class BoundedCharSequence implements CharSequence {

    /** Thrown when the read budget is spent; the caller treats the value as not matching. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("regular expression took too many steps", null, false, false);
        }
    }

    private final String text;
    private final int offset;
    private final int length;
    private final int[] budget;

    BoundedCharSequence(String text, int maxReads) {
        this(text, 0, text.length(), new int[] {maxReads});
    }

    private BoundedCharSequence(String text, int offset, int length, int[] budget) {
        this.text = text;
        this.offset = offset;
        this.length = length;
        this.budget = budget;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (--budget[0] < 0) {
            throw new BudgetExceeded();
        }
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return text.charAt(offset + index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > length || start > end) {
            throw new IndexOutOfBoundsException("[" + start + ", " + end + ")");
        }
        return new BoundedCharSequence(text, offset + start, end - start, budget);
    }

    @Override
    public String toString() {
        return text.substring(offset, offset + length);
    }
}
