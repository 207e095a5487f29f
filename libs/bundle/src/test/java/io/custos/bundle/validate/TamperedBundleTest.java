package io.custos.bundle.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custos.bundle.BundleJson;
import io.custos.bundle.BundleLayout;
import io.custos.bundle.archive.BundleFiles;
import io.custos.bundle.build.BuiltBundle;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.crypto.Ed25519PublicKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Each way a bundle can be altered after signing, and the check that catches it. */
class TamperedBundleTest {

    private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.generate();
    private static final Ed25519PrivateKey ATTACKER = Ed25519PrivateKey.generate();
    private static final Map<String, Ed25519PublicKey> TRUSTED = Map.of(KEY.publicKey().keyId(), KEY.publicKey());
    private static final BuiltBundle BUILT = Bundles.build("logistic", true, KEY);

    private static ValidationReport validate(BundleFiles files) {
        return BundleValidator.validate(files, BundleValidator.Options.validate(TRUSTED));
    }

    private static ValidationReport verify(BundleFiles files) {
        return BundleValidator.validate(files, BundleValidator.Options.verify(TRUSTED));
    }

    private static void assertFails(ValidationReport r, String check, String messagePart) {
        assertFalse(r.valid());
        CheckResult c = r.check(check);
        assertEquals(CheckResult.Status.FAIL, c.status(), () -> check + ": " + c);
        assertTrue(c.message().contains(messagePart), () -> check + " says: " + c.message());
    }

    @Test
    void aTamperedFileFailsTheManifestAndTheSignedSubjects() {
        Map<String, byte[]> files = Bundles.copy(BUILT.files());
        files.get(BundleLayout.ONNX)[files.get(BundleLayout.ONNX).length - 1] ^= 1;
        BundleFiles tampered = BundleFiles.of(files);

        ValidationReport r = verify(tampered);
        assertFails(r, "manifest", "model.onnx does not match its SHA-256");
        assertFails(r, "attestation.subjects", "model.onnx differs from its signed SHA-256");
        assertEquals(CheckResult.Status.PASS, r.check("signature").status(), "the envelope itself is intact");
    }

    @Test
    void aTamperedSignatureFails() {
        Map<String, byte[]> files = Bundles.copy(BUILT.files());
        ObjectNode env = (ObjectNode) BundleJson.tree(files.get(BundleLayout.ATTESTATION), "env");
        ObjectNode sig = (ObjectNode) env.path("signatures").get(0);
        byte[] raw = Base64.getDecoder().decode(sig.path("sig").asText());
        raw[5] ^= 0x20;
        sig.put("sig", Base64.getEncoder().encodeToString(raw));
        files.put(BundleLayout.ATTESTATION, BundleJson.write(env));

        assertFails(verify(BundleFiles.of(files)), "signature", KEY.publicKey().keyId());
    }

    @Test
    void aTamperedStatementFailsTheSignature() {
        Map<String, byte[]> files = Bundles.copy(BUILT.files());
        ObjectNode env = (ObjectNode) BundleJson.tree(files.get(BundleLayout.ATTESTATION), "env");
        String statement = new String(Base64.getDecoder().decode(env.path("payload").asText()), StandardCharsets.UTF_8);
        env.put("payload", Base64.getEncoder().encodeToString(
                statement.replace("logistic-income", "logistic-incomf").getBytes(StandardCharsets.UTF_8)));
        files.put(BundleLayout.ATTESTATION, BundleJson.write(env));

        assertFails(verify(BundleFiles.of(files)), "signature", "");
    }

    @Test
    void aWrongKeyFailsAndNamesTheKeys() {
        Ed25519PublicKey other = Ed25519PrivateKey.generate().publicKey();
        ValidationReport r = BundleValidator.validate(BUILT.files(),
                BundleValidator.Options.verify(Map.of(other.keyId(), other)));
        assertFails(r, "signature", other.keyId());
        assertTrue(r.check("signature").message().contains(KEY.publicKey().keyId()), r.check("signature").message());
    }

    @Test
    void aConsistentlyReSignedBundleIsRejectedUnlessItsSignerIsTrusted() {
        Map<String, byte[]> files = Bundles.copy(BUILT.files());
        files.get(BundleLayout.ONNX)[100] ^= 1;
        BundleFiles resigned = Bundles.resign(files, ATTACKER);

        ValidationReport r = verify(resigned);
        assertEquals(CheckResult.Status.PASS, r.check("manifest").status(), "digests are consistent");
        assertEquals(CheckResult.Status.PASS, r.check("attestation.subjects").status());
        assertFails(r, "signature", ATTACKER.publicKey().keyId());
    }

    @Test
    void anAddedFileIsCaught() {
        Map<String, byte[]> files = Bundles.copy(BUILT.files());
        files.put("loader.py", "import os; os.system('id')".getBytes(StandardCharsets.UTF_8));
        ValidationReport r = verify(BundleFiles.of(files));
        assertFails(r, "manifest", "loader.py is not in the manifest");
        assertFails(r, "attestation.subjects", "loader.py is not covered by the signed statement");
        assertEquals(CheckResult.Status.WARN, r.check("layout").status());
    }

    @Test
    void aRemovedFileIsCaught() {
        Map<String, byte[]> files = Bundles.copy(BUILT.files());
        files.remove(BundleLayout.SBOM);
        ValidationReport r = verify(BundleFiles.of(files));
        assertFails(r, "layout", "missing sbom.cdx.json");
        assertFails(r, "manifest", "sbom.cdx.json is listed but absent");
        assertFails(r, "attestation.subjects", "sbom.cdx.json is signed but absent");
    }

    @Test
    void aModelThatNoLongerComputesWhatWasTrainedFailsParityEvenWhenSignedByTheTrustedKey() {
        Map<String, byte[]> files = Bundles.copy(BUILT.files());
        files.put(BundleLayout.ONNX, Bundles.build("mlp", true, KEY).files().bytes(BundleLayout.ONNX));
        ValidationReport r = validate(Bundles.resign(files, KEY));
        assertEquals(CheckResult.Status.PASS, r.check("signature").status());
        assertFails(r, "onnx.parity", "model.onnx differs from custos-model.json");
        assertFails(r, "metadata", "onnx.sha256 does not match model.onnx");
    }

    @Test
    void schemaViolationsAreNamedPerDocument() {
        Map<String, byte[]> files = Bundles.copy(BUILT.files());
        files.put(BundleLayout.MLMODEL, new String(files.get(BundleLayout.MLMODEL), StandardCharsets.UTF_8)
                .replace("loader_module: mlflow.onnx", "loader_module: mlflow.pyfunc.loaders.evil")
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode prov = (ObjectNode) BundleJson.tree(files.get(BundleLayout.PROV), "prov");
        ((ObjectNode) prov.path("used")).putObject("_:used9").put("prov:entity", "custos:dataset/x");
        files.put(BundleLayout.PROV, BundleJson.write(prov));
        ObjectNode sbom = (ObjectNode) BundleJson.tree(files.get(BundleLayout.SBOM), "sbom");
        sbom.put("specVersion", "9.9");
        files.put(BundleLayout.SBOM, BundleJson.write(sbom));

        ValidationReport r = validate(Bundles.resign(files, KEY));
        assertFails(r, "mlmodel", "loader_module");
        assertFails(r, "provenance.prov", "prov:activity");
        assertEquals(CheckResult.Status.FAIL, r.check("sbom").status(), r.check("sbom").message());
    }

    @Test
    void aYamlBombInMlmodelIsRejectedAsSuch() {
        Map<String, byte[]> files = Bundles.copy(BUILT.files());
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append((char) ('a' + i)).append(": &").append((char) ('a' + i)).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append('*').append((char) ('a' + i - 1));
            }
            bomb.append("]\n");
        }
        files.put(BundleLayout.MLMODEL, bomb.toString().getBytes(StandardCharsets.UTF_8));
        ValidationReport r = validate(Bundles.resign(files, KEY));
        assertFails(r, "mlmodel", "YAML_BOMB");
    }

    @Test
    void aZipSlipArchiveStopsAtTheArchiveCheck() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("../../etc/cron.d/evil"));
            zip.write("* * * * * root id".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        ValidationReport r = BundleValidator.validate(new ByteArrayInputStream(bytes.toByteArray()),
                BundleValidator.Options.validate(TRUSTED));
        assertFalse(r.valid());
        assertEquals(1, r.checks().size());
        assertFails(r, "archive", "ZIP_SLIP");
    }
}
