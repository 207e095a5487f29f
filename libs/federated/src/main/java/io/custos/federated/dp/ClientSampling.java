package io.custos.federated.dp;

import io.custos.ml.noise.RandomSource;
import io.custos.ml.noise.SecureRandomSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Poisson sampling of the clients that take part in a round: every client is included
 * independently with probability q, so the round's size is Binomial(N, q) with mean qN.
 *
 * <p>This is the sampling the accountant assumes (McMahan et al. 2018, Algorithm 1: each user is selected
 * independently with probability q; the RDP bound of the sampled Gaussian mechanism is for
 * Poisson sampling). Do not cap, top up or resample a round to hit exactly qN clients, and do not
 * skip a round because it came out empty or small: any of these changes the mechanism and the
 * reported epsilon would no longer hold. Uses a cryptographically secure source by default, since
 * who is sampled is part of what hides a client's participation.
 */
public final class ClientSampling {

    private final double samplingRate;
    private final RandomSource random;

    /** Samples with probability {@code samplingRate} from a {@link SecureRandomSource}. */
    public ClientSampling(double samplingRate) {
        this(samplingRate, new SecureRandomSource());
    }

    /** Samples from the given source; a non-secure source is for tests only. */
    public ClientSampling(double samplingRate, RandomSource random) {
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("samplingRate must be in (0, 1], was " + samplingRate);
        }
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        this.samplingRate = samplingRate;
        this.random = random;
    }

    /** The sampler for a configuration's rate q. */
    public static ClientSampling forConfig(DpFedAvgConfig config, RandomSource random) {
        return new ClientSampling(config.samplingRate(), random);
    }

    public double samplingRate() {
        return samplingRate;
    }

    /** Whether the next client is in this round: one independent Bernoulli(q) draw. */
    public boolean includeNext() {
        return samplingRate == 1 || random.nextUniform() < samplingRate;
    }

    /** This round's participants: each element of {@code population} kept with probability q. */
    public <T> List<T> sample(List<? extends T> population) {
        List<T> chosen = new ArrayList<>();
        for (T client : population) {
            if (includeNext()) {
                chosen.add(client);
            }
        }
        return chosen;
    }

    /** This round's participants as indices into a population of {@code populationSize} clients. */
    public int[] sampleIndices(int populationSize) {
        if (populationSize < 0) {
            throw new IllegalArgumentException("populationSize must be >= 0, was " + populationSize);
        }
        int[] buffer = new int[populationSize];
        int count = 0;
        for (int i = 0; i < populationSize; i++) {
            if (includeNext()) {
                buffer[count++] = i;
            }
        }
        return java.util.Arrays.copyOf(buffer, count);
    }

    /** The expected number of clients per round, qN: the fixed denominator of DP-FedAvg. */
    public double expectedClients(int populationSize) {
        return expectedClients(samplingRate, populationSize);
    }

    /** qN for the given rate and population. */
    public static double expectedClients(double samplingRate, int populationSize) {
        return samplingRate * populationSize;
    }

    /** The source's description, for the record of a run. */
    public String describeRandomness() {
        return random.describe();
    }
}
