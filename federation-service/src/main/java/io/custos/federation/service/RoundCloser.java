package io.custos.federation.service;

import io.custos.federation.config.FederationConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Closes rounds when they are due: right after the last invited client's update (off the request
 * thread, so the client's 202 does not wait for the aggregation), and on a schedule for deadlines
 * and for aggregations a restart interrupted. Several replicas may run this: the round's row lock
 * lets exactly one aggregate.
 */
@ApplicationScoped
public class RoundCloser {

    private static final Logger LOG = Logger.getLogger(RoundCloser.class);

    @Inject
    RoundAggregation aggregation;

    @Inject
    FederationConfig config;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "round-closer");
        t.setDaemon(true);
        return t;
    });

    public void closeSoon(UUID roundId) {
        executor.submit(() -> close(roundId));
    }

    @Scheduled(every = "${custos.federation.deadline-check-every:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeDueRounds() {
        for (UUID id : aggregation.dueRounds(config.resumeAggregationAfter())) {
            close(id);
        }
    }

    /** Closes one round if it is due; failures are logged and retried by the schedule. */
    public void close(UUID roundId) {
        try {
            if (aggregation.beginClosing(roundId, config.resumeAggregationAfter())) {
                aggregation.aggregate(roundId);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "closing round %s failed; it will be retried", roundId);
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
