package io.custos.privacy.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.crypto.Sha256;
import io.custos.events.EventTypes;
import io.custos.events.PrivacySpent;
import io.custos.events.TrainingCompleted;
import io.custos.privacy.domain.TrainingJob;
import io.custos.privacy.rest.TrainingJobRequest;
import io.custos.service.events.OutboxPublisher;
import io.custos.service.events.Tracing;
import io.custos.service.http.ServicesConfig;
import io.custos.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Accepts training jobs and announces finished models.
 *
 * <p>Foundation stage: no trainer exists yet (DP-SGD arrives with the DP core), so an accepted
 * job completes at once with a declared-placeholder artifact that records the request. What is
 * real is the spine around it: the job row and its {@code training-completed} event commit in
 * one transaction, the artifact is served by URI with its SHA-256, and the trace continues.
 */
@ApplicationScoped
public class TrainingJobService {

    public static final String PLACEHOLDER_FORMAT = "custos-placeholder-model/v0";

    @Inject
    OutboxPublisher outbox;

    @Inject
    ServicesConfig services;

    @Inject
    ObjectMapper json;

    @Transactional
    public TrainingJob submit(TrainingJobRequest request, String tenant, String caller) {
        TrainingJob job = new TrainingJob();
        job.id = UUID.randomUUID();
        job.tenant = tenant;
        job.datasetId = request.datasetId();
        job.target = request.target();
        job.modelType = request.modelType();
        job.requestedEpsilon = request.epsilon();
        job.requestedDelta = request.delta();
        job.startedBy = caller;
        job.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        job.traceId = Tracing.currentTraceId();
        complete(job);
        job.persist();
        return job;
    }

    private void complete(TrainingJob job) {
        Map<String, Object> artifact = new LinkedHashMap<>();
        artifact.put("format", PLACEHOLDER_FORMAT);
        artifact.put("jobId", job.id.toString());
        artifact.put("modelType", job.modelType);
        artifact.put("target", job.target);
        artifact.put("datasetId", job.datasetId);
        artifact.put("trained", false);
        try {
            job.modelArtifact = json.writeValueAsBytes(artifact);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        job.modelSha256 = Sha256.hex(job.modelArtifact);
        job.status = TrainingJob.Status.COMPLETED.name();
        job.completedAt = OffsetDateTime.now(ZoneOffset.UTC);

        String base = services.privacyUrl().orElseThrow(() ->
                new ProblemException(503, "Misconfigured", "custos.services.privacy-url is not set"));
        TrainingCompleted payload = new TrainingCompleted(job.id.toString(), job.datasetId, null, job.modelType,
                job.target, List.of(), Map.of(), new PrivacySpent(null, null, "none", null, null, 0L),
                base + "/api/privacy/training-jobs/" + job.id + "/model", job.modelSha256, job.tenant, job.startedBy);
        outbox.publish(outbox.topics().trainingCompleted(), EventTypes.TRAINING_COMPLETED_V1, job.id.toString(),
                job.tenant, payload);
    }
}
