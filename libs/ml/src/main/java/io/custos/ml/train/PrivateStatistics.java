package io.custos.ml.train;

import io.custos.ml.data.DataException;
import io.custos.ml.noise.RandomSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.numbers.gamma.InverseErfc;

/**
 * Gaussian mechanisms for the statistics preprocessing needs when the user did not declare them.
 * Each record adds one to exactly one bin of a column's histogram, so each histogram has L2
 * sensitivity 1 under add/remove-one and costs RDP alpha / (2 sigma^2).
 */
public final class PrivateStatistics {

    /** |x| below 2^-10 counts as zero; above 2^30 falls in the last bin. */
    private static final int MIN_EXP = -10;
    private static final int MAX_EXP = 30;

    private PrivateStatistics() {
    }

    /**
     * Bounds of a numeric column from a noisy histogram over powers of two (in the spirit of
     * the approximate-bounds algorithm of Google's DP library): the outermost bins whose noisy
     * count exceeds {@code threshold} give the bounds. Missing or non-numeric values are not counted.
     */
    public static double[] bounds(String column, List<String> values, double sigma, double threshold,
            RandomSource random) {
        int bins = 2 * (MAX_EXP - MIN_EXP + 1) + 1;
        double[] counts = new double[bins];
        for (String s : values) {
            Double v = parse(s);
            if (v != null) {
                counts[bin(v)] += 1;
            }
        }
        for (int i = 0; i < bins; i++) {
            counts[i] += sigma * random.nextGaussian();
        }
        int lo = -1;
        int hi = -1;
        for (int i = 0; i < bins; i++) {
            if (counts[i] > threshold) {
                if (lo < 0) {
                    lo = i;
                }
                hi = i;
            }
        }
        if (lo < 0) {
            throw new DataException("column '" + column + "': too few values to estimate its bounds privately;"
                    + " declare them as public");
        }
        double lower = edges(lo)[0];
        double upper = edges(hi)[1];
        if (!(lower < upper)) {
            upper = lower + 1;
        }
        return new double[] {lower, upper};
    }

    /** Bin 0 .. (MAX-MIN): negative magnitudes (largest first), then zero, then positive ones. */
    static int bin(double v) {
        int k = MAX_EXP - MIN_EXP + 1;
        double a = Math.abs(v);
        if (a < Math.pow(2, MIN_EXP)) {
            return k;
        }
        int e = Math.min(MAX_EXP, Math.max(MIN_EXP, Math.getExponent(a)));
        int slot = e - MIN_EXP; // 0..k-1
        return v > 0 ? k + 1 + slot : k - 1 - slot;
    }

    /** [lower, upper) of a bin. */
    static double[] edges(int bin) {
        int k = MAX_EXP - MIN_EXP + 1;
        if (bin == k) {
            return new double[] {-Math.pow(2, MIN_EXP), Math.pow(2, MIN_EXP)};
        }
        if (bin > k) {
            int e = bin - k - 1 + MIN_EXP;
            return new double[] {Math.pow(2, e), Math.pow(2, e + 1)};
        }
        int e = k - 1 - bin + MIN_EXP;
        return new double[] {-Math.pow(2, e + 1), -Math.pow(2, e)};
    }

    /**
     * The categories of a column by Gaussian thresholding: a category is released when its count
     * plus N(0, sigma^2) exceeds {@code threshold}. A category held by a single record passes with
     * probability at most the delta given to {@link #thresholdFor}, which this adds to the run.
     */
    public static List<String> categories(String column, List<String> values, double sigma, double threshold,
            RandomSource random) {
        Map<String, Integer> counts = new TreeMap<>(); // sorted: the order must not depend on the data's order
        for (String s : values) {
            String v = s == null ? "" : s.strip();
            if (!v.isEmpty()) {
                counts.merge(v, 1, Integer::sum);
            }
        }
        List<String> released = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() + sigma * random.nextGaussian() > threshold) {
                released.add(e.getKey());
            }
        }
        if (released.isEmpty()) {
            throw new DataException("column '" + column + "': no category is frequent enough to be released"
                    + " privately; declare its categories as public");
        }
        return released;
    }

    /** The threshold that keeps a single record's category from passing with probability above delta. */
    public static double thresholdFor(double sigma, double delta) {
        // P[1 + N(0, sigma^2) > t] = delta  <=>  t = 1 + sigma * z_{1-delta}, z = sqrt(2) erfcinv(2 delta)
        return 1 + sigma * Math.sqrt(2) * InverseErfc.value(2 * delta);
    }

    private static Double parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(s.strip());
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
