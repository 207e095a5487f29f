package io.custos.federation.domain;

/**
 * A federation's client-level DP settings as stored (DP-FedAvg). {@code adaptive} is null for a
 * fixed clip norm.
 */
public record ClientDpSettings(double noiseMultiplier, double clipNorm, Adaptive adaptive, double samplingRate,
        double delta) {

    /** Adaptive clipping (Andrew et al. 2021); the initial clip norm is {@link ClientDpSettings#clipNorm()}. */
    public record Adaptive(double targetQuantile, double learningRate, double bitNoiseStd) {
    }
}
