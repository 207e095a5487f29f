package io.custos.governance.core.mlflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run as MLflow answers it (runs/get): info, the latest value of each metric, params, tags and the
 * dataset inputs (name and digest only: data minimization, the profile and schema are not kept).
 */
public record MlflowRun(
        String runId,
        String experimentId,
        String runName,
        String userId,
        String status,
        Instant startTime,
        Instant endTime,
        String artifactUri,
        String lifecycleStage,
        Map<String, Double> metrics,
        Map<String, String> params,
        Map<String, String> tags,
        List<DatasetInput> datasetInputs) {

    public MlflowRun {
        metrics = Map.copyOf(metrics);
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
        datasetInputs = List.copyOf(datasetInputs);
    }

    /**
     * A dataset logged as a run input ({@code inputs.dataset_inputs[]}).
     *
     * @param context the {@code mlflow.data.context} input tag, e.g. {@code training}, or null
     */
    public record DatasetInput(String name, String digest, String sourceType, String context) {
    }
}
