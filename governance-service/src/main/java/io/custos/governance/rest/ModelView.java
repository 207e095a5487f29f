package io.custos.governance.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.governance.domain.ModelRecord;
import java.time.OffsetDateTime;

/**
 * An inventory record as listed: identity, lifecycle stage, owner, where it came from, whether it
 * is complete, its compliance status, and the Custos digests and privacy when it is ours.
 */
public record ModelView(String id, String name, String version, String source, String sourceId, String stage,
        String owner, boolean complete, String incompleteReason, String complianceStatus, String bundleId,
        String trainingJobId, Digests digests, String signingKeyId, JsonNode privacy, String traceId,
        OffsetDateTime registeredAt, OffsetDateTime updatedAt) {

    public record Digests(String model, String bundle, String onnx, String sbom, String provenance) {
    }

    public static ModelView of(ModelRecord r, ObjectMapper json) {
        return new ModelView(r.id.toString(), r.name, r.version, r.source, r.sourceId == null ? null : r.sourceId.toString(),
                r.stage, r.owner, r.complete, r.incompleteReason, r.complianceStatus, r.bundleId, r.trainingJobId,
                new Digests(r.modelSha256, r.bundleSha256, r.onnxSha256, r.sbomSha256, r.provenanceSha256),
                r.signingKeyId, tree(json, r.privacy), r.traceId, r.registeredAt, r.updatedAt);
    }

    static JsonNode tree(ObjectMapper json, String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
