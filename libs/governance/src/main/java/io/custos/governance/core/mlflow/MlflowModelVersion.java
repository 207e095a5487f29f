package io.custos.governance.core.mlflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model version as MLflow answers it ({@code model_versions[]} of model-versions/search).
 *
 * @param currentStage MLflow's stage as sent ({@code Production}, {@code Staging}, {@code Archived},
 *                     {@code None}); normalized later by {@link MlflowNormalizer}
 * @param source       where the model files are, usually {@code <run artifact uri>/<path>}
 * @param status       registration status ({@code READY}, {@code PENDING_REGISTRATION}, {@code FAILED_REGISTRATION})
 * @param aliases      aliases when the answer carries them (model-versions/get does, search does not)
 */
public record MlflowModelVersion(
        String name,
        String version,
        Instant createdAt,
        Instant lastUpdatedAt,
        String currentStage,
        String description,
        String source,
        String runId,
        String status,
        Map<String, String> tags,
        List<String> aliases) {

    public MlflowModelVersion {
        tags = Map.copyOf(tags);
        aliases = List.copyOf(aliases);
    }
}
