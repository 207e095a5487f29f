package io.custos.federated.client;

import io.custos.ml.train.SgdOptions;

/**
 * How a site trains in one round. Epochs, learning rate and batch size come from the federation
 * (every site trains the same way); local DP is the site's own choice.
 *
 * @param epochs            local epochs per round (passes over the local data in expectation)
 * @param expectedBatchSize Poisson sampling rate times the local row count
 * @param learningRate      SGD step size
 * @param l2                weight decay
 * @param localDp           example-level DP-SGD on this site's rows, or null for none
 */
public record LocalTrainingOptions(double epochs, double expectedBatchSize, double learningRate, double l2,
        LocalDp localDp) {

    /**
     * Per-example clipping and Gaussian noise, as central DP-SGD: protects each of this site's
     * records even from the server and the other sites.
     *
     * @param clipNorm        per-example gradient L2 bound C
     * @param noiseMultiplier sigma; noise N(0, sigma^2 C^2) per coordinate and step
     */
    public record LocalDp(double clipNorm, double noiseMultiplier) {
        public LocalDp {
            if (!(clipNorm > 0) || !Double.isFinite(clipNorm)) {
                throw new IllegalArgumentException("local clip norm must be positive and finite, was " + clipNorm);
            }
            // Clipping without noise gives no guarantee at all; not offering it avoids a false sense of one.
            if (!(noiseMultiplier > 0) || !Double.isFinite(noiseMultiplier)) {
                throw new IllegalArgumentException("local noise multiplier must be positive and finite, was "
                        + noiseMultiplier);
            }
        }
    }

    public LocalTrainingOptions {
        sgd(epochs, expectedBatchSize, learningRate, l2, localDp); // the same checks as central training
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("l2 must be >= 0, was " + l2);
        }
    }

    /** Without local DP. */
    public static LocalTrainingOptions of(double epochs, double expectedBatchSize, double learningRate) {
        return new LocalTrainingOptions(epochs, expectedBatchSize, learningRate, 0, null);
    }

    public LocalTrainingOptions withLocalDp(LocalDp dp) {
        return new LocalTrainingOptions(epochs, expectedBatchSize, learningRate, l2, dp);
    }

    public boolean localDpEnabled() {
        return localDp != null;
    }

    /** The DP-SGD settings of one local run. */
    public SgdOptions sgd() {
        return sgd(epochs, expectedBatchSize, learningRate, l2, localDp);
    }

    private static SgdOptions sgd(double epochs, double batch, double lr, double l2, LocalDp dp) {
        return dp == null ? new SgdOptions(epochs, batch, lr, 1.0, 0, l2, false)
                : new SgdOptions(epochs, batch, lr, dp.clipNorm(), dp.noiseMultiplier(), l2, true);
    }
}
