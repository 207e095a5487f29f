package io.custos.governance.core.mlflow;

import java.util.Arrays;

/**
 * The only MLflow endpoints the connector may call, all of them reads, all with GET. The client
 * cannot send a request anywhere else: it takes one of these constants, never a path, so the
 * integration can never register, promote, tag or delete anything in the customer's MLflow.
 */
public enum MlflowEndpoint {
    REGISTERED_MODELS_SEARCH("/api/2.0/mlflow/registered-models/search"),
    MODEL_VERSIONS_SEARCH("/api/2.0/mlflow/model-versions/search"),
    RUNS_GET("/api/2.0/mlflow/runs/get"),
    EXPERIMENTS_GET("/api/2.0/mlflow/experiments/get"),
    ARTIFACTS_LIST("/api/2.0/mlflow/artifacts/list"),
    /** The tracking server's raw file download (not under /api): {@code ?run_id=...&path=...}. */
    GET_ARTIFACT("/get-artifact");

    /** Every request is a GET: MLflow defines all of these as reads. */
    public static final String METHOD = "GET";

    private final String path;

    MlflowEndpoint(String path) {
        this.path = path;
    }

    /** The path below the tracking URI (which may itself carry a prefix). */
    public String path() {
        return path;
    }

    /** Whether a request path (below the tracking URI) is one of the allowed reads. */
    public static boolean isAllowedPath(String path) {
        return Arrays.stream(values()).anyMatch(e -> e.path.equals(path));
    }
}
