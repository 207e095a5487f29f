package io.custos.federated.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.federated.dp.ClientLevelAccountant.RoundPrivacy;
import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.EpsilonResult;
import io.custos.ml.accountant.RdpAccountant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientLevelAccountantTest {

    /** Client-level DP-FedAvg is the DP-SGD mechanism one level up: same (q, z, steps, delta), same epsilon. */
    @Test
    void equalsTheDpSgdAccountantForTheSameParameters() {
        for (double[] c : new double[][] {{0.01, 1.1, 500, 1e-5}, {0.001, 0.8, 3000, 1e-6}, {0.2, 3.0, 40, 1e-4}}) {
            ClientLevelAccountant accountant = new ClientLevelAccountant(c[0], c[1], c[3], Conversion.IMPROVED);
            EpsilonResult ours = accountant.epsilonAfter((int) c[2]);
            EpsilonResult dpSgd = RdpAccountant.dpSgdEpsilon(c[0], c[1], (long) c[2], c[3], Conversion.IMPROVED);
            assertEquals(dpSgd, ours);
        }
    }

    @Test
    void recordRoundIsIncrementalAndMonotone() {
        DpFedAvgConfig config = DpFedAvgConfig.fixedClipping(1.0, 1.0, 100, 0.01, 1e-5);
        ClientLevelAccountant accountant = new ClientLevelAccountant(config);
        assertEquals(0.0, accountant.epsilon().epsilon());
        double previous = 0;
        for (int round = 1; round <= 300; round++) {
            double eps = accountant.recordRound().epsilon();
            assertTrue(eps >= previous, "round " + round + ": " + eps + " < " + previous);
            previous = eps;
            if (round % 100 == 0) {
                assertEquals(RdpAccountant.dpSgdEpsilon(0.01, 1.0, round, 1e-5, Conversion.IMPROVED), accountant.epsilon());
                assertEquals(accountant.epsilonAfter(round), accountant.epsilon());
            }
        }
        assertEquals(300, accountant.roundsRecorded());
        assertTrue(accountant.epsilonAfter(600).epsilon() > accountant.epsilonAfter(300).epsilon());
    }

    /** The curve it exposes is the one its epsilon comes from, and the DP-SGD curve for the same (q, z, rounds). */
    @Test
    void exposesTheComposedCurveBehindItsEpsilon() {
        ClientLevelAccountant accountant = new ClientLevelAccountant(0.1, 1.2, 1e-5, Conversion.IMPROVED);
        for (int i = 0; i < 25; i++) {
            accountant.recordRound();
        }
        double[] expected = RdpAccountant.poissonSubsampledGaussian(0.1, 1.2, 25, RdpAccountant.DEFAULT_ORDERS);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, accountant.rdp(), 1e-12);
        assertEquals(RdpAccountant.epsilon(accountant.orders(), accountant.rdp(), 1e-5, Conversion.IMPROVED),
                accountant.epsilon());
        double classic = accountant.epsilon(Conversion.CLASSIC).epsilon();
        assertTrue(classic > accountant.epsilon().epsilon(), "the improved conversion is never worse: " + classic);
    }

    /**
     * tensorflow/privacy compute_dp_sgd_privacy_test.py Test0 read at the client level: 60,000
     * clients, 150 expected per round (q = 0.0025), z = 1.3, 6,000 rounds (15 "epochs"), delta 1e-5
     * gives epsilon 0.7242234026109595 at order 19 (TF Privacy's orders; ours include 19).
     */
    @Test
    void matchesThePublishedTfPrivacyValue() {
        DpFedAvgConfig config = DpFedAvgConfig.forPopulation(60_000, 1.0, 1.3, 150.0 / 60_000, 1e-5);
        EpsilonResult result = new ClientLevelAccountant(config).epsilonAfter(6000);
        assertEquals(0.7242234026109595, result.epsilon(), 1e-7);
        assertEquals(19.0, result.optimalOrder());
    }

    /** Rounds with different z compose by adding their RDP order by order. */
    @Test
    void roundsWithDifferentNoiseCompose() {
        ClientLevelAccountant accountant = new ClientLevelAccountant(0.02, 1.0, 1e-5, Conversion.IMPROVED);
        for (int i = 0; i < 50; i++) {
            accountant.recordRound();
            accountant.recordRound(0.02, 2.0);
        }
        double[] orders = RdpAccountant.DEFAULT_ORDERS;
        double[] a = RdpAccountant.poissonSubsampledGaussian(0.02, 1.0, 50, orders);
        double[] b = RdpAccountant.poissonSubsampledGaussian(0.02, 2.0, 50, orders);
        double[] sum = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            sum[i] = a[i] + b[i];
        }
        double expected = RdpAccountant.epsilon(orders, sum, 1e-5, Conversion.IMPROVED).epsilon();
        double mixed = accountant.epsilon().epsilon();
        assertEquals(expected, mixed, 1e-12);
        double allLowNoise = RdpAccountant.dpSgdEpsilon(0.02, 1.0, 100, 1e-5, Conversion.IMPROVED).epsilon();
        double allHighNoise = RdpAccountant.dpSgdEpsilon(0.02, 2.0, 100, 1e-5, Conversion.IMPROVED).epsilon();
        assertTrue(allHighNoise < mixed && mixed < allLowNoise);
        assertEquals(100, accountant.record().size());
        assertEquals(new RoundPrivacy(0.02, 2.0), accountant.record().get(1));
    }

    @Test
    void resumesFromARecord() {
        DpFedAvgConfig config = DpFedAvgConfig.fixedClipping(1.0, 1.2, 50, 0.05, 1e-5);
        ClientLevelAccountant original = new ClientLevelAccountant(config);
        for (int i = 0; i < 20; i++) {
            original.recordRound();
        }
        original.recordRound(0.1, 1.5);
        ClientLevelAccountant resumed = ClientLevelAccountant.resume(config, original.record());
        assertEquals(original.epsilon(), resumed.epsilon());
        assertEquals(original.recordRound(), resumed.recordRound());
    }

    @Test
    void edgeCasesAndBadInput() {
        ClientLevelAccountant noNoise = new ClientLevelAccountant(0.1, 0, 1e-5, Conversion.IMPROVED);
        assertEquals(0.0, noNoise.epsilonAfter(0).epsilon());
        assertEquals(Double.POSITIVE_INFINITY, noNoise.recordRound().epsilon());
        ClientLevelAccountant accountant = new ClientLevelAccountant(0.1, 1, 1e-5, Conversion.IMPROVED);
        assertThrows(IllegalArgumentException.class, () -> accountant.epsilonAfter(-1));
        assertThrows(IllegalArgumentException.class, () -> accountant.recordRound(0, 1));
        assertThrows(IllegalArgumentException.class, () -> accountant.recordRound(0.1, -1));
        assertThrows(IllegalArgumentException.class, () -> new ClientLevelAccountant(0.1, 1, 0, Conversion.IMPROVED));
        assertThrows(UnsupportedOperationException.class, () -> accountant.record().add(new RoundPrivacy(0.1, 1)));
        assertEquals(List.of(), accountant.record());
    }
}
