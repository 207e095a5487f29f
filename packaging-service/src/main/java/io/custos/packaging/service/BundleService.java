package io.custos.packaging.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.events.EventTypes;
import io.custos.events.ModelRegistered;
import io.custos.events.TrainingCompleted;
import io.custos.packaging.domain.Bundle;
import io.custos.service.events.OutboxPublisher;
import io.custos.service.events.Tracing;
import io.custos.service.http.ArtifactClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns a finished training job into a registered bundle.
 *
 * <p>Foundation stage: the bundle holds the verified model artifact and its lineage; ONNX
 * export, signing, provenance and the ML-BOM arrive with the packaging capability, and their
 * digests are null until then.
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

    /** Registers the bundle of a training job; a job already bundled is returned as it is. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Bundle registerFromTraining(TrainingCompleted training, String tenant) {
        Optional<Bundle> existing = Bundle.findByTrainingJob(tenant, training.jobId());
        if (existing.isPresent()) {
            LOG.infof("training job %s already has bundle %s", training.jobId(), existing.get().id);
            return existing.get();
        }
        ArtifactClient.Fetched fetched = artifacts.fetch(training.modelUri(), tenant, training.modelSha256());
        Bundle b = new Bundle();
        b.id = UUID.randomUUID();
        b.tenant = tenant;
        b.modelName = modelName(training);
        b.version = Bundle.nextVersion(tenant, b.modelName);
        b.trainingJobId = training.jobId();
        b.status = "REGISTERED";
        b.modelSha256 = fetched.sha256();
        b.modelSize = fetched.size();
        try {
            b.modelArtifact = Files.readAllBytes(fetched.file());
            Files.deleteIfExists(fetched.file());
            b.privacy = training.privacy() == null ? null : json.writeValueAsString(training.privacy());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        b.datasetId = training.datasetId();
        b.modelType = training.modelType();
        b.traceId = Tracing.currentTraceId();
        b.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        b.persist();

        ModelRegistered registered = new ModelRegistered(b.id.toString(), b.modelName, String.valueOf(b.version),
                b.trainingJobId, new ModelRegistered.Digests(null, null, null, null, b.modelSha256), null,
                training.privacy(), tenant);
        outbox.publish(outbox.topics().modelRegistered(), EventTypes.MODEL_REGISTERED_V1, b.id.toString(), tenant,
                registered);
        return b;
    }

    /** "logistic" on target "income" -> "logistic-income": stable, readable, URL-safe. */
    static String modelName(TrainingCompleted t) {
        String raw = t.modelType() + "-" + t.target();
        return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    }
}
