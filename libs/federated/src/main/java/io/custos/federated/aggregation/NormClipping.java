package io.custos.federated.aggregation;

/**
 * Server-side L2 clipping of a client update to a bound {@code C}: {@code u * min(1, C / ||u||)}.
 * Bounding every update's norm caps the influence any one client (honest outlier or attacker) has on
 * the aggregate; it is also the sensitivity bound client-level DP relies on
 * (McMahan et al., "Learning Differentially Private Recurrent Language Models", ICLR 2018).
 * Immutable and thread-safe.
 */
public final class NormClipping {

    private final double bound;

    /** @param bound the L2 bound C; positive and finite */
    public NormClipping(double bound) {
        if (!(bound > 0) || !Double.isFinite(bound)) {
            throw new IllegalArgumentException("clipping bound must be positive and finite, got " + bound);
        }
        this.bound = bound;
    }

    public double bound() {
        return bound;
    }

    /**
     * Result of clipping one update.
     *
     * @param update             the (possibly scaled) update, a new array
     * @param normBeforeClipping L2 norm of the input
     * @param scale              factor applied, {@code min(1, C / norm)}
     */
    public record Clipped(double[] update, double normBeforeClipping, double scale) {
        /** Whether the update was actually scaled down. */
        public boolean clipped() {
            return scale < 1.0;
        }
    }

    /** Returns a clipped copy of {@code update}; the input is not modified. */
    public Clipped clip(double[] update) {
        double norm = l2Norm(update);
        double scale = scaleFor(norm);
        double[] out = update.clone();
        if (scale < 1.0) {
            for (int i = 0; i < out.length; i++) {
                out[i] *= scale;
            }
        }
        return new Clipped(out, norm, scale);
    }

    /** The factor {@code min(1, C / norm)} for an update of the given norm (0 for an infinite norm). */
    public double scaleFor(double norm) {
        return norm > bound ? bound / norm : 1.0;
    }

    /**
     * L2 norm without spurious overflow or underflow: the plain sum of squares is used when it is safely
     * in range, otherwise the values are rescaled by the largest magnitude first.
     */
    public static double l2Norm(double[] v) {
        double sumSquares = 0.0;
        for (double x : v) {
            sumSquares += x * x;
        }
        if (Double.isFinite(sumSquares) && sumSquares >= Double.MIN_NORMAL) {
            return Math.sqrt(sumSquares);
        }
        double max = 0.0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        if (max == 0.0 || !Double.isFinite(max)) {
            return max;
        }
        double scaled = 0.0;
        for (double x : v) {
            double r = x / max;
            scaled += r * r;
        }
        return max * Math.sqrt(scaled);
    }
}
