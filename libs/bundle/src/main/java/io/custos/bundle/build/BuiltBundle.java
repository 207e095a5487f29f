package io.custos.bundle.build;

import io.custos.bundle.archive.BundleFiles;

/**
 * A built, signed bundle: its files, the zip that carries them, and the digests events and
 * registries record.
 */
public record BuiltBundle(BundleFiles files, byte[] zip, BundleMetadata metadata, Digests digests) {

    /** SHA-256 (hex) of the zip, the ONNX file, the SBOM, the signed attestation and the training artifact. */
    public record Digests(String bundle, String onnx, String sbom, String provenance, String model) {
    }
}
