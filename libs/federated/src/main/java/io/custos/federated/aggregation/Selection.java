package io.custos.federated.aggregation;

import java.util.Arrays;

/**
 * In-place order statistics on a slice of a {@code double[]} (values are finite: NaN was refused).
 * Quickselect with a median-of-three pivot runs in expected linear time; because attackers choose the
 * values, a recursion budget falls back to {@link Arrays#sort} (O(n log n) worst case), so crafted
 * inputs cannot force quadratic time (the "introselect" idea of Musser, 1997).
 */
final class Selection {

    private static final int INSERTION_SORT_THRESHOLD = 16;

    private Selection() {
    }

    /**
     * Rearranges {@code a[from, to)} so that {@code a[k]} holds the value that would be there if the slice
     * were sorted, everything in {@code [from, k)} is {@code <=} it and everything in {@code (k, to)} is {@code >=} it.
     */
    static void select(double[] a, int from, int to, int k) {
        if (k < from || k >= to) {
            throw new IndexOutOfBoundsException("k=" + k + " outside [" + from + ", " + to + ")");
        }
        int lo = from;
        int hi = to - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(to - from)) + 2;
        while (hi - lo > INSERTION_SORT_THRESHOLD) {
            if (budget-- == 0) {
                Arrays.sort(a, lo, hi + 1);
                return;
            }
            int mid = (lo + hi) >>> 1;
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            // Now a[lo..j] <= pivot, a[i..hi] >= pivot, and a[j+1..i-1] == pivot.
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
        insertionSort(a, lo, hi);
    }

    /** Median of {@code a[from, to)}: the middle value, or the mean of the two middle values. Reorders the slice. */
    static double median(double[] a, int from, int to) {
        int n = to - from;
        int k = from + (n - 1) / 2;
        select(a, from, to, k);
        if ((n & 1) == 1) {
            return a[k];
        }
        double upper = a[k + 1];
        for (int i = k + 2; i < to; i++) {
            upper = Math.min(upper, a[i]);
        }
        return midpoint(a[k], upper);
    }

    /** Mean of {@code a[from, to)} after dropping the {@code t} smallest and {@code t} largest values. Reorders the slice. */
    static double trimmedMean(double[] a, int from, int to, int t) {
        if (t > 0) {
            select(a, from, to, from + t);
            select(a, from + t, to, to - t);
        }
        int kept = to - from - 2 * t;
        double mean = compensatedSum(a, from + t, to - t, 1.0) / kept;
        if (!Double.isFinite(mean)) {
            // The sum overflowed although every value is finite: scale by a power of two (exact) so it cannot.
            int shift = 33 - Integer.numberOfLeadingZeros(kept);
            mean = Math.scalb(compensatedSum(a, from + t, to - t, Math.scalb(1.0, -shift)) / kept, shift);
        }
        return mean;
    }

    /** Neumaier-compensated sum of {@code a[from, to) * scale}. */
    private static double compensatedSum(double[] a, int from, int to, double scale) {
        double sum = 0.0;
        double compensation = 0.0;
        for (int i = from; i < to; i++) {
            double x = a[i] * scale;
            double s = sum + x;
            compensation += Math.abs(sum) >= Math.abs(x) ? (sum - s) + x : (x - s) + sum;
            sum = s;
        }
        return sum + compensation;
    }

    private static double midpoint(double x, double y) {
        double s = x + y;
        return Double.isFinite(s) ? s / 2 : x / 2 + y / 2;
    }

    private static void insertionSort(double[] a, int lo, int hi) {
        for (int i = lo + 1; i <= hi; i++) {
            double v = a[i];
            int j = i - 1;
            while (j >= lo && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
