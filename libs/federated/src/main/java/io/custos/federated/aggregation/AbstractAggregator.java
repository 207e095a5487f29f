package io.custos.federated.aggregation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part every strategy shares: validation, sample-count capping, optional clipping, duplicate
 * detection, bookkeeping for the summary and the add-then-result lifecycle. Subclasses only fold an
 * accepted update in ({@link #accept}) and compute the result ({@link #compute}).
 */
abstract class AbstractAggregator implements Aggregator {

    /** Refusals kept for the summary (the first ones); later ones are only thrown, so spam cannot grow memory. */
    static final int MAX_RECORDED_REJECTIONS = 1000;

    protected final AggregationStrategy strategy;
    protected final AggregationConfig config;
    protected final int dimension;

    private final UpdateCheck check;
    private final NormClipping clipping;
    private final Set<String> seenClients = new HashSet<>();
    private final List<String> acceptedClients = new ArrayList<>();
    private final List<String> cappedClients = new ArrayList<>();
    private final List<String> clippedClients = new ArrayList<>();
    private final Map<String, Double> normsBeforeClipping = new LinkedHashMap<>();
    private final List<AggregationSummary.Rejection> rejections = new ArrayList<>();
    private double totalWeight;
    private double[] result;

    AbstractAggregator(AggregationStrategy strategy, AggregationConfig config) {
        this.strategy = strategy;
        this.config = config;
        this.dimension = config.dimension();
        this.check = new UpdateCheck(config.dimension(), config.maxSamplesPerClient());
        this.clipping = config.clipBound().isPresent() ? new NormClipping(config.clipBound().getAsDouble()) : null;
    }

    @Override
    public final synchronized void add(String clientId, double[] update, long samples) {
        if (result != null) {
            throw new IllegalStateException("aggregation already finished; update from client '" + clientId + "' is too late");
        }
        UpdateCheck.Accepted accepted;
        try {
            accepted = check.check(clientId, update, samples);
            if (seenClients.contains(clientId)) {
                throw new RejectedUpdateException(clientId, RejectionReason.DUPLICATE_CLIENT,
                        "client '" + clientId + "' already contributed an update to this round");
            }
        } catch (RejectedUpdateException e) {
            if (rejections.size() < MAX_RECORDED_REJECTIONS) {
                rejections.add(new AggregationSummary.Rejection(e.clientId(), e.reason(), e.getMessage()));
            }
            throw e;
        }
        double scale = 1.0;
        if (clipping != null) {
            double norm = NormClipping.l2Norm(update);
            scale = clipping.scaleFor(norm);
            normsBeforeClipping.put(clientId, norm);
            if (scale < 1.0) {
                clippedClients.add(clientId);
            }
        }
        seenClients.add(clientId);
        acceptedClients.add(clientId);
        if (accepted.capped()) {
            cappedClients.add(clientId);
        }
        totalWeight += accepted.effectiveSamples();
        accept(clientId, update, scale, accepted.effectiveSamples());
    }

    /**
     * Folds in an accepted update. {@code scale} is the clipping factor (1 when not clipped) to apply to
     * every value; {@code weight} is the capped sample count. Must not retain {@code update}.
     */
    protected abstract void accept(String clientId, double[] update, double scale, long weight);

    /** Computes the aggregate from everything accepted; called once, under the lock. */
    protected abstract double[] compute();

    /** Clients in the result, once finished (default: all accepted). */
    protected List<String> contributingClients() {
        return acceptedClients;
    }

    /** Clients left out by selection, once finished (default: none). */
    protected List<String> excludedClients() {
        return List.of();
    }

    /** Per-client scores, once finished (default: none). */
    protected Map<String, Double> scores() {
        return Map.of();
    }

    protected final int acceptedCount() {
        return acceptedClients.size();
    }

    protected final double totalWeight() {
        return totalWeight;
    }

    @Override
    public final synchronized double[] result() {
        if (result == null) {
            if (acceptedClients.isEmpty()) {
                throw new InsufficientClientsException(strategy.describe() + ": no update was accepted", 0, 1);
            }
            result = compute();
        }
        return result.clone();
    }

    @Override
    public final synchronized AggregationSummary summary() {
        boolean finished = result != null;
        return new AggregationSummary(strategy.describe(), dimension, acceptedClients.size(), totalWeight,
                acceptedClients, cappedClients, clippedClients, normsBeforeClipping, rejections, finished,
                contributingClients(), excludedClients(), scores());
    }

    @Override
    public final AggregationStrategy strategy() {
        return strategy;
    }
}
