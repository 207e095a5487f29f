package io.custos.data.quality;

import java.util.List;

/**
 * Tukey's outliers of a numeric column: numbers below {@code q1 - 1.5 IQR} or above
 * {@code q3 + 1.5 IQR}, where the quartiles are linear-interpolation quantiles of the column's
 * numbers (R type 7, numpy's default).
 *
 * @param share count over the column's numbers
 */
public record Outliers(double q1, double q3, double lowerFence, double upperFence, long count, double share,
        List<Integer> sampleRows) {

    public Outliers {
        sampleRows = List.copyOf(sampleRows);
    }
}
