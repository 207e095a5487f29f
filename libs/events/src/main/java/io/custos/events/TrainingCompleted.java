package io.custos.events;

import java.util.List;
import java.util.Map;

/** Data of {@code io.custos.training.completed.v1}: a model finished training. */
public record TrainingCompleted(
        String jobId,
        String datasetId,
        String datasetSha256,
        String modelType,
        String target,
        List<FeatureSpec> featureSchema,
        Map<String, Double> metrics,
        PrivacySpent privacy,
        String modelUri,
        String modelSha256,
        String tenant,
        String startedBy) {
}
