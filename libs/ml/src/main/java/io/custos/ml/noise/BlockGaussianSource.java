package io.custos.ml.noise;

/**
 * Turns a stream of random bytes, pulled in large blocks, into uniforms and Box-Muller normal
 * pairs. Pulling bytes in blocks is what makes a secure generator affordable: one call per 16 KiB
 * instead of one per sample.
 */
abstract class BlockGaussianSource implements RandomSource {

    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;
    private final byte[] block = new byte[16 * 1024];
    private int position = block.length;
    private double spare;
    private boolean hasSpare;

    /** Refills {@code block} entirely with fresh random bytes. */
    protected abstract void fill(byte[] block);

    private long nextLong() {
        if (position + 8 > block.length) {
            fill(block);
            position = 0;
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (block[position++] & 0xFF);
        }
        return v;
    }

    @Override
    public final double nextUniform() {
        return (nextLong() >>> 11) * TWO_POW_MINUS_53;
    }

    @Override
    public final double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1;
        do {
            u1 = nextUniform();
        } while (u1 == 0);
        double u2 = nextUniform();
        double r = Math.sqrt(-2 * Math.log(u1));
        double theta = 2 * Math.PI * u2;
        spare = r * Math.sin(theta);
        hasSpare = true;
        return r * Math.cos(theta);
    }
}
