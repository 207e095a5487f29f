package io.custos.bundle.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custos.bundle.BundleJson;
import io.custos.bundle.BundleLayout;
import io.custos.bundle.archive.BundleFiles;
import io.custos.bundle.build.BuildRequest;
import io.custos.bundle.build.BuiltBundle;
import io.custos.bundle.build.BundleBuilder;
import io.custos.bundle.fixtures.SyntheticModels;
import io.custos.crypto.Dsse;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.crypto.Sha256;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Test bundles: built from synthetic models, and altered the ways an attacker or a bug would. */
final class Bundles {

    static final Instant CREATED = Instant.parse("2026-11-23T10:15:30Z");

    private Bundles() {
    }

    static BuildRequest request(String modelType, boolean dp) {
        return new BuildRequest("8f2d7a3c-0b1e-4c5d-9a6f-1e2d3c4b5a69", modelType + "-income", "3", "job-" + modelType,
                SyntheticModels.json(SyntheticModels.artifact(modelType, dp, 42)),
                "http://127.0.0.1:8081/api/privacy/training-jobs/job-" + modelType + "/model", "adult-v1",
                Map.of("accuracy", 0.82, "auc", 0.88, "logLoss", 0.41), "alice", null, CREATED,
                new BuildRequest.Builder("https://custos.local/packaging-service", "test"));
    }

    static BuiltBundle build(String modelType, boolean dp, Ed25519PrivateKey key) {
        return BundleBuilder.build(request(modelType, dp), key);
    }

    static Map<String, byte[]> copy(BundleFiles files) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.paths().forEach(p -> copy.put(p, files.bytes(p).clone()));
        return copy;
    }

    /**
     * What a signer with {@code key} would produce for {@code files} as they are now: the manifest
     * and the statement's subjects recomputed, then signed. Used to show that consistent digests
     * are not enough without a trusted signature, and to plant bugs behind a valid signature.
     */
    static BundleFiles resign(Map<String, byte[]> files, Ed25519PrivateKey key) {
        Map<String, byte[]> out = new LinkedHashMap<>(files);
        ObjectNode manifest = (ObjectNode) BundleJson.tree(out.get(BundleLayout.MANIFEST), "manifest");
        var entries = manifest.putArray("files");
        new TreeMap<>(out).forEach((path, bytes) -> {
            if (!path.equals(BundleLayout.MANIFEST) && !path.equals(BundleLayout.ATTESTATION)) {
                entries.addObject().put("path", path).put("sha256", Sha256.hex(bytes)).put("size", bytes.length);
            }
        });
        out.put(BundleLayout.MANIFEST, BundleJson.write(manifest));
        Dsse.Envelope old = Dsse.Envelope.fromJson(out.get(BundleLayout.ATTESTATION));
        ObjectNode statement = (ObjectNode) BundleJson.tree(old.payloadBytes(), "statement");
        var subjects = statement.putArray("subject");
        new TreeMap<>(out).forEach((path, bytes) -> {
            if (!path.equals(BundleLayout.ATTESTATION)) {
                subjects.addObject().put("name", path).putObject("digest").put("sha256", Sha256.hex(bytes));
            }
        });
        out.put(BundleLayout.ATTESTATION,
                Dsse.sign(BundleLayout.INTOTO_PAYLOAD_TYPE, BundleJson.write(statement), key).toJson());
        return BundleFiles.of(out);
    }
}
