package io.custos.federated.aggregation;

/**
 * Weighted mean {@code sum(w_i u_i) / sum(w_i)} with {@code w_i = min(claimed_i, cap)}, accumulated as
 * updates arrive in two {@code double[]} of the model dimension: memory O(dimension), independent of
 * the number of clients.
 *
 * <p>Why compensated: with hundreds of clients and large-magnitude parameters, a plain running sum
 * loses the low-order bits of every small contribution. Each product {@code w_i * u_ij} is formed
 * exactly (Dekker's TwoProduct) and added with Knuth's TwoSum into a high part while the rounding errors
 * collect in a low part: the "Dot2" scheme of Ogita, Rump and Oishi, "Accurate Sum and Dot Product",
 * SIAM J. Sci. Comput. 2005, which is as accurate as computing in twice the working precision. A side
 * effect is that the result does not depend, in practice, on the order updates arrive in.
 */
final class FedAvgAggregator extends AbstractAggregator {

    /** 2^27 + 1: splits a double into two halves whose products are exact (Dekker, 1971). */
    private static final double SPLITTER = 134217729.0;
    /** Above this magnitude SPLITTER * x would overflow; the (negligible) product error is then skipped. */
    private static final double SPLIT_LIMIT = 0x1p995;

    private static final boolean HARDWARE_FMA = hardwareFma();

    private final double[] high;
    private final double[] low;

    private final boolean fma;

    FedAvgAggregator(AggregationStrategy strategy, AggregationConfig config) {
        this(strategy, config, HARDWARE_FMA);
    }

    /** {@code fma} chooses how exact products are formed; both give the same sums (tested). */
    FedAvgAggregator(AggregationStrategy strategy, AggregationConfig config, boolean fma) {
        super(strategy, config);
        this.fma = fma;
        this.high = new double[config.dimension()];
        this.low = new double[config.dimension()];
    }

    @Override
    protected void accept(String clientId, double[] update, double scale, long weight) {
        double w = weight; // exact: weight <= 2^53
        if (fma) {
            accumulateWithFma(update, scale, w);
        } else {
            accumulateWithSplitting(update, scale, w);
        }
    }

    /** TwoProduct by one fused multiply-add: {@code fma(w, x, -p)} is the exact rounding error of {@code w * x}. */
    private void accumulateWithFma(double[] update, double scale, double w) {
        double[] hi = high;
        double[] lo = low;
        for (int i = 0; i < hi.length; i++) {
            double x = update[i] * scale;
            double p = w * x;
            double e = Math.fma(w, x, -p);
            double h = hi[i];
            double s = h + p;
            double bv = s - h;
            hi[i] = s;
            lo[i] += ((h - (s - bv)) + (p - bv)) + e;
        }
    }

    /** TwoProduct by Dekker's splitting, for JVMs without a hardware FMA (where Math.fma is emulated, slowly). */
    private void accumulateWithSplitting(double[] update, double scale, double w) {
        double wt = SPLITTER * w;
        double wHigh = wt - (wt - w);
        double wLow = w - wHigh;
        double[] hi = high;
        double[] lo = low;
        for (int i = 0; i < hi.length; i++) {
            double x = update[i] * scale;
            // TwoProduct: p + e == w * x exactly.
            double p = w * x;
            double e = 0.0;
            if (Math.abs(x) < SPLIT_LIMIT) {
                double xt = SPLITTER * x;
                double xHigh = xt - (xt - x);
                double xLow = x - xHigh;
                e = ((wHigh * xHigh - p) + wHigh * xLow + wLow * xHigh) + wLow * xLow;
            }
            // TwoSum: s + err == hi + p exactly.
            double h = hi[i];
            double s = h + p;
            double bv = s - h;
            double err = (h - (s - bv)) + (p - bv);
            hi[i] = s;
            lo[i] += err + e;
        }
    }

    /** Whether HotSpot compiles Math.fma to the CPU's instruction (flag UseFMA); other JVMs take the splitting path. */
    static boolean hardwareFma() {
        try {
            return Boolean.parseBoolean(java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    protected double[] compute() {
        double total = totalWeight();
        double[] mean = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            double v = (high[i] + low[i]) / total;
            if (!Double.isFinite(v)) {
                throw new ArithmeticException("weighted sum overflowed at coordinate " + i
                        + "; updates are too large for double precision (enable norm clipping)");
            }
            mean[i] = v;
        }
        return mean;
    }
}
