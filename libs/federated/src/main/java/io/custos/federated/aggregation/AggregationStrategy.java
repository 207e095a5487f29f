package io.custos.federated.aggregation;

/**
 * How a round's updates are combined. A sealed set of configurations, each a factory of
 * {@link Aggregator}s:
 * <ul>
 *   <li>{@link FedAvg}: weighted mean (McMahan et al., "Communication-Efficient Learning of Deep
 *       Networks from Decentralized Data", AISTATS 2017). Streaming, O(dimension) memory.</li>
 *   <li>{@link Median}, {@link TrimmedMean}: coordinate-wise robust statistics (Yin et al.,
 *       "Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates", ICML 2018).
 *       Unweighted. O(clients x dimension) memory: an exact median or trimmed mean needs every value of
 *       a coordinate, so these cannot be O(dimension).</li>
 *   <li>{@link Krum}, {@link MultiKrum}: distance-based selection (Blanchard et al., "Machine Learning
 *       with Adversaries: Byzantine Tolerant Gradient Descent", NeurIPS 2017). Unweighted.
 *       O(clients x dimension) memory, O(clients^2 x dimension) time.</li>
 * </ul>
 * The robust strategies ignore sample counts on purpose: a Byzantine client can claim any count (up to
 * the cap), so weighting would hand it influence the robustness argument assumes it lacks.
 */
public sealed interface AggregationStrategy {

    /** Creates an empty aggregator for one round. */
    Aggregator create(AggregationConfig config);

    /** Short description including parameters, e.g. {@code TRIMMED_MEAN(trimFraction=0.1)}. */
    String describe();

    /** Convenience: no clipping, exact storage. */
    default Aggregator create(int dimension, int expectedClients, long maxSamplesPerClient) {
        return create(AggregationConfig.of(dimension, maxSamplesPerClient).withExpectedClients(expectedClients));
    }

    static AggregationStrategy fedAvg() {
        return new FedAvg();
    }

    static AggregationStrategy median() {
        return new Median();
    }

    /** Drops {@code floor(trimFraction * n)} values per side and coordinate; {@code 0 <= trimFraction < 0.5}. */
    static AggregationStrategy trimmedMean(double trimFraction) {
        return new TrimmedMean(trimFraction, -1);
    }

    /** Drops exactly {@code k} values per side and coordinate; needs {@code n >= 2k + 1}. */
    static AggregationStrategy trimmedMeanDropping(int k) {
        return new TrimmedMean(Double.NaN, k);
    }

    static AggregationStrategy krum(int f) {
        return new Krum(f);
    }

    static AggregationStrategy multiKrum(int f, int m) {
        return new MultiKrum(f, m);
    }

    /** Sample-weighted mean, weights {@code min(claimed, cap)}; exact to double precision (compensated). */
    record FedAvg() implements AggregationStrategy {
        @Override
        public Aggregator create(AggregationConfig config) {
            return new FedAvgAggregator(this, config);
        }

        @Override
        public String describe() {
            return "FEDAVG";
        }
    }

    /** Unweighted coordinate-wise median; for an even count, the mean of the two middle values. */
    record Median() implements AggregationStrategy {
        @Override
        public Aggregator create(AggregationConfig config) {
            return new CoordinateWiseAggregator(this, config, n -> (n - 1) / 2, true);
        }

        @Override
        public String describe() {
            return "MEDIAN";
        }
    }

    /**
     * Unweighted coordinate-wise trimmed mean: per coordinate, drop the k smallest and k largest values
     * and average the rest. Exactly one of {@code trimFraction} (k = floor(fraction x n)) or
     * {@code trimCount} (fixed k, use -1 / NaN for the unused one) is set.
     */
    record TrimmedMean(double trimFraction, int trimCount) implements AggregationStrategy {
        public TrimmedMean {
            boolean byFraction = trimCount < 0;
            if (byFraction && !(trimFraction >= 0 && trimFraction < 0.5)) {
                throw new IllegalArgumentException("trimFraction must be in [0, 0.5), got " + trimFraction);
            }
            if (!byFraction && !Double.isNaN(trimFraction)) {
                throw new IllegalArgumentException("set either trimFraction or trimCount, not both");
            }
        }

        /** Values dropped per side for n updates. */
        public int trimPerSide(int n) {
            return trimCount >= 0 ? trimCount : (int) Math.floor(trimFraction * n);
        }

        @Override
        public Aggregator create(AggregationConfig config) {
            if (trimCount >= 0 && config.expectedClients() > 0 && config.expectedClients() < 2 * trimCount + 1) {
                throw new IllegalArgumentException(describe() + " needs at least " + (2 * trimCount + 1)
                        + " clients, but only " + config.expectedClients() + " are expected");
            }
            return new CoordinateWiseAggregator(this, config, this::trimPerSide, false);
        }

        @Override
        public String describe() {
            return trimCount >= 0 ? "TRIMMED_MEAN(trimCount=" + trimCount + ")"
                    : "TRIMMED_MEAN(trimFraction=" + trimFraction + ")";
        }
    }

    /** Krum: returns the single update closest to its {@code n - f - 2} nearest neighbours; needs {@code n >= 2f + 3}. */
    record Krum(int f) implements AggregationStrategy {
        public Krum {
            if (f < 0) {
                throw new IllegalArgumentException("f must be >= 0, got " + f);
            }
        }

        @Override
        public Aggregator create(AggregationConfig config) {
            KrumAggregator.checkExpected(describe(), config, f, 1);
            return new KrumAggregator(this, config, f, 1);
        }

        @Override
        public String describe() {
            return "KRUM(f=" + f + ")";
        }
    }

    /**
     * Multi-Krum: unweighted mean of the {@code m} updates with the best Krum scores (scores computed
     * once, as in Blanchard et al.); needs {@code n >= 2f + 3} and {@code n >= m + f}. {@code m = 1} is Krum.
     */
    record MultiKrum(int f, int m) implements AggregationStrategy {
        public MultiKrum {
            if (f < 0) {
                throw new IllegalArgumentException("f must be >= 0, got " + f);
            }
            if (m < 1) {
                throw new IllegalArgumentException("m must be >= 1, got " + m);
            }
        }

        @Override
        public Aggregator create(AggregationConfig config) {
            KrumAggregator.checkExpected(describe(), config, f, m);
            return new KrumAggregator(this, config, f, m);
        }

        @Override
        public String describe() {
            return "MULTI_KRUM(f=" + f + ", m=" + m + ")";
        }
    }
}
