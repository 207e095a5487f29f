package io.custos.service.events;

import io.custos.events.EventEnvelope;
import io.custos.events.TopicNames;
import java.util.Set;

/**
 * A service's reaction to events. Implement as an {@code @ApplicationScoped} bean; {@link
 * EventConsumers} runs it in a transaction that also records the event id, so {@link #apply}
 * sees each event once even when Kafka delivers it twice.
 */
public interface CustosEventHandler {

    /** Consumer group and processed-events key; stable across releases. */
    String consumerName();

    Set<String> topics(TopicNames topics);

    /** Applies the event; runs inside a transaction. Throw MalformedEventException for a poison event. */
    void apply(String topic, EventEnvelope event) throws Exception;

    /**
     * False for long-running work (training) that must not hold a database transaction open: then
     * {@link #apply} runs outside any transaction and the handler makes itself idempotent (for
     * example by claiming the aggregate with a state change).
     */
    default boolean transactional() {
        return true;
    }

    /** Consumer threads in this replica (same group: Kafka spreads the partitions over them). */
    default int concurrency() {
        return 1;
    }
}
