package io.custos.federated.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KrumAggregatorTest {

    private static final int DIM = 20;

    /** 7 honest updates near (1, 1, ...), 2 Byzantine updates far away. */
    private static List<double[]> round(Random rnd, List<String> ids) {
        List<double[]> updates = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            double[] u = new double[DIM];
            for (int j = 0; j < DIM; j++) {
                u[j] = 1 + 0.01 * rnd.nextGaussian();
            }
            updates.add(u);
            ids.add("honest-" + i);
        }
        double[] evil1 = new double[DIM];
        double[] evil2 = new double[DIM];
        java.util.Arrays.fill(evil1, -100);
        java.util.Arrays.fill(evil2, 50);
        updates.add(evil1);
        ids.add("byz-1");
        updates.add(evil2);
        ids.add("byz-2");
        return updates;
    }

    @Test
    void krumPicksAnHonestUpdate() {
        List<String> ids = new ArrayList<>();
        List<double[]> updates = round(new Random(1), ids);
        Aggregator agg = AggregationStrategy.krum(2).create(DIM, 9, 100);
        for (int i = 0; i < updates.size(); i++) {
            agg.add(ids.get(i), updates.get(i), 1_000_000); // Byzantine count claims do not matter
        }
        double[] result = agg.result();
        AggregationSummary s = agg.summary();
        assertEquals(1, s.contributingClients().size());
        String chosen = s.contributingClients().get(0);
        assertTrue(chosen.startsWith("honest-"), chosen);
        assertArrayEquals(updates.get(ids.indexOf(chosen)), result, 0);
        assertEquals(8, s.excludedClients().size());
        assertEquals(List.of("byz-1", "byz-2"), s.excludedClients().subList(6, 8).stream().sorted().toList());
        assertEquals(9, s.krumScores().size());
        assertTrue(s.krumScores().get("byz-1") > s.krumScores().get(chosen));
        assertEquals("KRUM(f=2)", s.strategy());
    }

    @Test
    void multiKrumAveragesTheBestAndExcludesTheByzantine() {
        Random rnd = new Random(2);
        List<String> ids = new ArrayList<>();
        List<double[]> updates = round(rnd, ids);
        Aggregator agg = AggregationStrategy.multiKrum(2, 7).create(DIM, 9, 100);
        for (int i = 0; i < updates.size(); i++) {
            agg.add(ids.get(i), updates.get(i), 1 + i);
        }
        double[] result = agg.result();
        AggregationSummary s = agg.summary();
        assertEquals(Set.of("byz-1", "byz-2"), Set.copyOf(s.excludedClients()));
        assertEquals(7, s.contributingClients().size());
        double[] honestMean = new double[DIM];
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < DIM; j++) {
                honestMean[j] += updates.get(i)[j] / 7; // unweighted
            }
        }
        assertArrayEquals(honestMean, result, 1e-12);
    }

    @Test
    void scoresByHand() {
        // n = 5, f = 1: each score sums the n - f - 2 = 2 smallest squared distances.
        double[][] u = {{0}, {1}, {3}, {4}, {10}};
        Aggregator agg = AggregationStrategy.krum(1).create(1, 5, 10);
        for (int i = 0; i < u.length; i++) {
            agg.add("c" + i, u[i], 1);
        }
        assertArrayEquals(new double[] {1}, agg.result(), 0);
        AggregationSummary s = agg.summary();
        // c0: 1 + 9 = 10; c1: 1 + 4 = 5; c2: 1 + 4 = 5; c3: 1 + 9 = 10; c4: 36 + 49 = 85
        assertEquals(10.0, s.krumScores().get("c0"));
        assertEquals(5.0, s.krumScores().get("c1"));
        assertEquals(5.0, s.krumScores().get("c2"));
        assertEquals(85.0, s.krumScores().get("c4"));
        assertEquals(List.of("c1"), s.contributingClients(), "tie broken by client id");
    }

    @Test
    void refusesTooFewClients() {
        IllegalArgumentException upFront = assertThrows(IllegalArgumentException.class,
                () -> AggregationStrategy.krum(2).create(DIM, 6, 100));
        assertTrue(upFront.getMessage().contains("n >= 2f + 3"), upFront.getMessage());

        Aggregator agg = AggregationStrategy.krum(2).create(DIM, 0, 100);
        for (int i = 0; i < 6; i++) {
            agg.add("c" + i, new double[DIM], 1);
        }
        InsufficientClientsException e = assertThrows(InsufficientClientsException.class, agg::result);
        assertEquals(7, e.required());
        assertEquals(6, e.accepted());
        assertTrue(e.getMessage().contains("at least 7"), e.getMessage());
        assertFalse(agg.summary().finished());

        Aggregator multi = AggregationStrategy.multiKrum(1, 6).create(1, 0, 100);
        for (int i = 0; i < 6; i++) {
            multi.add("c" + i, new double[] {i}, 1);
        }
        assertEquals(7, assertThrows(InsufficientClientsException.class, multi::result).required());
        assertThrows(IllegalArgumentException.class, () -> AggregationStrategy.multiKrum(1, 0));
        assertThrows(IllegalArgumentException.class, () -> AggregationStrategy.krum(-1));
    }

    @Test
    void orderIndependentAndFloatStorageAgrees() {
        Random rnd = new Random(5);
        List<String> ids = new ArrayList<>();
        List<double[]> updates = round(rnd, ids);
        double[] reference = null;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            order.add(i);
        }
        for (int trial = 0; trial < 4; trial++) {
            Collections.shuffle(order, rnd);
            Aggregator agg = AggregationStrategy.multiKrum(2, 4).create(DIM, 9, 100);
            for (int i : order) {
                agg.add(ids.get(i), updates.get(i), 1);
            }
            double[] r = agg.result();
            if (reference == null) {
                reference = r;
            } else {
                assertArrayEquals(reference, r, 0);
            }
        }
        Aggregator floats = AggregationStrategy.multiKrum(2, 4).create(AggregationConfig.of(DIM, 100)
                .withStoragePrecision(AggregationConfig.StoragePrecision.FLOAT));
        for (int i = 0; i < updates.size(); i++) {
            floats.add(ids.get(i), updates.get(i), 1);
        }
        assertArrayEquals(reference, floats.result(), 1e-6);
    }
}
