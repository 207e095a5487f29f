package io.custos.governance.core.monitoring;

/**
 * The verdict on one feature (or the predictions), in words rather than urgency: STABLE (severity
 * NONE), SHIFTED (INFO: significant but small, or large but not significant), DRIFTED (WARNING or
 * CRITICAL), or INSUFFICIENT_DATA when the batch is too small to tell (never an alert).
 */
public enum DriftStatus {
    STABLE, SHIFTED, DRIFTED, INSUFFICIENT_DATA;

    static DriftStatus of(Severity severity) {
        return switch (severity) {
            case NONE -> STABLE;
            case INFO -> SHIFTED;
            case WARNING, CRITICAL -> DRIFTED;
        };
    }
}
