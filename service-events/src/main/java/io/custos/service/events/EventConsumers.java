package io.custos.service.events;

import io.agroal.api.AgroalDataSource;
import io.custos.events.EventEnvelope;
import io.custos.events.consumer.ConsumerSettings;
import io.custos.events.consumer.EventConsumerLoop;
import io.custos.events.consumer.ProcessedEvents;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts one consumer loop per {@link CustosEventHandler}: each event is handled in a span
 * that continues the producer's trace, inside one transaction with its processed-event mark.
 */
@ApplicationScoped
public class EventConsumers {

    private static final Logger LOG = Logger.getLogger(EventConsumers.class);

    @Inject
    Instance<CustosEventHandler> handlers;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EventsConfig config;

    @Inject
    OutboxPublisher publisher;

    @Inject
    Tracer tracer;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final List<EventConsumerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    void start(@Observes StartupEvent event) {
        if (!config.consumer().enabled()) {
            return;
        }
        ProcessedEvents processed = new ProcessedEvents(config.schema());
        for (CustosEventHandler handler : handlers) {
            ConsumerSettings settings = new ConsumerSettings(bootstrapServers, handler.consumerName(),
                    List.copyOf(handler.topics(publisher.topics())), config.consumer().maxAttempts(),
                    config.consumer().retryBackoff());
            int n = Math.max(1, handler.concurrency());
            for (int i = 0; i < n; i++) {
                EventConsumerLoop loop = new EventConsumerLoop(settings,
                        (topic, e) -> handleTraced(handler, processed, topic, e));
                Thread t = new Thread(loop, "custos-consumer-" + handler.consumerName() + "-" + i);
                t.setDaemon(true);
                t.start();
                loops.add(loop);
                threads.add(t);
            }
            LOG.infof("consumer %s listening on %s with %d thread(s)", handler.consumerName(), settings.topics(), n);
        }
    }

    private void handleTraced(CustosEventHandler handler, ProcessedEvents processed, String topic, EventEnvelope e)
            throws Exception {
        Span span = tracer.spanBuilder(topic + " process")
                .setParent(Tracing.parentOf(e.traceparent()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.message.id", e.id())
                .setAttribute("custos.tenant", e.tenant())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            if (!handler.transactional()) {
                handler.apply(topic, e);
                return;
            }
            QuarkusTransaction.requiringNew().call(() -> {
                if (markProcessed(processed, handler.consumerName(), e)) {
                    handler.apply(topic, e);
                } else {
                    LOG.debugf("consumer %s: duplicate event %s skipped", handler.consumerName(), e.id());
                }
                return null;
            });
        } catch (Exception ex) {
            span.recordException(ex);
            span.setStatus(StatusCode.ERROR);
            throw unwrap(ex);
        } finally {
            span.end();
        }
    }

    private boolean markProcessed(ProcessedEvents processed, String consumer, EventEnvelope e) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return processed.markProcessed(c, consumer, e);
        }
    }

    /** QuarkusTransaction wraps checked exceptions; hand a poison-event verdict to the loop as it was thrown. */
    private static Exception unwrap(Exception ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof io.custos.events.MalformedEventException m) {
                return m;
            }
        }
        return ex;
    }

    void stop(@Observes ShutdownEvent event) {
        loops.forEach(EventConsumerLoop::close);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
