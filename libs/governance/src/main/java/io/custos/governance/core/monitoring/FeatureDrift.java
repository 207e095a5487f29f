package io.custos.governance.core.monitoring;

/**
 * How one feature of a batch compares with the reference (see {@link DriftMonitor} and
 * {@link CountTests} for the statistics).
 *
 * <p>No category names or values from the batch appear here (only how many values fell where the
 * reference has none): reports travel to Slack and e-mail, and a production value can be personal
 * data even where the reference's categories are not.
 *
 * @param referenceCount observations in the reference
 * @param batchCount usable values in the batch (those compared)
 * @param missing batch rows without a usable value, not compared
 * @param unseenCount batch values where the reference has none: below or above its edges, in an
 *     empty reference bin, or in a category it lacks
 * @param unseenCategories distinct categories the reference lacks (0 for numeric features)
 * @param psi population stability index; null when the batch has no usable value
 * @param chiSquare goodness-of-fit statistic over the cells the reference has seen; null when that
 *     test could not be run, as are its degrees of freedom and p-value
 * @param unseenPValue one-sided binomial p-value of the unseen values; null when there are none
 * @param pValue the p-value the verdict uses: the chi-square's, the unseen test's, or both
 *     combined (Bonferroni); null when no test could be run
 * @param severity NONE when the status is INSUFFICIENT_DATA
 * @param reason the numbers the verdict rests on, in words
 */
public record FeatureDrift(String feature, FeatureKind kind, long referenceCount, long batchCount, long missing,
        long unseenCount, int unseenCategories, Double psi, Double chiSquare, Integer degreesOfFreedom,
        Double chiSquarePValue, Double unseenPValue, Double pValue, Severity severity, DriftStatus status,
        String reason) {
}
