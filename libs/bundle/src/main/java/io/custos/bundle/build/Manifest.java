package io.custos.bundle.build;

import io.custos.bundle.BundleJson;
import io.custos.bundle.BundleLayout;
import io.custos.crypto.Sha256;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json}: the SHA-256 and size of every bundle file but itself and the
 * attestation (which signs the manifest among the other files).
 */
public record Manifest(String format, String bundleId, List<Entry> files) {

    public record Entry(String path, String sha256, long size) {
    }

    static Manifest of(String bundleId, Map<String, byte[]> files) {
        List<Entry> entries = new TreeMap<>(files).entrySet().stream()
                .filter(e -> !e.getKey().equals(BundleLayout.MANIFEST) && !e.getKey().equals(BundleLayout.ATTESTATION))
                .map(e -> new Entry(e.getKey(), Sha256.hex(e.getValue()), e.getValue().length)).toList();
        return new Manifest(BundleLayout.FORMAT, bundleId, entries);
    }

    byte[] toJson() {
        return BundleJson.write(this);
    }

    public static Manifest parse(byte[] json) {
        return BundleJson.read(json, Manifest.class, BundleLayout.MANIFEST);
    }
}
