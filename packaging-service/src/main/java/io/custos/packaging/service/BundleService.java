package io.custos.packaging.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.bundle.build.BuildRequest;
import io.custos.bundle.build.BuiltBundle;
import io.custos.bundle.build.BundleBuildException;
import io.custos.bundle.build.BundleBuilder;
import io.custos.crypto.SigningKeyRing;
import io.custos.events.EventTypes;
import io.custos.events.ModelRegistered;
import io.custos.events.TrainingCompleted;
import io.custos.packaging.config.PackagingConfig;
import io.custos.packaging.domain.Bundle;
import io.custos.packaging.domain.TrainingRecord;
import io.custos.service.events.OutboxPublisher;
import io.custos.service.events.Tracing;
import io.custos.service.http.ArtifactClient;
import io.custos.service.problem.ProblemException;
import io.custos.service.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Turns a finished training job into a signed bundle: records the job, fetches its model artifact
 * (checking the SHA-256 the event carried), builds and signs the bundle, stores the zip in the
 * bundle store, and announces it with {@code model-registered} in the same transaction.
 */
@ApplicationScoped
public class BundleService {

    private static final Logger LOG = Logger.getLogger(BundleService.class);

    @Inject
    ArtifactClient artifacts;

    @Inject
    OutboxPublisher outbox;

    @Inject
    ObjectMapper json;

    @Inject
    BlobStore blobs;

    @Inject
    SigningKeyRing keys;

    @Inject
    PackagingConfig config;

    @Inject
    EntityManager em;

    @Inject
    VulnerabilityDatabase osv;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    /** A build on request: the bundle and whether this call created it. */
    public record Outcome(Bundle bundle, boolean created) {
    }

    /**
     * The consumer's path: remembers the job, then builds unless automatic builds are off. A
     * bundle that cannot be built (bad artifact, ONNX parity over tolerance) is not an event
     * failure: the reason is kept on the job and the consumer moves on.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Bundle> onTrainingCompleted(TrainingCompleted training, String tenant) {
        TrainingRecord record = remember(training, tenant);
        if (!config.autoBuild()) {
            return Optional.empty();
        }
        try {
            return Optional.of(build(training, tenant).bundle());
        } catch (BundleBuildException e) {
            LOG.warnf("training job %s of tenant %s was not packaged: %s", training.jobId(), tenant, e.getMessage());
            record.buildError = e.getMessage();
            return Optional.empty();
        }
    }

    /** The REST path: builds the bundle of a job packaging has heard of, or returns the one it has. */
    @Transactional
    public Outcome buildOnRequest(String trainingJobId, String tenant) {
        TrainingRecord record = TrainingRecord.find(tenant, trainingJobId).orElseThrow(() -> new ProblemException(404,
                "Not found", "packaging has no finished training job " + trainingJobId
                        + " (it learns of jobs from training-completed events)"));
        TrainingCompleted training;
        try {
            training = json.readValue(record.event, TrainingCompleted.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored training event of job " + trainingJobId + " is unreadable", e);
        }
        try {
            return build(training, tenant);
        } catch (BundleBuildException e) {
            throw new ProblemException(422, "Bundle not built", e.getMessage());
        }
    }

    private TrainingRecord remember(TrainingCompleted training, String tenant) {
        Optional<TrainingRecord> known = TrainingRecord.find(tenant, training.jobId());
        if (known.isPresent()) {
            return known.get();
        }
        TrainingRecord record = new TrainingRecord();
        record.key = new TrainingRecord.Key(tenant, training.jobId());
        try {
            record.event = json.writeValueAsString(training);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        record.receivedAt = OffsetDateTime.now(ZoneOffset.UTC);
        record.persist();
        return record;
    }

    private Outcome build(TrainingCompleted training, String tenant) {
        String name = modelName(training);
        // One builder per (tenant, model name) at a time: versions are numbered without gaps or
        // clashes, and a job delivered twice concurrently is built once.
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) l")
                .setParameter(1, "packaging:" + tenant + ":" + name).getSingleResult();
        Optional<Bundle> existing = Bundle.findByTrainingJob(tenant, training.jobId());
        if (existing.isPresent()) {
            LOG.infof("training job %s already has bundle %s", training.jobId(), existing.get().id);
            return new Outcome(existing.get(), false);
        }
        ArtifactClient.Fetched fetched = artifacts.fetch(training.modelUri(), tenant, training.modelSha256());
        byte[] artifact;
        try {
            artifact = Files.readAllBytes(fetched.file());
            Files.deleteIfExists(fetched.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        UUID id = UUID.randomUUID();
        int modelVersion = Bundle.nextVersion(tenant, name);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        BuiltBundle built = BundleBuilder.build(new BuildRequest(id.toString(), name, String.valueOf(modelVersion),
                training.jobId(), artifact, training.modelUri(), training.datasetId(), training.metrics(),
                training.startedBy(), null, now, new BuildRequest.Builder(config.builderId(), version)),
                keys.activeKey(), osv.get());
        BlobStore.Staged staged = blobs.stage(out -> {
            try {
                out.write(built.zip());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        blobs.commit(staged);

        Bundle b = new Bundle();
        b.id = id;
        b.tenant = tenant;
        b.modelName = name;
        b.version = modelVersion;
        b.trainingJobId = training.jobId();
        b.status = "SIGNED";
        b.modelSha256 = built.digests().model();
        b.modelSize = artifact.length;
        b.datasetId = training.datasetId();
        b.datasetSha256 = training.datasetSha256();
        b.modelType = training.modelType();
        b.bundleSha256 = built.digests().bundle();
        b.bundleSize = (long) built.zip().length;
        b.onnxSha256 = built.digests().onnx();
        b.sbomSha256 = built.digests().sbom();
        b.provenanceSha256 = built.digests().provenance();
        b.signingKeyId = built.metadata().signingKeyId();
        b.traceId = Tracing.currentTraceId();
        b.createdAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        try {
            b.privacy = training.privacy() == null ? null : json.writeValueAsString(training.privacy());
            b.metadata = json.writeValueAsString(built.metadata());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        b.persist();

        ModelRegistered registered = new ModelRegistered(b.id.toString(), b.modelName, String.valueOf(b.version),
                b.trainingJobId, new ModelRegistered.Digests(b.bundleSha256, b.onnxSha256, b.sbomSha256,
                        b.provenanceSha256, b.modelSha256),
                b.signingKeyId, training.privacy(), tenant);
        outbox.publish(outbox.topics().modelRegistered(), EventTypes.MODEL_REGISTERED_V1, b.id.toString(), tenant,
                registered);
        LOG.infof("bundle %s (%s v%d) built for training job %s, signed by %s", b.id, b.modelName, b.version,
                b.trainingJobId, b.signingKeyId);
        return new Outcome(b, true);
    }

    /**
     * "logistic" on target "income" -> "logistic-income": stable, readable, URL-safe. A federation's
     * model is "federated-logistic-income", so it is not taken for a new version of a central one.
     */
    static String modelName(TrainingCompleted t) {
        String raw = (t.federationId() != null ? "federated-" : "") + t.modelType() + "-" + t.target();
        return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    }
}
