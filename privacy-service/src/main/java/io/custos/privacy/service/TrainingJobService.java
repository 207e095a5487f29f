package io.custos.privacy.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.ml.data.DataException;
import io.custos.ml.report.PublicDeclarations;
import io.custos.privacy.config.PrivacyConfig;
import io.custos.privacy.dataset.Dataset;
import io.custos.privacy.domain.TrainingJob;
import io.custos.privacy.ledger.PrivacyLedger;
import io.custos.privacy.rest.TrainingJobRequest;
import io.custos.service.events.OutboxPublisher;
import io.custos.service.events.Tracing;
import io.custos.service.problem.Problem;
import io.custos.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Accepts training jobs: checks them against the dataset and the secure defaults, reserves their
 * budget in the ledger, and queues them on a Kafka topic that the worker pool consumes (more
 * replicas, more throughput). The reservation, the job and its queue message commit together.
 */
@ApplicationScoped
public class TrainingJobService {

    /** Internal topic (after the configured prefix) feeding the workers. */
    public static final String REQUESTED_TOPIC = "privacy.training-requested";
    public static final String REQUESTED_TYPE = "io.custos.privacy.training-requested.v1";

    @Inject
    OutboxPublisher outbox;

    @Inject
    PrivacyLedger ledger;

    @Inject
    PrivacyConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    io.custos.privacy.dataset.DatasetService datasets;

    /** The queue message: only the job id; the worker reads the rest from the database. */
    public record TrainingRequested(String jobId, String tenant) {
    }

    @Transactional
    public TrainingJob submit(TrainingJobRequest request, String tenant, String caller) {
        Dataset dataset = findDataset(request.datasetId(), tenant);
        validate(request, dataset);

        TrainingJob job = new TrainingJob();
        job.id = UUID.randomUUID();
        job.tenant = tenant;
        job.datasetId = dataset.id.toString();
        job.budgetDatasetId = dataset.budgetId();
        job.target = request.target();
        job.modelType = request.modelType();
        job.requestedEpsilon = request.epsilon();
        job.requestedDelta = request.delta();
        job.startedBy = caller;
        job.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        job.traceId = Tracing.currentTraceId();
        job.status = TrainingJob.Status.QUEUED.name();
        try {
            job.request = json.writeValueAsString(request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // The ledger is mandatory: no reservation, no job (409 with what remains).
        ledger.reserve(tenant, job.budgetDatasetId, job.id, request.epsilon(), request.delta(), caller);
        job.persist();
        outbox.publish(topic(), REQUESTED_TYPE, job.id.toString(), tenant,
                new TrainingRequested(job.id.toString(), tenant));
        return job;
    }

    public String topic() {
        return outbox.topics().prefix() + REQUESTED_TOPIC;
    }

    private boolean numericBinary(Dataset dataset, String target) {
        io.custos.ml.data.Table table = datasets.read(dataset);
        int idx = table.columnIndex(target);
        return table.rows().stream().allMatch(row -> io.custos.ml.data.BinaryTarget.label(row[idx], null) != null);
    }

    private static Dataset findDataset(String id, String tenant) {
        return io.custos.service.rest.Ids.parse(id).flatMap(uuid -> Dataset.findForTenant(uuid, tenant))
                .filter(d -> !d.erased())
                .orElseThrow(() -> ProblemException.badRequest("datasetId", "dataset " + id
                        + " does not exist; upload it with POST /api/privacy/datasets"));
    }

    private void validate(TrainingJobRequest r, Dataset dataset) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> columns = dataset.columns;
        if (!columns.contains(r.target())) {
            errors.add(new Problem.FieldError("target", "column '" + r.target() + "' does not exist; columns are "
                    + columns));
        } else if (r.positiveClass() == null && !numericBinary(dataset, r.target())) {
            errors.add(new Problem.FieldError("target", "column '" + r.target() + "' is not numeric 0/1; give"
                    + " positiveClass to name the value that counts as positive"));
        }
        if (r.features() != null) {
            for (int i = 0; i < r.features().size(); i++) {
                String f = r.features().get(i);
                if (!columns.contains(f)) {
                    errors.add(new Problem.FieldError("features[" + i + "]", "column '" + f + "' does not exist"));
                } else if (f.equals(r.target())) {
                    errors.add(new Problem.FieldError("features[" + i + "]", "the target cannot be a feature"));
                }
            }
        }
        double min = config.training().minEpsilon();
        double max = config.training().maxEpsilon();
        if (r.epsilon() < min || r.epsilon() > max) {
            errors.add(new Problem.FieldError("epsilon", "must be between " + min + " and " + max
                    + " (the installation's policy)"));
        }
        double bound = 1.0 / dataset.rowCount;
        if (r.delta() >= bound) {
            errors.add(new Problem.FieldError("delta", "must be below 1/n = " + bound + " for this dataset of "
                    + dataset.rowCount + " rows"));
        }
        if (r.expectedBatchSize() != null && r.expectedBatchSize() > dataset.rowCount) {
            errors.add(new Problem.FieldError("expectedBatchSize", "must be at most the dataset's " + dataset.rowCount
                    + " rows"));
        }
        if (r.seed() != null && !config.training().allowSeeded()) {
            errors.add(new Problem.FieldError("seed", "seeded test mode is disabled here: it gives no privacy"));
        }
        if (r.publicDeclarations() != null) {
            try {
                Map<String, ?> declared = PublicDeclarations.parse(r.publicDeclarations());
                for (String c : declared.keySet()) {
                    if (!columns.contains(c)) {
                        errors.add(new Problem.FieldError("publicDeclarations.columns." + c, "column does not exist"));
                    }
                }
            } catch (DataException e) {
                errors.add(new Problem.FieldError("publicDeclarations", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }
}
