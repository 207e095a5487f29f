package io.custos.data.drift;

import java.util.Arrays;

/**
 * Population stability index: {@code sum over bins of (c - b) ln(c / b)}, with b and c the
 * baseline's and the current table's shares of rows in the bin.
 *
 * <p>An empty bin would make the logarithm infinite, so a share of 0 is replaced by
 * {@value #EPSILON} (shares are not renormalised afterwards). A bin holding 10% of one table and
 * nothing of the other thus adds (0.1 - 0.0001) ln(1000) = 0.69: a clear drift, as it should be,
 * without an infinite index.
 *
 * <p>Public for counts that come from elsewhere (governance's drift monitoring compares production
 * counts with a reference profile by the same definition).
 */
public final class Psi {

    /** Share used in place of 0. */
    public static final double EPSILON = 1e-4;

    /** Bins for numeric columns: deciles of the baseline. */
    static final int NUMERIC_BINS = 10;

    private Psi() {
    }

    /** The PSI of two count vectors over the same bins; both totals must be positive. */
    public static double of(long[] baselineCounts, long[] currentCounts) {
        long baselineTotal = Arrays.stream(baselineCounts).sum();
        long currentTotal = Arrays.stream(currentCounts).sum();
        double psi = 0;
        for (int i = 0; i < baselineCounts.length; i++) {
            double b = Math.max(EPSILON, (double) baselineCounts[i] / baselineTotal);
            double c = Math.max(EPSILON, (double) currentCounts[i] / currentTotal);
            psi += (c - b) * Math.log(c / b);
        }
        return psi;
    }

    /**
     * Inner edges of the numeric bins: the baseline's quantiles at 0.1, 0.2, ... 0.9 (linear
     * interpolation, R type 7), without repeats. Bin i holds values in (edge[i-1], edge[i]], the
     * first bin everything up to edge[0], the last everything above the last edge; so a column of
     * few distinct values gets fewer, but never empty-by-construction, bins.
     */
    static double[] decileEdges(double[] sortedBaseline) {
        double[] edges = new double[NUMERIC_BINS - 1];
        int n = 0;
        for (int k = 1; k < NUMERIC_BINS; k++) {
            double q = quantile(sortedBaseline, (double) k / NUMERIC_BINS);
            if (n == 0 || q > edges[n - 1]) {
                edges[n++] = q;
            }
        }
        return Arrays.copyOf(edges, n);
    }

    static long[] binCounts(double[] values, double[] edges) {
        long[] counts = new long[edges.length + 1];
        for (double v : values) {
            int i = Arrays.binarySearch(edges, v);
            counts[i >= 0 ? i : -i - 1]++;
        }
        return counts;
    }

    /**
     * {@link #binCounts} of sorted values: each run of equal values is looked up once (equal
     * doubles land in the same bin).
     */
    static long[] binCountsSorted(double[] sorted, double[] edges) {
        long[] counts = new long[edges.length + 1];
        int i = 0;
        while (i < sorted.length) {
            double v = sorted[i];
            int j = i + 1;
            while (j < sorted.length && Double.compare(sorted[j], v) == 0) {
                j++;
            }
            int at = Arrays.binarySearch(edges, v);
            counts[at >= 0 ? at : -at - 1] += j - i;
            i = j;
        }
        return counts;
    }

    /** Linear interpolation between order statistics: h = (n - 1) p. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        return lo + 1 >= sorted.length ? sorted[lo] : sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }
}
