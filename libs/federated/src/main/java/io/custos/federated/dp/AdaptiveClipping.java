package io.custos.federated.dp;

/**
 * Adaptive clipping after Andrew, Thakkar, McMahan and Ramaswamy 2021, "Differentially Private
 * Learning with Adaptive Clipping": the clip norm C tracks the {@code targetQuantile} gamma of the
 * clients' update norms, so it need not be tuned by hand.
 *
 * <p>Each round every participant reports the bit b_i = 1[||Delta_i|| <= C]. The server estimates
 * the fraction below C privately, with the bits centred to b_i - 1/2 (L2 sensitivity 1/2) and
 * Gaussian noise of std sigma_b = {@code bitNoiseStd} on their sum, over the fixed denominator m = qN:
 * <pre>  b_bar = (sum_i (b_i - 1/2) + N(0, sigma_b^2)) / m + 1/2</pre>
 * and takes one step of the geometric update (Algorithm 1, the "geometric update" of Section 2):
 * <pre>  C &lt;- C * exp(-eta_C * (b_bar - gamma))</pre>
 * which shrinks C when more than gamma of the clients fit under it and grows it otherwise.
 *
 * <p>Releasing b_bar spends privacy. Theorem 1: an update with noise multiplier z_Delta together
 * with the bit sum with noise sigma_b is as private as one Gaussian mechanism with noise multiplier
 * z = (z_Delta^-2 + (2 sigma_b)^-2)^(-1/2). So to keep the configured total z, the update is noised
 * with z_Delta = (z^-2 - (2 sigma_b)^-2)^(-1/2), defined only when 2 sigma_b > z
 * ({@link #updateNoiseMultiplier(double)}).
 *
 * @param targetQuantile gamma in (0, 1): the fraction of clients whose update should fit under C
 * @param learningRate eta_C > 0 of the geometric update
 * @param bitNoiseStd sigma_b >= 0: std of the noise on the sum of centred clipping bits
 * @param initialClipNorm C_0 > 0, the clip norm of the first round
 */
public record AdaptiveClipping(double targetQuantile, double learningRate, double bitNoiseStd, double initialClipNorm) {

    public AdaptiveClipping {
        if (!(targetQuantile > 0 && targetQuantile < 1)) {
            throw new IllegalArgumentException("targetQuantile must be in (0, 1), was " + targetQuantile);
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learningRate must be > 0 and finite, was " + learningRate);
        }
        if (!(bitNoiseStd >= 0 && Double.isFinite(bitNoiseStd))) {
            throw new IllegalArgumentException("bitNoiseStd must be >= 0 and finite, was " + bitNoiseStd);
        }
        if (!(initialClipNorm > 0 && Double.isFinite(initialClipNorm))) {
            throw new IllegalArgumentException("initialClipNorm must be > 0 and finite, was " + initialClipNorm);
        }
    }

    /**
     * The settings the paper's experiments and TensorFlow Federated's defaults use: the median
     * (gamma = 0.5), eta_C = 0.2 and sigma_b = m / 20 for m expected clients per round.
     */
    public static AdaptiveClipping medianTracking(double initialClipNorm, double expectedClientsPerRound) {
        return new AdaptiveClipping(0.5, 0.2, expectedClientsPerRound / 20, initialClipNorm);
    }

    /**
     * z_Delta = (z^-2 - (2 sigma_b)^-2)^(-1/2), the noise multiplier left for the update once the
     * clipping bits have taken their share of the total z (Andrew et al. 2021, Theorem 1). z = 0
     * (no privacy) gives 0.
     *
     * @throws IllegalArgumentException when 2 sigma_b <= z, where no z_Delta reaches total z
     */
    public double updateNoiseMultiplier(double noiseMultiplier) {
        if (!(noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier))) {
            throw new IllegalArgumentException("noiseMultiplier must be >= 0 and finite, was " + noiseMultiplier);
        }
        if (noiseMultiplier == 0) {
            return 0;
        }
        double bitNoiseMultiplier = 2 * bitNoiseStd;
        if (!(bitNoiseMultiplier > noiseMultiplier)) {
            throw new IllegalArgumentException("adaptiveClipping.bitNoiseStd too small: 2 * bitNoiseStd (= "
                    + bitNoiseMultiplier + ") must exceed noiseMultiplier (= " + noiseMultiplier
                    + ") for the update noise multiplier z_delta = (z^-2 - (2 sigma_b)^-2)^(-1/2) of Andrew et al."
                    + " 2021, Theorem 1 to exist; raise bitNoiseStd or lower noiseMultiplier");
        }
        double inverseSquare = 1 / (noiseMultiplier * noiseMultiplier)
                - 1 / (bitNoiseMultiplier * bitNoiseMultiplier);
        return 1 / Math.sqrt(inverseSquare);
    }

    /**
     * b_bar from the sum of centred bits (already noised) over the fixed denominator m. Public so a
     * server that only learns the bit count (secure aggregation) derives b_bar exactly as
     * {@link DpFedAvgRound} does.
     */
    public static double noisyFractionBelow(double noisyCentredBitSum, double expectedClientsPerRound) {
        return noisyCentredBitSum / expectedClientsPerRound + 0.5;
    }

    /** One geometric step: C * exp(-eta_C (b_bar - gamma)). */
    public double nextClipNorm(double clipNorm, double noisyFractionBelow) {
        return clipNorm * Math.exp(-learningRate * (noisyFractionBelow - targetQuantile));
    }
}
