package io.custos.federated.dp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.ml.noise.SeededRandomSource;
import org.junit.jupiter.api.Test;

class DpFedAvgRoundTest {

    private static DpFedAvgConfig fixed(double clip, double z, double expectedClients) {
        return DpFedAvgConfig.fixedClipping(clip, z, expectedClients, 0.01, 1e-5);
    }

    @Test
    void clipsToTheClipNormByHand() {
        DpFedAvgRound round = fixed(1.0, 0, 4).startRound(2);
        double[] big = {3, 4};
        ClipResult r = round.add(big);
        assertEquals(5.0, r.norm(), 1e-12);
        assertEquals(1.0, r.clippedNorm(), 1e-12);
        assertTrue(r.clipped());
        assertFalse(r.withinClipNorm());
        assertArrayEquals(new double[] {3, 4}, big, "the caller's update is not modified");

        ClipResult small = round.add(new double[] {0.3, 0.4});
        assertEquals(0.5, small.norm(), 1e-12);
        assertEquals(0.5, small.clippedNorm(), 1e-12);
        assertFalse(small.clipped());

        ClipResult onTheBound = round.add(new double[] {0.6, 0.8});
        assertFalse(onTheBound.clipped(), "norm == C is within the clip norm");
        ClipResult zero = round.add(new double[] {0, 0});
        assertEquals(0, zero.norm());
        assertEquals(4, round.clients());
    }

    /** (clip([3,4]) + [0.1,0.2]) / qN with qN = 4 and no noise: ([0.6,0.8] + [0.1,0.2]) / 4. */
    @Test
    void averagesWithTheFixedDenominatorNotTheClientCount() {
        DpFedAvgRound round = fixed(1.0, 0, 4).startRound(2);
        round.add(new double[] {3, 4});
        round.add(new double[] {0.1, 0.2});
        RoundResult result = round.finish(new SeededRandomSource(1));
        assertArrayEquals(new double[] {0.175, 0.25}, result.noisyAverageUpdate(), 1e-12);
        assertEquals(2, result.clients());
        assertEquals(1.0, result.clipNormUsed());
        assertEquals(1.0, result.nextClipNorm(), "fixed clipping keeps S");
        assertEquals(0.0, result.noiseStd());
    }

    /**
     * z = 1.5, S = 2, qN = 10: std 0.3 per coordinate. Over d = 200,000 coordinates of an empty
     * round, sum(x^2)/sigma^2 is chi-square with d degrees of freedom (mean d, sd sqrt(2d)) and the
     * mean is N(0, sigma^2/d); both are checked within 5 standard deviations.
     */
    @Test
    void noiseHasStdZSOverQnPerCoordinate() {
        int d = 200_000;
        RoundResult result = fixed(2.0, 1.5, 10).startRound(d).finish(new SeededRandomSource(42));
        double sigma = 1.5 * 2.0 / 10;
        assertEquals(sigma, result.noiseStd(), 1e-15);
        double sum = 0;
        double squares = 0;
        for (double x : result.noisyAverageUpdate()) {
            sum += x;
            squares += x * x;
        }
        double chiSquare = squares / (sigma * sigma);
        assertTrue(Math.abs(chiSquare - d) < 5 * Math.sqrt(2.0 * d), "chi-square " + chiSquare + " for d=" + d);
        assertTrue(Math.abs(sum / d) < 5 * sigma / Math.sqrt(d), "mean " + sum / d);
        assertEquals(sigma, Math.sqrt(squares / d), 0.01 * sigma);
    }

    /** With adaptive clipping the update noise uses z_Delta: z = 1, sigma_b = 1 gives z_Delta = 2/sqrt(3). */
    @Test
    void adaptiveRoundNoisesTheUpdateWithTheAdjustedMultiplier() {
        AdaptiveClipping adaptive = new AdaptiveClipping(0.5, 0.2, 1.0, 0.5);
        DpFedAvgConfig config = DpFedAvgConfig.adaptiveClipping(adaptive, 1.0, 20, 0.1, 1e-5);
        RoundResult result = config.startRound(3).finish(new SeededRandomSource(3));
        assertEquals(2 / Math.sqrt(3) * 0.5 / 20, result.noiseStd(), 1e-15);
    }

    @Test
    void noiseIsAddedToAnEmptyRoundAndARoundFinishesOnce() {
        DpFedAvgRound round = fixed(1.0, 1.0, 5).startRound(4);
        RoundResult result = round.finish(new SeededRandomSource(9));
        assertEquals(0, result.clients());
        assertTrue(java.util.Arrays.stream(result.noisyAverageUpdate()).allMatch(x -> x != 0));
        assertThrows(IllegalStateException.class, () -> round.finish(new SeededRandomSource(9)));
        assertThrows(IllegalStateException.class, () -> round.add(new double[4]));
    }

    @Test
    void refusesBadUpdatesAndRounds() {
        DpFedAvgConfig config = fixed(1.0, 1.0, 5);
        DpFedAvgRound round = config.startRound(2);
        assertThrows(IllegalArgumentException.class, () -> round.add(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> round.add(new double[] {Double.NaN, 0}));
        assertThrows(IllegalArgumentException.class, () -> round.add(new double[] {Double.POSITIVE_INFINITY, 0}));
        assertEquals(0, round.clients());
        assertThrows(IllegalArgumentException.class, () -> config.startRound(0));
        assertThrows(IllegalArgumentException.class, () -> config.startRound(2, 3.0),
                "a fixed-clipping round clips to S only");
    }

    /**
     * A sum clipped and added elsewhere (secure aggregation) releases exactly what adding its updates one
     * by one does: same average, same noise draws, same next clip norm from the same bit count.
     */
    @Test
    void aPreSummedRoundReleasesWhatAddingItsUpdatesDoes() {
        AdaptiveClipping adaptive = new AdaptiveClipping(0.5, 0.2, 1.0, 1.0);
        DpFedAvgConfig config = DpFedAvgConfig.adaptiveClipping(adaptive, 1.0, 4, 0.5, 1e-5);
        double[][] updates = {{0.3, 0.4}, {3, 4}, {0.0, -0.5}};
        DpFedAvgRound oneByOne = config.startRound(2);
        double[] clippedSum = new double[2];
        int within = 0;
        for (double[] u : updates) {
            ClipResult c = oneByOne.add(u);
            double scale = c.clipped() ? c.clippedNorm() / c.norm() : 1;
            clippedSum[0] += u[0] * scale;
            clippedSum[1] += u[1] * scale;
            within += c.withinClipNorm() ? 1 : 0;
        }
        DpFedAvgRound summed = config.startRound(2);
        summed.addClippedSum(clippedSum, updates.length, within);
        RoundResult expected = oneByOne.finish(new SeededRandomSource(7));
        RoundResult actual = summed.finish(new SeededRandomSource(7));
        assertArrayEquals(expected.noisyAverageUpdate(), actual.noisyAverageUpdate(), 1e-15);
        assertEquals(expected.nextClipNorm(), actual.nextClipNorm(), 1e-15);
        assertEquals(expected.noisyFractionBelow(), actual.noisyFractionBelow(), 1e-15);
        assertEquals(3, actual.clients());
        assertEquals(null, fixed(1.0, 1.0, 5).startRound(2).finish(new SeededRandomSource(1)).noisyFractionBelow());

        DpFedAvgRound bad = config.startRound(2);
        assertThrows(IllegalArgumentException.class, () -> bad.addClippedSum(new double[3], 1, 0));
        assertThrows(IllegalArgumentException.class, () -> bad.addClippedSum(new double[] {Double.NaN, 0}, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> bad.addClippedSum(new double[2], 1, 2));
        assertThrows(IllegalArgumentException.class, () -> bad.addClippedSum(new double[2], -1, 0));
        assertEquals(0, bad.clients());
    }
}
