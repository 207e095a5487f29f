package io.custos.packaging.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.packaging.domain.Bundle;
import java.time.OffsetDateTime;

/**
 * A bundle as the API shows it: identity, lineage, digests, signing key, and the bundle's
 * metadata.json (privacy, metrics, features, ONNX parity).
 */
public record BundleView(String id, String modelName, int version, String trainingJobId, String status,
        String modelType, String datasetId, String datasetSha256, Digests digests, Long bundleSize,
        String signingKeyId, JsonNode metadata, String traceId, OffsetDateTime createdAt) {

    public record Digests(String bundle, String onnx, String sbom, String provenance, String model) {
    }

    public static BundleView of(Bundle b, ObjectMapper json) {
        JsonNode metadata;
        try {
            metadata = b.metadata == null ? null : json.readTree(b.metadata);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored metadata of bundle " + b.id + " is unreadable", e);
        }
        return new BundleView(b.id.toString(), b.modelName, b.version, b.trainingJobId, b.status, b.modelType,
                b.datasetId, b.datasetSha256, new Digests(b.bundleSha256, b.onnxSha256, b.sbomSha256,
                        b.provenanceSha256, b.modelSha256),
                b.bundleSize, b.signingKeyId, metadata, b.traceId, b.createdAt);
    }
}
