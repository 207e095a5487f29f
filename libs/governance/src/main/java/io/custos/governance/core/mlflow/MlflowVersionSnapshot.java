package io.custos.governance.core.mlflow;

import java.util.List;

/**
 * Everything fetched from MLflow about one model version, as far as it could be fetched: the input
 * of {@link MlflowNormalizer}. Only {@code model} and {@code version} are always present.
 *
 * @param run        null when it could not be fetched
 * @param experiment null when it could not be fetched
 * @param artifacts  null when the artifacts could not be listed
 * @param problems   why parts are missing, one sentence each; empty when complete
 */
public record MlflowVersionSnapshot(
        MlflowRegisteredModel model,
        MlflowModelVersion version,
        MlflowRun run,
        MlflowExperiment experiment,
        MlflowArtifactScan artifacts,
        List<String> problems) {

    public MlflowVersionSnapshot {
        if (model == null || version == null) {
            throw new IllegalArgumentException("a snapshot needs at least the model and the version");
        }
        problems = List.copyOf(problems);
    }
}
