package io.custos.data.quality;

import io.custos.data.table.Column;
import java.util.Arrays;

/**
 * A column's numbers, one per row that has one, in sorted order: for quantiles. Held as the sorted
 * distinct numbers with cumulative row counts, so a million rows of a few hundred distinct values
 * cost a sort of those few hundred; the order statistics, and so the quantiles, are exactly those
 * of the sorted rows.
 */
final class SortedNumbers {

    /** Distinct numbers in {@link Arrays#sort(double[])} order. */
    private final double[] values;
    /** {@code ends[i]}: rows holding {@code values[0..i]}, so value i fills ranks [ends[i-1], ends[i]). */
    private final long[] ends;

    private SortedNumbers(double[] values, long[] ends) {
        this.values = values;
        this.ends = ends;
    }

    /** From one number per dictionary code (NaN for non-numbers). */
    static SortedNumbers of(Column column, double[] numberOfCode) {
        int[] counts = column.counts();
        double[] present = new double[numberOfCode.length];
        int n = 0;
        for (int code = 0; code < numberOfCode.length; code++) {
            if (!Double.isNaN(numberOfCode[code]) && counts[code] > 0) {
                present[n++] = numberOfCode[code];
            }
        }
        double[] sorted = Arrays.copyOf(present, n);
        Arrays.sort(sorted);
        // Two codes may hold the same number ("1" and "1.0"): one entry per number, compared as
        // Arrays.sort and Arrays.binarySearch compare (-0.0 before 0.0).
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || Double.compare(sorted[distinct - 1], sorted[i]) != 0) {
                sorted[distinct++] = sorted[i];
            }
        }
        double[] values = Arrays.copyOf(sorted, distinct);
        long[] ends = new long[distinct];
        for (int code = 0; code < numberOfCode.length; code++) {
            if (!Double.isNaN(numberOfCode[code]) && counts[code] > 0) {
                ends[Arrays.binarySearch(values, numberOfCode[code])] += counts[code];
            }
        }
        for (int i = 1; i < distinct; i++) {
            ends[i] += ends[i - 1];
        }
        return new SortedNumbers(values, ends);
    }

    long count() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }

    /** Quantile by linear interpolation between order statistics (R type 7): h = (n - 1) p. */
    double quantile(double p) {
        long n = count();
        double h = (n - 1) * p;
        long lo = (long) Math.floor(h);
        return lo + 1 >= n ? at(lo) : at(lo) + (h - lo) * (at(lo + 1) - at(lo));
    }

    /** The number of rank {@code k} (0-based) among the sorted rows. */
    private double at(long k) {
        int lo = 0;
        int hi = ends.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] > k) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return values[lo];
    }
}
