package io.custos.governance.core.monitoring;

/**
 * When a shift becomes an alert, and how much data it takes to say so.
 *
 * @param psiWarning PSI from which a significant shift is a WARNING (0.1 by the usual rule of thumb)
 * @param psiCritical PSI from which a significant shift is CRITICAL (0.25); at least psiWarning
 * @param alpha significance level of the chi-square test, in (0, 1)
 * @param minBatchSize fewest usable values of a feature (or predictions) below which its result is
 *     INSUFFICIENT_DATA and never an alert: PSI over a handful of values is mostly noise (its
 *     expected value under no drift is about (bins - 1) / n)
 */
public record MonitoringThresholds(double psiWarning, double psiCritical, double alpha, long minBatchSize) {

    public MonitoringThresholds {
        if (!(Double.isFinite(psiWarning) && psiWarning > 0)) {
            throw new MonitoringInputException("thresholds.psiWarning", "psiWarning is " + psiWarning
                    + "; it must be a positive number, e.g. 0.1");
        }
        if (!(Double.isFinite(psiCritical) && psiCritical >= psiWarning)) {
            throw new MonitoringInputException("thresholds.psiCritical", "psiCritical is " + psiCritical
                    + "; it must be a number at least psiWarning (" + psiWarning + "), e.g. 0.25");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new MonitoringInputException("thresholds.alpha", "alpha is " + alpha
                    + "; it must lie strictly between 0 and 1, e.g. 0.05");
        }
        if (minBatchSize < 1) {
            throw new MonitoringInputException("thresholds.minBatchSize", "minBatchSize is " + minBatchSize
                    + "; it must be at least 1, e.g. 100");
        }
    }

    /** PSI 0.1 warning and 0.25 critical, alpha 0.05, at least 100 values per feature. */
    public static MonitoringThresholds defaults() {
        return new MonitoringThresholds(0.1, 0.25, 0.05, 100);
    }
}
