package io.custos.governance.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.governance.domain.ModelRecord;
import java.time.OffsetDateTime;

public record ModelView(String id, String name, String version, String source, String bundleId, String trainingJobId,
        Digests digests, String signingKeyId, JsonNode privacy, String traceId, OffsetDateTime registeredAt,
        OffsetDateTime updatedAt) {

    public record Digests(String model, String bundle, String onnx, String sbom, String provenance) {
    }

    public static ModelView of(ModelRecord r, ObjectMapper json) {
        JsonNode privacy;
        try {
            privacy = r.privacy == null ? null : json.readTree(r.privacy);
        } catch (Exception e) {
            privacy = null;
        }
        return new ModelView(r.id.toString(), r.name, r.version, r.source, r.bundleId, r.trainingJobId,
                new Digests(r.modelSha256, r.bundleSha256, r.onnxSha256, r.sbomSha256, r.provenanceSha256),
                r.signingKeyId, privacy, r.traceId, r.registeredAt, r.updatedAt);
    }
}
