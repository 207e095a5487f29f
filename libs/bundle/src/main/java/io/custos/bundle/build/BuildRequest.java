package io.custos.bundle.build;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a bundle is built from. The model artifact is the training job's output, byte for
 * byte (its SHA-256 is the one the training-completed event carried); the rest is lineage.
 *
 * @param modelArtifactUri where the artifact was fetched from (provenance records it)
 * @param trainingCompletedAt null if unknown
 */
public record BuildRequest(
        String bundleId,
        String modelName,
        String modelVersion,
        String trainingJobId,
        byte[] modelArtifact,
        String modelArtifactUri,
        String datasetId,
        Map<String, Double> metrics,
        String startedBy,
        Instant trainingCompletedAt,
        Instant createdAt,
        Builder builder) {

    /** Who builds: a URI naming the builder (SLSA builder.id) and its version. */
    public record Builder(String id, String version) {
    }

    public BuildRequest {
        Objects.requireNonNull(bundleId, "bundleId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(trainingJobId, "trainingJobId");
        Objects.requireNonNull(modelArtifact, "modelArtifact");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(builder, "builder");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
