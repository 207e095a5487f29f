package io.custos.ml.noise;

import java.util.SplittableRandom;

/**
 * A seeded, reproducible generator for tests and benchmarks only. Its output is predictable,
 * so a run that uses it carries no privacy guarantee and says so.
 */
public final class SeededRandomSource extends BlockGaussianSource {

    private final SplittableRandom random;
    private final long seed;

    public SeededRandomSource(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    @Override
    protected void fill(byte[] block) {
        for (int i = 0; i < block.length; i += 8) {
            long v = random.nextLong();
            for (int b = 0; b < 8; b++) {
                block[i + b] = (byte) (v >>> (56 - 8 * b));
            }
        }
    }

    @Override
    public boolean secure() {
        return false;
    }

    @Override
    public String describe() {
        return "seeded SplittableRandom(" + seed + ") - test mode, no privacy guarantee";
    }
}
