package io.custos.data.drift;

/**
 * How one column moved between the baseline and the current table.
 *
 * @param kind NUMERIC, DATE (compared as day numbers) or CATEGORICAL, from the baseline's
 *     inferred type
 * @param test KS (two-sample Kolmogorov-Smirnov) or CHI_SQUARE (homogeneity); null when no test
 *     could be run (no values on one side, or fewer than two categories to compare)
 * @param baselineCount baseline rows with a usable value (present; a number or date for the
 *     numeric kinds)
 * @param baselineSkipped baseline rows without one
 * @param statistic KS D or the chi-square statistic; null without a test
 * @param pValue the test's p-value; null without a test
 * @param psi population stability index; null when one side has no values
 * @param bins how many bins or category groups the PSI (and chi-square) used
 * @param reason why the verdict, with the numbers it rests on
 */
public record ColumnDrift(String column, String kind, String test, long baselineCount, long currentCount,
        long baselineSkipped, long currentSkipped, Double statistic, Double pValue, Double psi, int bins,
        DriftVerdict verdict, String reason) {
}
