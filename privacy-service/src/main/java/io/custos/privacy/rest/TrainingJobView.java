package io.custos.privacy.rest;

import io.custos.privacy.domain.TrainingJob;
import java.time.OffsetDateTime;

/** A training job as the API shows it (never the artifact bytes). */
public record TrainingJobView(
        String id,
        String datasetId,
        String target,
        String modelType,
        String status,
        Double requestedEpsilon,
        Double requestedDelta,
        String startedBy,
        OffsetDateTime createdAt,
        OffsetDateTime completedAt,
        String modelSha256,
        String traceId) {

    public static TrainingJobView of(TrainingJob j) {
        return new TrainingJobView(j.id.toString(), j.datasetId, j.target, j.modelType, j.status, j.requestedEpsilon,
                j.requestedDelta, j.startedBy, j.createdAt, j.completedAt, j.modelSha256, j.traceId);
    }
}
