package io.custos.federated.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.ml.noise.SeededRandomSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdaptiveClippingTest {

    /** z = 1, sigma_b = 1: z_Delta = (1 - 1/4)^(-1/2) = 2 / sqrt(3); and Theorem 1 gives z back. */
    @Test
    void adjustsTheUpdateNoiseMultiplierByHand() {
        AdaptiveClipping adaptive = new AdaptiveClipping(0.5, 0.2, 1.0, 1.0);
        double zDelta = adaptive.updateNoiseMultiplier(1.0);
        assertEquals(2 / Math.sqrt(3), zDelta, 1e-12);
        double total = 1 / Math.sqrt(1 / (zDelta * zDelta) + 1 / (2.0 * 2.0));
        assertEquals(1.0, total, 1e-12);
        // z = 0.5, sigma_b = 5: (4 - 0.01)^(-1/2)
        assertEquals(1 / Math.sqrt(3.99), new AdaptiveClipping(0.5, 0.2, 5, 1).updateNoiseMultiplier(0.5), 1e-12);
        assertEquals(0, adaptive.updateNoiseMultiplier(0), "no privacy, no noise");
    }

    @Test
    void refusesBitNoiseTooSmallForTheTotalNoise() {
        AdaptiveClipping adaptive = new AdaptiveClipping(0.5, 0.2, 0.5, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DpFedAvgConfig.adaptiveClipping(adaptive, 1.0, 100, 0.01, 1e-5));
        assertTrue(e.getMessage().contains("bitNoiseStd") && e.getMessage().contains("noiseMultiplier"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DpFedAvgConfig.adaptiveClipping(new AdaptiveClipping(0.5, 0.2, 0, 1.0), 0.3, 100, 0.01, 1e-5));
    }

    /** C = 1, eta = 0.2, b_bar = 0.8, gamma = 0.5: C' = exp(-0.06). */
    @Test
    void geometricUpdateByHand() {
        AdaptiveClipping adaptive = new AdaptiveClipping(0.5, 0.2, 1.0, 1.0);
        assertEquals(Math.exp(-0.06), adaptive.nextClipNorm(1.0, 0.8), 1e-15);
        assertEquals(2 * Math.exp(0.1), adaptive.nextClipNorm(2.0, 0.0), 1e-15);
    }

    /**
     * A round without noise (z = 0, sigma_b = 0): 3 of 4 updates fit under C = 1 and qN = 4, so
     * b_bar = (3 - 4/2) / 4 + 1/2 = 0.75 and C' = exp(-0.2 (0.75 - 0.5)).
     */
    @Test
    void roundCountsTheClippingBitsOverTheFixedDenominator() {
        AdaptiveClipping adaptive = new AdaptiveClipping(0.5, 0.2, 0, 1.0);
        DpFedAvgConfig config = DpFedAvgConfig.adaptiveClipping(adaptive, 0, 4, 0.5, 1e-5);
        DpFedAvgRound round = config.startRound(1);
        round.add(new double[] {0.2});
        round.add(new double[] {-0.9});
        round.add(new double[] {1.0});
        round.add(new double[] {-3.0});
        RoundResult result = round.finish(new SeededRandomSource(5));
        assertEquals(Math.exp(-0.2 * 0.25), result.nextClipNorm(), 1e-15);
        assertEquals(1.0, result.clipNormUsed());
        assertEquals((0.2 - 0.9 + 1.0 - 1.0) / 4, result.noisyAverageUpdate()[0], 1e-15);
    }

    @Test
    void convergesToTheMedianOfLognormalNorms() {
        // norms 2 exp(N(0, 0.5^2)): median 2
        assertEquals(2.0, settledClipNorm(0.5), 0.05 * 2.0);
    }

    @Test
    void convergesToTheNinetiethPercentileOfLognormalNorms() {
        double p90 = 2 * Math.exp(0.5 * 1.2815515655446004);
        assertEquals(p90, settledClipNorm(0.9), 0.05 * p90);
    }

    /**
     * 400 rounds of 100 clients each (qN = 100, sigma_b = qN/20 as the paper recommends, eta 0.2,
     * total z = 1), starting from C_0 = 0.1, twenty times below the median; returns the geometric
     * mean of C over the last 150 rounds.
     */
    private static double settledClipNorm(double targetQuantile) {
        int clientsPerRound = 100;
        AdaptiveClipping adaptive = new AdaptiveClipping(targetQuantile, 0.2, clientsPerRound / 20.0, 0.1);
        DpFedAvgConfig config = DpFedAvgConfig.adaptiveClipping(adaptive, 1.0, clientsPerRound, 0.01, 1e-5);
        SplittableRandom norms = new SplittableRandom(2021);
        SeededRandomSource noise = new SeededRandomSource(2022);
        double clip = config.clipNorm();
        double logSum = 0;
        int rounds = 400;
        int settled = 150;
        for (int r = 0; r < rounds; r++) {
            DpFedAvgRound round = config.startRound(1, clip);
            for (int k = 0; k < clientsPerRound; k++) {
                round.add(new double[] {2 * Math.exp(0.5 * gaussian(norms))});
            }
            clip = round.finish(noise).nextClipNorm();
            if (r >= rounds - settled) {
                logSum += Math.log(clip);
            }
        }
        return Math.exp(logSum / settled);
    }

    private static double gaussian(SplittableRandom random) {
        double u1;
        do {
            u1 = random.nextDouble();
        } while (u1 == 0);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void medianTrackingUsesThePapersSettings() {
        AdaptiveClipping a = AdaptiveClipping.medianTracking(0.1, 100);
        assertEquals(0.5, a.targetQuantile());
        assertEquals(0.2, a.learningRate());
        assertEquals(5.0, a.bitNoiseStd());
        assertEquals(0.1, a.initialClipNorm());
    }
}
