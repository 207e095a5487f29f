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

    /** The dataset id of a federation's final model: no central dataset exists, the federation stands for it. */
    public static final String FEDERATION_DATASET_PREFIX = "federation:";

    public static String federationDatasetId(String federationId) {
        return FEDERATION_DATASET_PREFIX + federationId;
    }

    /** The federation that trained this model, or null for a centrally trained one. */
    public String federationId() {
        return datasetId != null && datasetId.startsWith(FEDERATION_DATASET_PREFIX)
                ? datasetId.substring(FEDERATION_DATASET_PREFIX.length()) : null;
    }
}
