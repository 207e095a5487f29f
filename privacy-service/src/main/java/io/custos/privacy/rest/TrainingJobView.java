package io.custos.privacy.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.privacy.domain.TrainingJob;
import java.time.OffsetDateTime;

/** A training job as the API shows it: status, what was asked, and the report (metrics and account). */
public record TrainingJobView(
        String id,
        String datasetId,
        String target,
        String modelType,
        String status,
        Double requestedEpsilon,
        Double requestedDelta,
        Double epsilonSpent,
        Double deltaSpent,
        String startedBy,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime completedAt,
        String modelSha256,
        String failure,
        String traceId,
        JsonNode report) {

    public static TrainingJobView of(TrainingJob j, ObjectMapper json) {
        JsonNode report = null;
        if (j.report != null) {
            try {
                report = json.readTree(j.report);
            } catch (Exception e) {
                report = null;
            }
        }
        return new TrainingJobView(j.id.toString(), j.datasetId, j.target, j.modelType, j.status, j.requestedEpsilon,
                j.requestedDelta, j.epsilonSpent, j.deltaSpent, j.startedBy, j.createdAt, j.startedAt, j.completedAt,
                j.modelSha256, j.failure, j.traceId, report);
    }
}
