package io.custos.data.transform;

import io.custos.data.table.Column;
import io.custos.data.transform.TransformStep.ClipMethod;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Clip bounds of a numeric column, computed over its distinct values weighted by their counts.
 * std: mean ± factor x sample standard deviation (n - 1). iqr: Tukey's fences Q1 - factor x IQR and
 * Q3 + factor x IQR, with quartiles interpolated linearly between order statistics at (n - 1)p
 * (Hyndman and Fan type 7, as R's default and Excel's QUARTILE.INC).
 *
 * @param scale      the most decimals any value of the column is written with
 * @param parameters mean and sd, or q1, q3 and iqr: stored so the clip can be reproduced
 */
record ClipBounds(double lower, double upper, int scale, Map<String, Object> parameters) {

    /** Null when the column has fewer than two numbers. */
    static ClipBounds of(Column column, ClipMethod method, double factor) {
        int[] counts = column.counts();
        int distinct = 0;
        double[] values = new double[counts.length];
        long[] weights = new long[counts.length];
        long n = 0;
        int scale = 0;
        for (int code = 0; code < counts.length; code++) {
            String text = column.dictionary().get(code);
            double v = Column.parseNumber(text);
            if (counts[code] == 0 || Double.isNaN(v)) {
                continue;
            }
            values[distinct] = v;
            weights[distinct] = counts[code];
            distinct++;
            n += counts[code];
            try {
                scale = Math.max(scale, new BigDecimal(text.strip()).scale());
            } catch (NumberFormatException e) {
                // a form BigDecimal does not read ("1d"): it does not tell the decimals
            }
        }
        if (n < 2) {
            return null;
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (method == ClipMethod.STD) {
            double sum = 0;
            for (int i = 0; i < distinct; i++) {
                sum += values[i] * weights[i];
            }
            double mean = sum / n;
            double squares = 0;
            for (int i = 0; i < distinct; i++) {
                double d = values[i] - mean;
                squares += d * d * weights[i];
            }
            double sd = Math.sqrt(squares / (n - 1));
            parameters.put("mean", mean);
            parameters.put("sd", sd);
            return new ClipBounds(mean - factor * sd, mean + factor * sd, scale, parameters);
        }
        Integer[] order = new Integer[distinct];
        for (int i = 0; i < distinct; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] sorted = new double[distinct];
        long[] cumulative = new long[distinct];
        long running = 0;
        for (int i = 0; i < distinct; i++) {
            sorted[i] = values[order[i]];
            running += weights[order[i]];
            cumulative[i] = running;
        }
        double q1 = quantile(sorted, cumulative, n, 0.25);
        double q3 = quantile(sorted, cumulative, n, 0.75);
        double iqr = q3 - q1;
        parameters.put("q1", q1);
        parameters.put("q3", q3);
        parameters.put("iqr", iqr);
        return new ClipBounds(q1 - factor * iqr, q3 + factor * iqr, scale, parameters);
    }

    /** Type 7 quantile: x[h] + (h - floor h)(x[h+1] - x[h]) at h = (n - 1)p, 0-based order statistics. */
    private static double quantile(double[] sorted, long[] cumulative, long n, double p) {
        double h = (n - 1) * p;
        long lo = (long) Math.floor(h);
        double below = orderStatistic(sorted, cumulative, lo);
        double above = orderStatistic(sorted, cumulative, Math.min(n - 1, lo + 1));
        return below + (h - lo) * (above - below);
    }

    /** The j-th smallest value (from 0) of the weighted values. */
    private static double orderStatistic(double[] sorted, long[] cumulative, long j) {
        int i = Arrays.binarySearch(cumulative, j + 1);
        if (i < 0) {
            i = -i - 1;
        }
        return sorted[i];
    }
}
