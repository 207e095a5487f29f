package io.custos.ml.train;

/**
 * Optimisation settings of one run.
 *
 * @param epochs            passes over the data in expectation (steps = epochs / q)
 * @param expectedBatchSize q * n: the Poisson sampling rate is this over the dataset size
 * @param learningRate      SGD step size
 * @param clipNorm          per-example L2 gradient bound C (private runs)
 * @param noiseMultiplier   sigma: noise N(0, sigma^2 C^2) per coordinate (private runs)
 * @param l2                weight decay, applied after the noise (data-independent, free)
 * @param privateTraining   false trains the same model with the same sampling, no clipping or noise
 */
public record SgdOptions(double epochs, double expectedBatchSize, double learningRate, double clipNorm,
        double noiseMultiplier, double l2, boolean privateTraining) {

    public SgdOptions {
        if (!(epochs > 0)) {
            throw new IllegalArgumentException("epochs must be > 0");
        }
        if (!(expectedBatchSize >= 1)) {
            throw new IllegalArgumentException("expected batch size must be >= 1");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0");
        }
        if (privateTraining && !(clipNorm > 0)) {
            throw new IllegalArgumentException("clipping norm must be > 0");
        }
        if (privateTraining && !(noiseMultiplier >= 0)) {
            throw new IllegalArgumentException("noise multiplier must be >= 0");
        }
    }

    public SgdOptions withNoiseMultiplier(double sigma) {
        return new SgdOptions(epochs, expectedBatchSize, learningRate, clipNorm, sigma, l2, privateTraining);
    }

    public double samplingRate(int n) {
        return Math.min(1.0, expectedBatchSize / n);
    }

    public long steps(int n) {
        return Math.max(1, Math.round(epochs / samplingRate(n)));
    }
}
