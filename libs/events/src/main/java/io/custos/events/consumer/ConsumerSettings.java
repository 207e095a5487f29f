package io.custos.events.consumer;

import java.time.Duration;
import java.util.List;

/**
 * @param name          consumer name, also the Kafka group id and the key in processed_events
 * @param topics        topics to subscribe to
 * @param maxAttempts   attempts of a failing handler before the event is dead-lettered
 * @param retryBackoff  first backoff between attempts (doubles each time)
 */
public record ConsumerSettings(String bootstrapServers, String name, List<String> topics, int maxAttempts,
        Duration retryBackoff) {

    public ConsumerSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        topics = List.copyOf(topics);
    }
}
