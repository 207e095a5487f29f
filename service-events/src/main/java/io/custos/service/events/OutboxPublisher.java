package io.custos.service.events;

import io.agroal.api.AgroalDataSource;
import io.custos.events.CloudEventCodec;
import io.custos.events.EventEnvelope;
import io.custos.events.TopicNames;
import io.custos.events.outbox.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Records an event in the outbox inside the caller's transaction (MANDATORY: an event without
 * its state change, or the other way round, must be impossible). The relay publishes it.
 */
@ApplicationScoped
public class OutboxPublisher {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EventsConfig config;

    private final CloudEventCodec codec = new CloudEventCodec();
    private volatile OutboxStore store;
    private volatile TopicNames topics;

    public TopicNames topics() {
        if (topics == null) {
            topics = new TopicNames(config.topicPrefix().orElse(""));
        }
        return topics;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope publish(String topic, String type, String subject, String tenant, Object payload) {
        EventEnvelope event = CloudEventCodec.newEvent(config.source(), type, subject, tenant,
                Tracing.currentTraceparent(), payload);
        // Agroal hands out the connection enlisted in this JTA transaction.
        try (Connection c = dataSource.getConnection()) {
            store().append(c, topic, subject, event);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write event " + event.id() + " to the outbox", e);
        }
        return event;
    }

    private OutboxStore store() {
        if (store == null) {
            store = new OutboxStore(config.schema(), codec);
        }
        return store;
    }
}
