package io.custos.governance.core.monitoring;

/**
 * How urgently a drift result needs a person, from least to most. NONE raises no alert; INFO is a
 * statistically real but small shift (for dashboards); WARNING a material shift; CRITICAL a shift
 * large enough that the model's predictions should no longer be trusted without a look.
 */
public enum Severity {
    NONE, INFO, WARNING, CRITICAL;

    /** True when this severity is {@code other} or worse. */
    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /** The worse of the two. */
    public Severity max(Severity other) {
        return atLeast(other) ? this : other;
    }
}
