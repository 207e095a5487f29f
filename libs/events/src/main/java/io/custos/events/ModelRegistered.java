package io.custos.events;

/** Data of {@code io.custos.model.registered.v1}: a bundle was built and signed. */
public record ModelRegistered(
        String bundleId,
        String modelName,
        String version,
        String trainingJobId,
        Digests digests,
        String signingKeyId,
        PrivacySpent privacy,
        String tenant) {

    /**
     * SHA-256 digests (lower-case hex) of the bundle and its parts, and of the trained model
     * artifact it was built from; null where a part is absent.
     */
    public record Digests(String bundle, String onnx, String sbom, String provenance, String model) {
    }
}
