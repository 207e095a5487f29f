package io.custos.federated.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Krum and Multi-Krum (Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine Learning with Adversaries:
 * Byzantine Tolerant Gradient Descent", NeurIPS 2017).
 *
 * <p>With n updates of which at most f are Byzantine, update i is scored by the sum of squared L2
 * distances to its {@code n - f - 2} nearest other updates; an update far from the honest cluster gets
 * a large score. Krum returns the best-scored update; Multi-Krum returns the unweighted mean of the m
 * best (scores computed once, as in the paper). The guarantee needs {@code n >= 2f + 3}; Multi-Krum
 * also needs {@code m <= n - f}. Unweighted on purpose: claimed sample counts are untrusted.
 *
 * <p>Cost: all pairwise distances once, O(n^2 x dimension) time in cache-sized coordinate blocks, plus
 * an n x n matrix; memory O(n x dimension) for the stored updates. Ties in score are broken by client id,
 * and rows are processed in client-id order, so the result does not depend on arrival order.
 */
final class KrumAggregator extends AbstractAggregator {

    /** Scratch size target (values) for one block of gathered rows: 256 KiB. */
    private static final int BLOCK_VALUES = 1 << 15;

    private final UpdateStore store;
    private final int f;
    private final int m;
    private List<String> selected = List.of();
    private List<String> excluded = List.of();
    private Map<String, Double> scores = Map.of();

    KrumAggregator(AggregationStrategy strategy, AggregationConfig config, int f, int m) {
        super(strategy, config);
        this.store = new UpdateStore(config.dimension(), config.expectedClients(), config.storagePrecision());
        this.f = f;
        this.m = m;
    }

    /** Minimum number of updates Krum/Multi-Krum needs: {@code max(2f + 3, m + f)}. */
    static int requiredClients(int f, int m) {
        return Math.max(2 * f + 3, m + f);
    }

    /** Refuses up front a configuration whose expected client count can never satisfy the requirement. */
    static void checkExpected(String description, AggregationConfig config, int f, int m) {
        int expected = config.expectedClients();
        int required = requiredClients(f, m);
        if (expected > 0 && expected < required) {
            throw new IllegalArgumentException(description + " needs n >= 2f + 3" + (m > 1 ? " and n >= m + f" : "")
                    + ", i.e. at least " + required + " clients, but only " + expected + " are expected");
        }
    }

    @Override
    protected void accept(String clientId, double[] update, double scale, long weight) {
        store.add(clientId, update, scale);
    }

    @Override
    protected double[] compute() {
        int n = store.size();
        int required = requiredClients(f, m);
        if (n < required) {
            throw new InsufficientClientsException(strategy.describe() + " needs n >= 2f + 3"
                    + (m > 1 ? " and n >= m + f" : "") + ", i.e. at least " + required
                    + " accepted updates, got " + n, n, required);
        }
        int[] order = store.canonicalOrder();
        double[][] distances = pairwiseSquaredDistances(order);

        int neighbours = n - f - 2;
        double[] score = new double[n];
        double[] others = new double[n - 1];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    others[k++] = distances[i][j];
                }
            }
            Arrays.sort(others);
            double sum = 0.0;
            for (int j = 0; j < neighbours; j++) {
                sum += others[j];
            }
            score[i] = sum;
        }

        // Positions in canonical (client-id) order; a stable sort by score keeps client-id order on ties.
        Integer[] ranking = new Integer[n];
        for (int i = 0; i < n; i++) {
            ranking[i] = i;
        }
        Arrays.sort(ranking, Comparator.comparingDouble(i -> score[i]));

        List<String> chosen = new ArrayList<>(m);
        List<String> left = new ArrayList<>(n - m);
        Map<String, Double> byClient = new LinkedHashMap<>();
        for (int r = 0; r < n; r++) {
            String id = store.clientId(order[ranking[r]]);
            (r < m ? chosen : left).add(id);
            byClient.put(id, score[ranking[r]]);
        }
        selected = chosen;
        excluded = left;
        scores = byClient;

        if (m == 1) {
            return store.row(order[ranking[0]]);
        }
        // Sum the chosen rows in client-id order, compensated, then divide.
        int[] chosenRows = new int[m];
        for (int r = 0; r < m; r++) {
            chosenRows[r] = ranking[r];
        }
        Arrays.sort(chosenRows);
        double[] high = new double[dimension];
        double[] low = new double[dimension];
        for (int position : chosenRows) {
            store.accumulate(order[position], high, low);
        }
        for (int i = 0; i < dimension; i++) {
            double v = (high[i] + low[i]) / m;
            if (!Double.isFinite(v)) {
                throw new ArithmeticException("sum of the selected updates overflowed at coordinate " + i
                        + "; updates are too large for double precision (enable norm clipping)");
            }
            high[i] = v;
        }
        return high;
    }

    /** Squared L2 distances between all pairs (symmetric, zero diagonal), indexed by canonical position. */
    private double[][] pairwiseSquaredDistances(int[] order) {
        int n = order.length;
        double[][] d = new double[n][n];
        int block = Math.max(1, Math.min(dimension, BLOCK_VALUES / n));
        double[] rows = new double[block * n];
        for (int start = 0; start < dimension; start += block) {
            int len = Math.min(block, dimension - start);
            store.gatherRows(order, start, len, rows);
            for (int i = 0; i < n; i++) {
                int a = i * len;
                for (int j = i + 1; j < n; j++) {
                    int b = j * len;
                    double sum = 0.0;
                    for (int c = 0; c < len; c++) {
                        double diff = rows[a + c] - rows[b + c];
                        sum += diff * diff;
                    }
                    d[i][j] += sum;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[j][i] = d[i][j];
            }
        }
        return d;
    }

    @Override
    protected List<String> contributingClients() {
        return selected;
    }

    @Override
    protected List<String> excludedClients() {
        return excluded;
    }

    @Override
    protected Map<String, Double> scores() {
        return scores;
    }
}
