package io.custos.federated.aggregation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The per-client copies the robust strategies need: one row per accepted update, as {@code double[]}
 * (exact) or {@code float[]} (half the memory, see {@link AggregationConfig.StoragePrecision}).
 * Rows are appended as updates arrive (no re-layout when the client count grows); the algorithms read
 * them in cache-friendly blocks of coordinates, either column-major (per-coordinate statistics) or
 * row-major (pairwise distances). Not thread-safe; the owning aggregator locks.
 */
final class UpdateStore {

    private final int dimension;
    private final boolean useFloat;
    private final List<String> clientIds;
    private final List<double[]> doubleRows;
    private final List<float[]> floatRows;

    UpdateStore(int dimension, int expectedClients, AggregationConfig.StoragePrecision precision) {
        this.dimension = dimension;
        this.useFloat = precision == AggregationConfig.StoragePrecision.FLOAT;
        int capacity = Math.max(expectedClients, 10);
        this.clientIds = new ArrayList<>(capacity);
        this.doubleRows = useFloat ? null : new ArrayList<>(capacity);
        this.floatRows = useFloat ? new ArrayList<>(capacity) : null;
    }

    /** Appends a copy of {@code update * scale}. In float mode values saturate at +-Float.MAX_VALUE. */
    void add(String clientId, double[] update, double scale) {
        if (useFloat) {
            float[] row = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                double v = update[i] * scale;
                row[i] = (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, v));
            }
            floatRows.add(row);
        } else {
            double[] row = new double[dimension];
            if (scale == 1.0) {
                System.arraycopy(update, 0, row, 0, dimension);
            } else {
                for (int i = 0; i < dimension; i++) {
                    row[i] = update[i] * scale;
                }
            }
            doubleRows.add(row);
        }
        clientIds.add(clientId);
    }

    int size() {
        return clientIds.size();
    }

    String clientId(int row) {
        return clientIds.get(row);
    }

    /** Row indices sorted by client id: a canonical order, so results never depend on arrival order. */
    int[] canonicalOrder() {
        return java.util.stream.IntStream.range(0, size()).boxed()
                .sorted(Comparator.comparing(clientIds::get))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Copies coordinates {@code [start, start+len)} of rows {@code order} column-major: {@code dst[c*n + r]}. */
    void gatherColumns(int[] order, int start, int len, double[] dst) {
        int n = order.length;
        for (int r = 0; r < n; r++) {
            int row = order[r];
            if (useFloat) {
                float[] src = floatRows.get(row);
                for (int c = 0; c < len; c++) {
                    dst[c * n + r] = src[start + c];
                }
            } else {
                double[] src = doubleRows.get(row);
                for (int c = 0; c < len; c++) {
                    dst[c * n + r] = src[start + c];
                }
            }
        }
    }

    /** Copies coordinates {@code [start, start+len)} of rows {@code order} row-major: {@code dst[r*len + c]}. */
    void gatherRows(int[] order, int start, int len, double[] dst) {
        for (int r = 0; r < order.length; r++) {
            int row = order[r];
            if (useFloat) {
                float[] src = floatRows.get(row);
                for (int c = 0; c < len; c++) {
                    dst[r * len + c] = src[start + c];
                }
            } else {
                System.arraycopy(doubleRows.get(row), start, dst, r * len, len);
            }
        }
    }

    /** Adds row {@code row} into the compensated accumulator {@code (high, low)} (TwoSum per coordinate). */
    void accumulate(int row, double[] high, double[] low) {
        double[] values = useFloat ? row(row) : doubleRows.get(row);
        for (int i = 0; i < dimension; i++) {
            double x = values[i];
            double h = high[i];
            double s = h + x;
            double bv = s - h;
            low[i] += (h - (s - bv)) + (x - bv);
            high[i] = s;
        }
    }

    /** A copy of one row as doubles. */
    double[] row(int row) {
        double[] out = new double[dimension];
        if (useFloat) {
            float[] src = floatRows.get(row);
            for (int i = 0; i < dimension; i++) {
                out[i] = src[i];
            }
        } else {
            System.arraycopy(doubleRows.get(row), 0, out, 0, dimension);
        }
        return out;
    }
}
