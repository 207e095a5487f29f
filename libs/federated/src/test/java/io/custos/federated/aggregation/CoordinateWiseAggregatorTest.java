package io.custos.federated.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CoordinateWiseAggregatorTest {

    private static double[] aggregate(AggregationStrategy strategy, double[][] updates) {
        Aggregator agg = strategy.create(updates[0].length, updates.length, 1000);
        for (int i = 0; i < updates.length; i++) {
            agg.add("c" + i, updates[i], 1 + i * 100L); // weights differ but must not matter
        }
        return agg.result();
    }

    @Test
    void medianOddCount() {
        double[][] u = {{1, -5}, {9, 0}, {3, 100}, {7, 2}, {5, -1}};
        assertArrayEquals(new double[] {5, 0}, aggregate(AggregationStrategy.median(), u), 0);
    }

    @Test
    void medianEvenCountAveragesTheTwoMiddleValues() {
        double[][] u = {{1, 10}, {100, 0}, {3, -4}, {4, 6}};
        // coordinate 0: 1,3,4,100 -> (3+4)/2; coordinate 1: -4,0,6,10 -> (0+6)/2
        assertArrayEquals(new double[] {3.5, 3}, aggregate(AggregationStrategy.median(), u), 0);
    }

    @Test
    void medianIgnoresAFewHugeOutliersAndSampleCounts() {
        double[][] u = {{1}, {2}, {3}, {1e300}, {-1e300}};
        assertArrayEquals(new double[] {2}, aggregate(AggregationStrategy.median(), u), 0);
    }

    @Test
    void trimmedMeanByHand() {
        double[][] u = {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {1000, 0}, {-50, 0}, {6, 3}, {8, 3}, {7, 3}, {5, 3}};
        // n = 10, fraction 0.2 -> drop 2 per side. coordinate 0 sorted: -50,1,2,3,4,5,6,7,8,1000 -> mean(2..7) = 4.5
        // coordinate 1: 0,0,0,0,0,0,3,3,3,3 -> keep 0,0,0,0,3,3 -> 1
        assertArrayEquals(new double[] {4.5, 1}, aggregate(AggregationStrategy.trimmedMean(0.2), u), 1e-15);
        assertArrayEquals(new double[] {4.5, 1}, aggregate(AggregationStrategy.trimmedMeanDropping(2), u), 1e-15);
        // k = 0 is the plain unweighted mean
        assertArrayEquals(new double[] {98.6, 1.2}, aggregate(AggregationStrategy.trimmedMean(0.0), u), 1e-12);
    }

    @Test
    void trimmedMeanNeedsEnoughClients() {
        Aggregator agg = AggregationStrategy.trimmedMeanDropping(2).create(1, 0, 10);
        for (int i = 0; i < 4; i++) {
            agg.add("c" + i, new double[] {i}, 1);
        }
        InsufficientClientsException e = assertThrows(InsufficientClientsException.class, agg::result);
        assertEquals(5, e.required());
        agg.add("c4", new double[] {4}, 1); // the round is still open after the refusal
        assertArrayEquals(new double[] {2}, agg.result(), 0);
        assertThrows(IllegalArgumentException.class, () -> AggregationStrategy.trimmedMeanDropping(2).create(1, 4, 10));
        assertThrows(IllegalArgumentException.class, () -> AggregationStrategy.trimmedMean(0.5));
    }

    @Test
    void matchesSortingReferenceAcrossBlocksAndIsOrderIndependent() {
        int clients = 41;
        int dim = 3000; // several gather blocks
        Random rnd = new Random(3);
        double[][] u = new double[clients][dim];
        for (double[] row : u) {
            for (int j = 0; j < dim; j++) {
                row[j] = rnd.nextInt(5) == 0 ? rnd.nextInt(3) : rnd.nextGaussian(); // ties included
            }
        }
        double[] median = aggregate(AggregationStrategy.median(), u);
        double[] trimmed = aggregate(AggregationStrategy.trimmedMeanDropping(5), u);
        double[] column = new double[clients];
        for (int j = 0; j < dim; j++) {
            for (int i = 0; i < clients; i++) {
                column[i] = u[i][j];
            }
            Arrays.sort(column);
            assertEquals(column[clients / 2], median[j], 0, "median at " + j);
            double sum = 0;
            for (int i = 5; i < clients - 5; i++) {
                sum += column[i];
            }
            assertEquals(sum / (clients - 10), trimmed[j], 1e-14, "trimmed mean at " + j);
        }

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            order.add(i);
        }
        for (int trial = 0; trial < 3; trial++) {
            Collections.shuffle(order, rnd);
            Aggregator med = AggregationStrategy.median().create(dim, clients, 10);
            Aggregator trim = AggregationStrategy.trimmedMeanDropping(5).create(dim, clients, 10);
            for (int i : order) {
                med.add("c" + i, u[i], 1);
                trim.add("c" + i, u[i], 1);
            }
            assertArrayEquals(median, med.result(), 0);
            assertArrayEquals(trimmed, trim.result(), 0);
        }
    }

    @Test
    void floatStorageIsCloseAndClippingApplies() {
        AggregationConfig config = AggregationConfig.of(2, 10)
                .withStoragePrecision(AggregationConfig.StoragePrecision.FLOAT)
                .withClipBound(1.0);
        Aggregator agg = AggregationStrategy.median().create(config);
        agg.add("a", new double[] {0.1, 0.2}, 1);
        agg.add("b", new double[] {0.3, 0.1}, 1);
        agg.add("c", new double[] {300, 400}, 1); // clipped to (0.6, 0.8)
        assertArrayEquals(new double[] {0.3, 0.2}, agg.result(), 1e-7);
        assertEquals(List.of("c"), agg.summary().clippedClients());
    }
}
