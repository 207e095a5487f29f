package io.custos.federated.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FedAvgAggregatorTest {

    @Test
    void weightedMeanByHandWithCapApplied() {
        Aggregator agg = AggregationStrategy.fedAvg().create(2, 3, 100);
        agg.add("a", new double[] {1, 10}, 10);
        agg.add("b", new double[] {4, 20}, 30);
        agg.add("c", new double[] {-2, 0}, 1_000_000); // claims far too much: weight capped to 100
        // weights 10, 30, 100 -> total 140
        double[] expected = {(10 * 1 + 30 * 4 + 100 * -2) / 140.0, (10 * 10 + 30 * 20) / 140.0};
        assertArrayEquals(expected, agg.result(), 1e-15);

        AggregationSummary s = agg.summary();
        assertEquals(3, s.clientsAccepted());
        assertEquals(140.0, s.totalWeight());
        assertEquals(List.of("c"), s.cappedClients());
        assertEquals(List.of("a", "b", "c"), s.contributingClients());
        assertTrue(s.finished());
        assertEquals("FEDAVG", s.strategy());
    }

    /** The FMA and the splitting forms of the exact product give bit-identical sums, and both are exact. */
    @Test
    void fusedMultiplyAddAndDekkerSplittingAgreeBitForBit() {
        Random random = new Random(11);
        int dimension = 2_000;
        AggregationConfig config = AggregationConfig.of(dimension, 1L << 40);
        FedAvgAggregator fma = new FedAvgAggregator(AggregationStrategy.fedAvg(), config, true);
        FedAvgAggregator split = new FedAvgAggregator(AggregationStrategy.fedAvg(), config, false);
        for (int c = 0; c < 300; c++) {
            double[] u = new double[dimension];
            for (int i = 0; i < dimension; i++) {
                u[i] = random.nextGaussian() * Math.pow(10, random.nextInt(17) - 8);
            }
            long weight = 1 + (long) (random.nextDouble() * (1L << 33));
            fma.add("c" + c, u, weight);
            split.add("c" + c, u, weight);
        }
        assertArrayEquals(split.result(), fma.result(), 0.0);
    }

    @Test
    void refusedUpdatesLeaveTheAggregateUntouchedAndAreReported() {
        Aggregator agg = AggregationStrategy.fedAvg().create(2, 0, 100);
        agg.add("a", new double[] {2, 2}, 1);
        RejectedUpdateException nan = assertThrows(RejectedUpdateException.class,
                () -> agg.add("b", new double[] {Double.NaN, 1e9}, 5));
        assertEquals(RejectionReason.NON_FINITE_VALUE, nan.reason());
        assertEquals(RejectionReason.WRONG_DIMENSION,
                assertThrows(RejectedUpdateException.class, () -> agg.add("c", new double[] {1, 2, 3}, 5)).reason());
        assertEquals(RejectionReason.DUPLICATE_CLIENT,
                assertThrows(RejectedUpdateException.class, () -> agg.add("a", new double[] {9, 9}, 5)).reason());
        assertEquals(RejectionReason.INVALID_SAMPLE_COUNT,
                assertThrows(RejectedUpdateException.class, () -> agg.add("d", new double[] {9, 9}, 0)).reason());
        assertArrayEquals(new double[] {2, 2}, agg.result(), 0);
        AggregationSummary s = agg.summary();
        assertEquals(1, s.clientsAccepted());
        assertEquals(4, s.rejections().size());
        assertEquals(RejectionReason.NON_FINITE_VALUE, s.rejections().get(0).reason());
        assertEquals("b", s.rejections().get(0).clientId());
    }

    @Test
    void clippingIsAppliedBeforeWeightingAndReported() {
        Aggregator agg = AggregationStrategy.fedAvg()
                .create(AggregationConfig.of(2, 1000).withClipBound(1.0));
        agg.add("small", new double[] {0.6, 0}, 1);
        agg.add("huge", new double[] {300, 400}, 1); // norm 500 -> (0.6, 0.8)
        assertArrayEquals(new double[] {0.6, 0.4}, agg.result(), 1e-15);
        AggregationSummary s = agg.summary();
        assertEquals(List.of("huge"), s.clippedClients());
        assertEquals(1, s.clippedCount());
        assertEquals(500.0, s.normsBeforeClipping().get("huge"), 1e-12);
        assertEquals(0.6, s.normsBeforeClipping().get("small"), 1e-15);
    }

    @Test
    void lifecycle() {
        Aggregator agg = AggregationStrategy.fedAvg().create(1, 0, 10);
        assertThrows(InsufficientClientsException.class, agg::result);
        agg.add("a", new double[] {1}, 1);
        double[] first = agg.result();
        first[0] = 42; // a copy
        assertArrayEquals(new double[] {1}, agg.result(), 0);
        assertThrows(IllegalStateException.class, () -> agg.add("b", new double[] {1}, 1));
    }

    /**
     * 1,000 clients whose large contributions (~1e8 x weights up to 500) cancel, leaving a small mean made of
     * small values: a plain running sum loses most of it; the compensated one matches an exact BigDecimal
     * reference to within one rounding.
     */
    @Test
    void precisionOverThousandClientsMatchesBigDecimal() {
        int clients = 1000;
        int dim = 4;
        long cap = 500;
        Random rnd = new Random(7);
        double[][] updates = new double[clients][dim];
        long[] claimed = new long[clients];
        for (int i = 0; i < clients; i += 2) {
            claimed[i] = 1 + rnd.nextInt(800);
            claimed[i + 1] = claimed[i];
            for (int j = 0; j < dim; j++) {
                double big = (1 + rnd.nextDouble()) * 1e8;
                updates[i][j] = big + rnd.nextDouble() * 1e-3;
                updates[i + 1][j] = -big + rnd.nextDouble() * 1e-3;
            }
        }
        // shuffle so the cancelling pairs are far apart
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            order.add(i);
        }
        Collections.shuffle(order, rnd);

        Aggregator agg = AggregationStrategy.fedAvg().create(dim, clients, cap);
        double[] naiveSum = new double[dim];
        double naiveWeight = 0;
        for (int i : order) {
            agg.add("c" + i, updates[i], claimed[i]);
            long w = Math.min(claimed[i], cap);
            naiveWeight += w;
            for (int j = 0; j < dim; j++) {
                naiveSum[j] += w * updates[i][j];
            }
        }
        double[] result = agg.result();

        for (int j = 0; j < dim; j++) {
            BigDecimal sum = BigDecimal.ZERO;
            long total = 0;
            for (int i = 0; i < clients; i++) {
                long w = Math.min(claimed[i], cap);
                total += w;
                sum = sum.add(new BigDecimal(updates[i][j]).multiply(BigDecimal.valueOf(w)));
            }
            double exact = sum.divide(BigDecimal.valueOf(total), MathContext.DECIMAL128).doubleValue();
            assertEquals(exact, result[j], Math.ulp(exact), "coordinate " + j);
            double naiveError = Math.abs(naiveSum[j] / naiveWeight - exact);
            assertTrue(naiveError > 1e6 * Math.ulp(exact),
                    "test must be hard for a plain sum; naive error " + naiveError + " vs exact " + exact);
        }
    }

    @Test
    void resultDoesNotDependOnArrivalOrder() {
        int clients = 60;
        int dim = 50;
        Random rnd = new Random(11);
        double[][] updates = new double[clients][dim];
        long[] samples = new long[clients];
        for (int i = 0; i < clients; i++) {
            samples[i] = 1 + rnd.nextInt(1000);
            for (int j = 0; j < dim; j++) {
                updates[i][j] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12) - 6);
            }
        }
        double[] reference = null;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            order.add(i);
        }
        for (int trial = 0; trial < 5; trial++) {
            Collections.shuffle(order, rnd);
            Aggregator agg = AggregationStrategy.fedAvg().create(dim, clients, 500);
            for (int i : order) {
                agg.add("c" + i, updates[i], samples[i]);
            }
            double[] r = agg.result();
            if (reference == null) {
                reference = r;
            } else {
                assertArrayEquals(reference, r, 0, "shuffle " + trial);
            }
        }
    }

    @Test
    void overflowIsReportedNotReturned() {
        Aggregator agg = AggregationStrategy.fedAvg().create(1, 0, 1000);
        agg.add("a", new double[] {1e306}, 1000);
        agg.add("b", new double[] {1e306}, 1000);
        assertThrows(ArithmeticException.class, agg::result);
    }
}
