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
}
