package io.custos.federated.aggregation;

import java.util.function.IntUnaryOperator;

/**
 * Coordinate-wise median and trimmed mean (Yin, Chen, Ramchandran, Bartlett, "Byzantine-Robust
 * Distributed Learning: Towards Optimal Statistical Rates", ICML 2018). Both are unweighted: each
 * accepted client counts once, whatever sample count it claims.
 *
 * <p>Memory: an exact median or trimmed mean of a coordinate needs all n values of that coordinate, so
 * these strategies cannot run in O(dimension) memory like FedAvg; they keep every accepted update
 * (O(clients x dimension), halved with {@link AggregationConfig.StoragePrecision#FLOAT}). The result is
 * computed in blocks of coordinates gathered column-major, each coordinate by quickselect (expected
 * O(n)), plus an O(n x block) scratch buffer. Rows are read in client-id order, so the result does not
 * depend on arrival order.
 */
final class CoordinateWiseAggregator extends AbstractAggregator {

    /** Scratch size target (values) for one block of gathered columns: 512 KiB. */
    private static final int BLOCK_VALUES = 1 << 16;

    private final UpdateStore store;
    private final IntUnaryOperator trimPerSide;
    private final boolean median;

    CoordinateWiseAggregator(AggregationStrategy strategy, AggregationConfig config,
                             IntUnaryOperator trimPerSide, boolean median) {
        super(strategy, config);
        this.store = new UpdateStore(config.dimension(), config.expectedClients(), config.storagePrecision());
        this.trimPerSide = trimPerSide;
        this.median = median;
    }

    @Override
    protected void accept(String clientId, double[] update, double scale, long weight) {
        store.add(clientId, update, scale);
    }

    @Override
    protected double[] compute() {
        int n = store.size();
        int t = median ? 0 : trimPerSide.applyAsInt(n);
        if (!median && n < 2 * t + 1) {
            throw new InsufficientClientsException(strategy.describe() + " drops " + t
                    + " values per side and needs at least " + (2 * t + 1) + " accepted updates, got " + n,
                    n, 2 * t + 1);
        }
        int[] order = store.canonicalOrder();
        int block = Math.max(1, Math.min(dimension, BLOCK_VALUES / n));
        double[] columns = new double[block * n];
        double[] out = new double[dimension];
        for (int start = 0; start < dimension; start += block) {
            int len = Math.min(block, dimension - start);
            store.gatherColumns(order, start, len, columns);
            for (int c = 0; c < len; c++) {
                int from = c * n;
                out[start + c] = median
                        ? Selection.median(columns, from, from + n)
                        : Selection.trimmedMean(columns, from, from + n, t);
            }
        }
        return out;
    }
}
