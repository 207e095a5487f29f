package io.custos.governance.core.monitoring;

/**
 * How the batch's predicted probabilities compare with the reference's prediction histogram: a
 * shift in what the model outputs, visible even when no single feature moved much. The statistics
 * are those of {@link FeatureDrift}.
 *
 * @param unseenCount predictions in bins where the reference has none
 * @param psi null when the batch has no predictions
 * @param severity NONE when the status is INSUFFICIENT_DATA
 */
public record PredictionDrift(long referenceCount, long batchCount, long unseenCount, Double psi,
        Double chiSquare, Integer degreesOfFreedom, Double chiSquarePValue, Double unseenPValue, Double pValue,
        Severity severity, DriftStatus status, String reason) {
}
