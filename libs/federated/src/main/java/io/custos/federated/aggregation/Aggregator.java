package io.custos.federated.aggregation;

/**
 * Combines the model updates of one federated round, fed one at a time as they arrive.
 * Created by {@link AggregationStrategy#create(AggregationConfig)}.
 *
 * <p>Every update is validated ({@link UpdateCheck}), optionally clipped ({@link NormClipping}), and
 * only then folded in; a refused update leaves the state unchanged. The caller's arrays are never
 * modified or retained. Implementations are thread-safe (methods are synchronized), so updates may be
 * added from concurrent request threads.
 *
 * <p>Lifecycle: {@code add}* then {@code result()}. The first {@code result()} finishes the round: later
 * calls return a copy of the same result, and {@code add} then throws {@link IllegalStateException}.
 */
public interface Aggregator {

    /**
     * Adds one client's update.
     *
     * @param clientId the client; each client may contribute once
     * @param update   the update (delta or weights) of exactly the configured dimension
     * @param samples  the client's claimed sample count; the weight used is {@code min(samples, cap)}
     * @throws RejectedUpdateException if the update is refused (reason and message say why)
     * @throws IllegalStateException   if the round is already finished
     */
    void add(String clientId, double[] update, long samples);

    /**
     * The aggregate, a fresh array of the configured dimension.
     *
     * @throws InsufficientClientsException if too few updates were accepted for this strategy
     */
    double[] result();

    /** What was accepted, capped, clipped, refused and (after {@link #result()}) selected. */
    AggregationSummary summary();

    /** The strategy this aggregator implements. */
    AggregationStrategy strategy();
}
