package io.custos.privacy.dataset;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/** Erases datasets whose retention period has ended. */
@ApplicationScoped
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);

    @Inject
    DatasetService datasets;

    @Scheduled(every = "${custos.privacy.retention.sweep-every:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int erased = datasets.sweepRetention(OffsetDateTime.now(ZoneOffset.UTC));
        if (erased > 0) {
            LOG.infof("retention sweep erased %d dataset version(s)", erased);
        }
    }
}
