package io.custos.events.consumer;

import io.custos.events.EventEnvelope;

/**
 * Applies one event. Implementations must be idempotent (see {@link ProcessedEvents}). Throw
 * {@link io.custos.events.MalformedEventException} for an event that can never succeed; any
 * other exception is retried with backoff before the event goes to the dead-letter topic.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(String topic, EventEnvelope event) throws Exception;
}
