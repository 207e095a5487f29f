package io.custos.federated.dp;

/**
 * The parameters of DP-FedAvg (McMahan et al. 2018, Algorithm 1), validated so a round can never
 * run with a setting the accountant cannot describe.
 *
 * @param clipNorm S > 0, the L2 bound on each client's update; when clipping is adaptive, the
 *     initial clip norm C_0 (and then equal to {@code adaptiveClipping.initialClipNorm()})
 * @param adaptiveClipping the adaptive clipping settings, or null for a fixed clip norm
 * @param noiseMultiplier z >= 0, the total noise multiplier the accountant charges per round;
 *     with adaptive clipping the update itself gets z_Delta (see {@link #updateNoiseMultiplier()})
 * @param expectedClientsPerRound qN > 0, the fixed denominator of the average
 * @param samplingRate q in (0, 1], each client's independent probability of joining a round
 * @param targetDelta delta in (0, 1) at which epsilon is reported; should be below 1/N
 */
public record DpFedAvgConfig(double clipNorm, AdaptiveClipping adaptiveClipping, double noiseMultiplier,
        double expectedClientsPerRound, double samplingRate, double targetDelta) {

    public DpFedAvgConfig {
        if (adaptiveClipping == null) {
            if (!(clipNorm > 0 && Double.isFinite(clipNorm))) {
                throw new IllegalArgumentException("clipNorm must be > 0 and finite (or give adaptiveClipping), was "
                        + clipNorm);
            }
        } else if (clipNorm != adaptiveClipping.initialClipNorm()) {
            throw new IllegalArgumentException("clipNorm must equal adaptiveClipping.initialClipNorm ("
                    + adaptiveClipping.initialClipNorm() + ") when clipping is adaptive, was " + clipNorm);
        }
        if (!(noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier))) {
            throw new IllegalArgumentException("noiseMultiplier must be >= 0 and finite, was " + noiseMultiplier);
        }
        if (!(expectedClientsPerRound > 0 && Double.isFinite(expectedClientsPerRound))) {
            throw new IllegalArgumentException("expectedClientsPerRound must be > 0 and finite, was "
                    + expectedClientsPerRound);
        }
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("samplingRate must be in (0, 1], was " + samplingRate);
        }
        if (!(targetDelta > 0 && targetDelta < 1)) {
            throw new IllegalArgumentException("targetDelta must be in (0, 1), was " + targetDelta);
        }
        if (adaptiveClipping != null) {
            adaptiveClipping.updateNoiseMultiplier(noiseMultiplier); // throws when 2 sigma_b <= z
        }
    }

    /** DP-FedAvg with the fixed clip norm S. */
    public static DpFedAvgConfig fixedClipping(double clipNorm, double noiseMultiplier, double expectedClientsPerRound,
            double samplingRate, double targetDelta) {
        return new DpFedAvgConfig(clipNorm, null, noiseMultiplier, expectedClientsPerRound, samplingRate, targetDelta);
    }

    /** DP-FedAvg with adaptive clipping, starting from {@code adaptive.initialClipNorm()}. */
    public static DpFedAvgConfig adaptiveClipping(AdaptiveClipping adaptive, double noiseMultiplier,
            double expectedClientsPerRound, double samplingRate, double targetDelta) {
        if (adaptive == null) {
            throw new IllegalArgumentException("adaptiveClipping must not be null");
        }
        return new DpFedAvgConfig(adaptive.initialClipNorm(), adaptive, noiseMultiplier, expectedClientsPerRound,
                samplingRate, targetDelta);
    }

    /**
     * For a population of N clients sampled at rate q: the fixed denominator is qN, as in McMahan et
     * al. 2018 ("W = qN" in Algorithm 1 with equal client weights).
     */
    public static DpFedAvgConfig forPopulation(int populationSize, double clipNorm, double noiseMultiplier,
            double samplingRate, double targetDelta) {
        if (populationSize <= 0) {
            throw new IllegalArgumentException("populationSize must be > 0, was " + populationSize);
        }
        return fixedClipping(clipNorm, noiseMultiplier, samplingRate * populationSize, samplingRate, targetDelta);
    }

    public boolean isAdaptive() {
        return adaptiveClipping != null;
    }

    /** The noise multiplier applied to the update sum: z, or z_Delta when clipping is adaptive. */
    public double updateNoiseMultiplier() {
        return adaptiveClipping == null ? noiseMultiplier : adaptiveClipping.updateNoiseMultiplier(noiseMultiplier);
    }

    /** Starts a round at this configuration's initial clip norm. */
    public DpFedAvgRound startRound(int dimension) {
        return new DpFedAvgRound(this, clipNorm, dimension);
    }

    /** Starts a round at the clip norm the previous round chose ({@link RoundResult#nextClipNorm()}). */
    public DpFedAvgRound startRound(int dimension, double clipNorm) {
        return new DpFedAvgRound(this, clipNorm, dimension);
    }
}
