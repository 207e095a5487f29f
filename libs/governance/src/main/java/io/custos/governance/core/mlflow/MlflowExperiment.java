package io.custos.governance.core.mlflow;

import java.util.Map;

/** An experiment as MLflow answers it (experiments/get). */
public record MlflowExperiment(
        String experimentId,
        String name,
        String artifactLocation,
        String lifecycleStage,
        Map<String, String> tags) {

    public MlflowExperiment {
        tags = Map.copyOf(tags);
    }
}
