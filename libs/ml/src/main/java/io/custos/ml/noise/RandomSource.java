package io.custos.ml.noise;

/**
 * Uniform and Gaussian randomness for DP mechanisms and Poisson sampling. Production uses
 * {@link SecureRandomSource}; {@link SeededRandomSource} exists only for reproducible tests.
 */
public interface RandomSource {

    /** A uniform double in [0, 1) with 53 random bits. */
    double nextUniform();

    /** A standard normal sample. */
    double nextGaussian();

    /** Fills {@code out} with independent N(0, scale^2) samples. */
    default void fillGaussian(double[] out, double scale) {
        for (int i = 0; i < out.length; i++) {
            out[i] = scale * nextGaussian();
        }
    }

    /** True when the source is cryptographically secure, i.e. fit for a privacy guarantee. */
    boolean secure();

    /** What produced the randomness, for the record of a run. */
    String describe();
}
