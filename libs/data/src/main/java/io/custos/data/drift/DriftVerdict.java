package io.custos.data.drift;

/** How far a column (or a whole table) has moved, from least to most. */
public enum DriftVerdict {
    STABLE, WARNING, DRIFT;

    DriftVerdict atLeast(DriftVerdict other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
