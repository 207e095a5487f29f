package io.custos.data.quality;

import io.custos.data.table.Column;
import java.util.Arrays;

/** A column's numbers, one per row that has one, sorted: for quantiles. */
final class SortedNumbers {

    private final double[] sorted;

    private SortedNumbers(double[] sorted) {
        this.sorted = sorted;
    }

    /**
     * From one number per dictionary code (NaN for non-numbers). Expanding to rows and sorting
     * primitives is faster than sorting a million boxed distinct values with their counts.
     */
    static SortedNumbers of(Column column, double[] numberOfCode) {
        double[] numbers = new double[column.size()];
        int n = 0;
        for (int r = 0; r < numbers.length; r++) {
            double x = numberOfCode[column.code(r)];
            if (!Double.isNaN(x)) {
                numbers[n++] = x;
            }
        }
        double[] sorted = Arrays.copyOf(numbers, n);
        Arrays.sort(sorted);
        return new SortedNumbers(sorted);
    }

    long count() {
        return sorted.length;
    }

    /** Quantile by linear interpolation between order statistics (R type 7): h = (n - 1) p. */
    double quantile(double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        return lo + 1 >= sorted.length ? sorted[lo] : sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }
}
