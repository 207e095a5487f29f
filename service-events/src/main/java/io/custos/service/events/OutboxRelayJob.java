package io.custos.service.events;

import io.agroal.api.AgroalDataSource;
import io.custos.events.KafkaSettings;
import io.custos.events.outbox.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs the outbox relay on a schedule; the broker being down only delays it. */
@ApplicationScoped
public class OutboxRelayJob {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EventsConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    private KafkaProducer<String, byte[]> producer;
    private OutboxRelay relay;

    @Scheduled(every = "${custos.events.relay.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = RelayDisabled.class)
    void relayScheduled() {
        relay().drain();
    }

    private synchronized OutboxRelay relay() {
        if (relay == null) {
            producer = new KafkaProducer<>(KafkaSettings.producer(bootstrapServers, application + "-outbox"));
            relay = new OutboxRelay(dataSource, config.schema(), producer, config.relay().batchSize(),
                    config.relay().sendTimeout().toMillis());
        }
        return relay;
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    /** Skips the relay in services that produce no events. */
    @ApplicationScoped
    public static class RelayDisabled implements Scheduled.SkipPredicate {
        @Inject
        EventsConfig config;

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.relay().enabled();
        }
    }
}
