package io.custos.federated.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.ml.noise.SeededRandomSource;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClientSamplingTest {

    /** Binomial(N, q): the count lies within 5 standard deviations of qN. */
    @Test
    void poissonSamplingIncludesEachClientWithProbabilityQ() {
        int population = 100_000;
        double q = 0.1;
        ClientSampling sampling = new ClientSampling(q, new SeededRandomSource(7));
        int[] chosen = sampling.sampleIndices(population);
        double expected = sampling.expectedClients(population);
        assertEquals(10_000, expected, 1e-9);
        double sd = Math.sqrt(population * q * (1 - q));
        assertTrue(Math.abs(chosen.length - expected) < 5 * sd, "sampled " + chosen.length);
        for (int i = 1; i < chosen.length; i++) {
            assertTrue(chosen[i] > chosen[i - 1], "indices are distinct and ascending");
        }
    }

    /** Round sizes vary from round to round (Poisson, not a fixed batch) with mean qN. */
    @Test
    void roundSizesAreRandomWithMeanQn() {
        ClientSampling sampling = new ClientSampling(0.05, new SeededRandomSource(11));
        List<Integer> population = IntStream.range(0, 200).boxed().toList();
        int rounds = 2000;
        long total = 0;
        long distinctSizes = IntStream.range(0, rounds).map(r -> sampling.sample(population).size()).distinct()
                .count();
        ClientSampling again = new ClientSampling(0.05, new SeededRandomSource(12));
        for (int r = 0; r < rounds; r++) {
            total += again.sample(population).size();
        }
        double mean = (double) total / rounds; // expected 10, sd of the mean sqrt(200*0.05*0.95/2000)
        assertEquals(10, mean, 5 * Math.sqrt(200 * 0.05 * 0.95 / rounds));
        assertTrue(distinctSizes > 5, "sizes vary: " + distinctSizes);
    }

    @Test
    void rateOneTakesEveryoneAndBadRatesAreRefused() {
        ClientSampling all = new ClientSampling(1.0, new SeededRandomSource(1));
        assertEquals(List.of("a", "b", "c"), all.sample(List.of("a", "b", "c")));
        for (double bad : new double[] {0, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClientSampling(bad));
            assertTrue(e.getMessage().contains("samplingRate"), e.getMessage());
        }
    }

    @Test
    void secureByDefault() {
        assertTrue(new ClientSampling(0.5).describeRandomness().startsWith("SecureRandom"));
    }
}
