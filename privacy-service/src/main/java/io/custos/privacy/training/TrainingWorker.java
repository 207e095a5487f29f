package io.custos.privacy.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.crypto.Sha256;
import io.custos.events.EventEnvelope;
import io.custos.events.EventTypes;
import io.custos.events.FeatureSpec;
import io.custos.events.MalformedEventException;
import io.custos.events.PrivacySpent;
import io.custos.events.TopicNames;
import io.custos.events.TrainingCompleted;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.data.DataException;
import io.custos.ml.model.MlpModel;
import io.custos.ml.model.ModelType;
import io.custos.ml.noise.RandomSource;
import io.custos.ml.noise.SecureRandomSource;
import io.custos.ml.noise.SeededRandomSource;
import io.custos.ml.report.PublicDeclarations;
import io.custos.ml.report.TrainingReport;
import io.custos.ml.train.SgdOptions;
import io.custos.ml.train.TrainingPipeline;
import io.custos.ml.train.TrainingRequest;
import io.custos.ml.train.TrainingResult;
import io.custos.privacy.dataset.Dataset;
import io.custos.privacy.dataset.DatasetService;
import io.custos.privacy.domain.TrainingJob;
import io.custos.privacy.ledger.PrivacyLedger;
import io.custos.privacy.rest.TrainingJobRequest;
import io.custos.privacy.service.TrainingJobService;
import io.custos.service.events.CustosEventHandler;
import io.custos.service.events.OutboxPublisher;
import io.custos.service.http.ServicesConfig;
import io.custos.privacy.config.PrivacyConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A training worker: takes queued jobs from Kafka, trains with DP-SGD, stores the model, commits
 * what was spent to the ledger and announces {@code training-completed}. Several run per replica
 * ({@code custos.privacy.training.workers}) and across replicas, one Kafka partition each. A job
 * that cannot train fails and gets its reservation back.
 */
@ApplicationScoped
public class TrainingWorker implements CustosEventHandler {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);

    @Inject
    DatasetService datasets;

    @Inject
    PrivacyLedger ledger;

    @Inject
    OutboxPublisher outbox;

    @Inject
    TrainingJobService jobs;

    @Inject
    ServicesConfig services;

    @Inject
    ObjectMapper json;

    @Inject
    PrivacyConfig config;

    @Override
    public String consumerName() {
        return "privacy-training-worker";
    }

    @Override
    public Set<String> topics(TopicNames topics) {
        return Set.of(topics.prefix() + TrainingJobService.REQUESTED_TOPIC);
    }

    /** Training can take long: no transaction is held while it runs (see {@link #apply}). */
    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public int concurrency() {
        return config.training().workers();
    }

    /**
     * Claims the job (QUEUED to RUNNING, in its own transaction), trains with no transaction open,
     * then completes or fails it in a second transaction that also commits or releases the ledger
     * and queues {@code training-completed}. A redelivered message finds the job claimed or done and
     * does nothing; a worker that dies mid-run leaves a stale claim that {@link #requeueStale} returns
     * to the queue.
     */
    @Override
    public void apply(String topic, EventEnvelope event) throws Exception {
        UUID jobId;
        try {
            jobId = UUID.fromString(event.subject());
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("subject " + event.subject() + " is not a job id");
        }
        // Microseconds: what PostgreSQL keeps, so the claim compares equal when read back.
        OffsetDateTime claimedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Claim claim = QuarkusTransaction.requiringNew().call(() -> claim(jobId, event.tenant(), claimedAt));
        if (claim == null) {
            return; // unknown, claimed by another worker, or already done
        }
        TrainingResult result;
        try {
            if (claim.dataset() == null || claim.dataset().erased()) {
                throw new DataException("dataset " + claim.job().datasetId + " no longer exists or was erased");
            }
            result = train(claim.request(), claim.dataset());
        } catch (DataException | IllegalArgumentException e) {
            LOG.infof("training job %s failed: %s", jobId, e.getMessage());
            QuarkusTransaction.requiringNew().run(() -> fail(jobId, claimedAt, e.getMessage()));
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> complete(jobId, claimedAt, claim.request(), claim.dataset(), result));
    }

    private record Claim(TrainingJob job, TrainingJobRequest request, Dataset dataset) {
    }

    private Claim claim(UUID jobId, String tenant, OffsetDateTime at) throws Exception {
        TrainingJob job = TrainingJob.findForTenant(jobId, tenant).orElse(null);
        if (job == null || !TrainingJob.Status.QUEUED.name().equals(job.status)) {
            return null;
        }
        job.status = TrainingJob.Status.RUNNING.name();
        job.startedAt = at;
        TrainingJobRequest request = json.readValue(job.request, TrainingJobRequest.class);
        Dataset dataset = Dataset.findForTenant(UUID.fromString(job.datasetId), job.tenant).orElse(null);
        return new Claim(job, request, dataset);
    }

    /** The job, if this worker's claim on it still stands (a stale claim may have been requeued). */
    private static TrainingJob claimed(UUID jobId, OffsetDateTime claimedAt) {
        TrainingJob job = TrainingJob.findById(jobId);
        if (job == null || !TrainingJob.Status.RUNNING.name().equals(job.status) || job.startedAt == null
                || !job.startedAt.toInstant().equals(claimedAt.toInstant())) {
            LOG.infof("training job %s: claim from %s no longer stands; result discarded", jobId, claimedAt);
            return null;
        }
        return job;
    }

    private void fail(UUID jobId, OffsetDateTime claimedAt, String reason) {
        TrainingJob job = claimed(jobId, claimedAt);
        if (job == null) {
            return;
        }
        job.status = TrainingJob.Status.FAILED.name();
        job.failure = reason;
        job.completedAt = OffsetDateTime.now(ZoneOffset.UTC);
        ledger.release(job.tenant, job.budgetDatasetId, job.id, "training failed: " + reason, consumerName());
    }

    /** Returns jobs whose worker vanished (claim older than the configured limit) to the queue. */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void requeueStale() {
        OffsetDateTime limit = OffsetDateTime.now(ZoneOffset.UTC).minus(config.training().staleAfter());
        List<TrainingJob> stale = TrainingJob.list("status = ?1 and startedAt < ?2", TrainingJob.Status.RUNNING.name(),
                limit);
        for (TrainingJob job : stale) {
            LOG.warnf("training job %s has run since %s without finishing; requeued", job.id, job.startedAt);
            job.status = TrainingJob.Status.QUEUED.name();
            job.startedAt = null;
            outbox.publish(jobs.topic(), TrainingJobService.REQUESTED_TYPE, job.id.toString(), job.tenant,
                    new TrainingJobService.TrainingRequested(job.id.toString(), job.tenant));
        }
    }

    private TrainingResult train(TrainingJobRequest r, Dataset dataset) {
        Map<String, ColumnDeclaration> declarations = r.publicDeclarations() == null ? Map.of()
                : PublicDeclarations.parse(r.publicDeclarations());
        TrainingRequest request = new TrainingRequest(r.target(), r.positiveClass(), r.features(), declarations,
                ModelType.parse(r.modelType()), r.hidden(),
                new SgdOptions(r.epochsOrDefault(), r.batch(), r.lr(), r.clip(), 0, 1e-5, true), r.epsilon(), r.delta(),
                0.2);
        RandomSource random = r.seed() == null ? new SecureRandomSource() : new SeededRandomSource(r.seed());
        return TrainingPipeline.run(datasets.read(dataset), request, random);
    }

    private void complete(UUID jobId, OffsetDateTime claimedAt, TrainingJobRequest r, Dataset dataset,
            TrainingResult result) {
        TrainingJob job = claimed(jobId, claimedAt);
        if (job == null) {
            return;
        }
        try {
            store(job, r, dataset, result);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void store(TrainingJob job, TrainingJobRequest r, Dataset dataset, TrainingResult result)
            throws java.io.IOException {
        TrainingReport report = TrainingReport.of(result);
        TrainingReport.Privacy p = report.privacy();
        ModelArtifact artifact = new ModelArtifact(ModelArtifact.FORMAT, report.modelType(),
                result.model() instanceof MlpModel mlp ? mlp.hiddenUnits() : 0, result.parameters(),
                report.features(), r.target(), r.positiveClass(), dataset.sha256, p, result.randomness());
        job.modelArtifact = json.writeValueAsBytes(artifact);
        job.modelSha256 = Sha256.hex(job.modelArtifact);
        job.report = json.writeValueAsString(report);
        job.epsilonSpent = p.epsilon();
        job.deltaSpent = p.delta();
        job.status = TrainingJob.Status.COMPLETED.name();
        job.completedAt = OffsetDateTime.now(ZoneOffset.UTC);
        ledger.commit(job.tenant, job.budgetDatasetId, job.id, p.epsilon(), p.delta(), p.deltaRdp(), p.accountant(), p.orders(),
                p.rdp(), consumerName());

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", report.metrics().accuracy());
        metrics.put("auc", report.metrics().auc());
        metrics.put("logLoss", report.metrics().logLoss());
        List<FeatureSpec> schema = report.features().stream().map(c -> new FeatureSpec(c.name(),
                c.kind() == ColumnDeclaration.Kind.NUMERIC ? "numeric" : "categorical", c.categories())).toList();
        String base = services.privacyUrl().orElseThrow(() ->
                new IllegalStateException("custos.services.privacy-url is not set"));
        TrainingCompleted event = new TrainingCompleted(job.id.toString(), job.datasetId, dataset.sha256,
                job.modelType, job.target, schema, metrics,
                new PrivacySpent(p.epsilon(), p.delta(), "rdp", p.noiseMultiplier(), p.samplingRate(), p.steps()),
                base + "/api/privacy/training-jobs/" + job.id + "/model", job.modelSha256, job.tenant, job.startedBy);
        outbox.publish(outbox.topics().trainingCompleted(), EventTypes.TRAINING_COMPLETED_V1, job.id.toString(),
                job.tenant, event);
    }
}
