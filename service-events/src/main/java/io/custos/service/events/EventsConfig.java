package io.custos.service.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How a service takes part in the event spine. */
@ConfigMapping(prefix = "custos.events")
public interface EventsConfig {

    /** The service's own Postgres schema, where its outbox and processed_events tables live. */
    String schema();

    /** CloudEvents {@code source} of the events this service produces, e.g. /custos/privacy-service. */
    String source();

    /** Prefix before the fixed topic names, for shared clusters. */
    Optional<String> topicPrefix();

    Relay relay();

    Consumer consumer();

    interface Relay {
        /** Off for services that produce no events. */
        @WithDefault("true")
        boolean enabled();

        /** How often the relay looks for unsent events (read by the scheduler, whose finest step is 1 s). */
        @WithDefault("1s")
        Duration interval();

        @WithDefault("100")
        int batchSize();

        @WithDefault("10s")
        Duration sendTimeout();
    }

    interface Consumer {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("5")
        int maxAttempts();

        @WithDefault("500ms")
        Duration retryBackoff();
    }
}
