package io.custos.bundle.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.bundle.BundleJson;
import io.custos.bundle.BundleLayout;
import io.custos.bundle.archive.ArchiveLimits;
import io.custos.bundle.archive.BundleFiles;
import io.custos.bundle.archive.SafeYaml;
import io.custos.bundle.build.BuiltBundle;
import io.custos.bundle.build.MlflowFiles;
import io.custos.bundle.onnx.OnnxRunner;
import io.custos.bundle.sbom.OsvDatabase;
import io.custos.bundle.sbom.RuntimeLibraries;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.crypto.Sha256;
import io.custos.crypto.SigningKeyRing;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BundleRoundTripTest {

    private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.generate();

    @ParameterizedTest
    @CsvSource({"logistic,true", "svm,false", "mlp,true"})
    void aBuiltBundlePassesEveryCheckWithTheSigningKey(String modelType, boolean dp, @TempDir Path dir) throws Exception {
        BuiltBundle built = Bundles.build(modelType, dp, KEY);
        Path zip = dir.resolve("bundle.zip");
        Files.write(zip, built.zip());

        ValidationReport report = BundleValidator.validate(zip,
                BundleValidator.Options.validate(Map.of(KEY.publicKey().keyId(), KEY.publicKey())));

        assertTrue(report.valid(), () -> "failures: " + report.failures());
        for (String id : List.of("archive", "layout", "manifest", "attestation", "signature", "attestation.subjects",
                "metadata", "mlmodel", "environment", "onnx", "onnx.parity", "provenance.prov", "sbom")) {
            assertEquals(CheckResult.Status.PASS, report.check(id).status(), () -> id + ": " + report.check(id));
        }
        assertEquals(CheckResult.Status.SKIP, report.check("vulnerabilities").status());
        assertEquals("8f2d7a3c-0b1e-4c5d-9a6f-1e2d3c4b5a69", report.bundleId());
        assertEquals(KEY.publicKey().keyId(), report.signingKeyId());
        assertEquals(modelType + "-income", report.modelName());
        assertEquals(Sha256.hex(built.zip()), built.digests().bundle());
        assertEquals(Sha256.hex(built.files().bytes(BundleLayout.ONNX)), built.digests().onnx());
        assertEquals(Sha256.hex(built.files().bytes(BundleLayout.ATTESTATION)), built.digests().provenance());
        assertEquals(dp, built.metadata().privacy() != null);
    }

    @Test
    void advisoriesKnownAtBuildTimeAreRecordedInTheSbomAndFailValidation(@TempDir Path dir) throws Exception {
        Path osvFile = dir.resolve("osv.json");
        Files.writeString(osvFile, """
                [{"id":"PYSEC-2099-1","modified":"2026-10-01T00:00:00Z","summary":"test advisory",
                  "affected":[{"package":{"ecosystem":"PyPI","name":"onnxruntime"},"versions":["1.20.1"]}]}]""");
        OsvDatabase osv = OsvDatabase.load(osvFile);
        BuiltBundle built = io.custos.bundle.build.BundleBuilder.build(Bundles.request("logistic", true), KEY, osv);

        JsonNode sbom = BundleJson.tree(built.files().bytes(BundleLayout.SBOM), "sbom");
        assertEquals("PYSEC-2099-1", sbom.at("/vulnerabilities/0/id").asText());
        ValidationReport report = BundleValidator.validate(built.files(),
                BundleValidator.Options.validate(Map.of(KEY.publicKey().keyId(), KEY.publicKey())).withOsv(osv));
        assertEquals(CheckResult.Status.PASS, report.check("sbom").status(), report.check("sbom").message());
        assertEquals(CheckResult.Status.FAIL, report.check("vulnerabilities").status());
        assertTrue(report.check("vulnerabilities").message().contains("PYSEC-2099-1 in onnxruntime 1.20.1"),
                report.check("vulnerabilities").message());
    }

    @Test
    void theSameRequestAndKeyGiveTheSameBytes() {
        assertArrayEquals(Bundles.build("mlp", true, KEY).zip(), Bundles.build("mlp", true, KEY).zip());
    }

    @Test
    void theDirectoryFormIsAnMlflowModelWithItsEnvironmentPinnedOnce(@TempDir Path dir) throws Exception {
        BuiltBundle built = Bundles.build("logistic", true, KEY);
        Path model = dir.resolve("model");
        built.files().writeDirectory(model);

        Map<String, Object> mlmodel = SafeYaml.loadMap(Files.readAllBytes(model.resolve("MLmodel")), "MLmodel");
        JsonNode m = BundleJson.MAPPER.valueToTree(mlmodel);
        assertEquals("mlflow.onnx", m.at("/flavors/python_function/loader_module").asText());
        assertEquals("model.onnx", m.at("/flavors/python_function/data").asText());
        assertEquals("model.onnx", m.at("/flavors/onnx/data").asText());
        assertEquals("8f2d7a3c0b1e4c5d9a6f1e2d3c4b5a69", m.path("model_uuid").asText());
        assertEquals("2026-11-23 10:15:30.000000", m.path("utc_time_created").asText());
        JsonNode inputs = BundleJson.tree(m.at("/signature/inputs").asText().getBytes(StandardCharsets.UTF_8), "inputs");
        assertEquals("age", inputs.get(0).path("name").asText());
        assertEquals("double", inputs.get(0).path("type").asText());
        assertEquals("string", inputs.get(1).path("type").asText());
        assertEquals(1.25, m.at("/metadata/custos_epsilon").asDouble());

        String requirements = Files.readString(model.resolve("requirements.txt"));
        for (var lib : RuntimeLibraries.python()) {
            assertTrue(requirements.contains(lib.name() + "==" + lib.version() + "\n"), requirements);
        }
        ValidationReport fromDirectory = BundleValidator.validate(model,
                BundleValidator.Options.validate(Map.of(KEY.publicKey().keyId(), KEY.publicKey())));
        assertTrue(fromDirectory.valid(), () -> "failures: " + fromDirectory.failures());
    }

    @Test
    void theInputExampleIsMadeFromTheSchemaAndItsRecordedProbabilitiesAreWhatOnnxRuntimeGives() {
        BuiltBundle built = Bundles.build("mlp", false, KEY);
        List<Map<String, String>> rows = MlflowFiles.readInputExample(built.files().bytes(BundleLayout.INPUT_EXAMPLE));
        assertEquals(3, rows.size());
        assertEquals(Map.of("age", "35.25", "workclass", "Federal-gov", "hours-per-week", "25.5", "sex", "Female"),
                rows.get(0));
        try (OnnxRunner runner = new OnnxRunner(built.files().bytes(BundleLayout.ONNX))) {
            List<OnnxRunner.Prediction> p = runner.predict(rows);
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(built.metadata().onnx().exampleProbabilities().get(i), p.get(i).probability1(), 0);
            }
        }
        assertTrue(built.metadata().onnx().parity().maxAbsDifference() <= 1e-5);
        assertEquals(512, built.metadata().onnx().parity().rows());
    }

    @Test
    void withoutAKeyValidateWarnsAndVerifyFails() {
        BuiltBundle built = Bundles.build("svm", false, KEY);
        ValidationReport validated = BundleValidator.validate(built.files(), BundleValidator.Options.validate(Map.of()));
        assertTrue(validated.valid(), () -> "failures: " + validated.failures());
        assertEquals(CheckResult.Status.WARN, validated.check("signature").status());
        assertTrue(validated.check("signature").message().contains(KEY.publicKey().keyId()));

        ValidationReport verified = BundleValidator.validate(built.files(), BundleValidator.Options.verify(Map.of()));
        assertFalse(verified.valid());
        assertEquals(CheckResult.Status.FAIL, verified.check("signature").status());
    }

    @Test
    void verifyRunsOnlyTheIntegrityChecks() {
        BuiltBundle built = Bundles.build("svm", false, KEY);
        ValidationReport r = BundleValidator.validate(new ByteArrayInputStream(built.zip()),
                BundleValidator.Options.verify(Map.of(KEY.publicKey().keyId(), KEY.publicKey())));
        assertTrue(r.valid(), () -> "failures: " + r.failures());
        assertEquals(List.of("archive", "layout", "manifest", "attestation", "signature", "attestation.subjects"),
                r.checks().stream().map(CheckResult::id).toList());
        assertEquals("verify", r.mode());
    }

    @Test
    void bundlesSignedBeforeARotationStillVerifyWithTheRing(@TempDir Path dir) {
        SigningKeyRing ring = SigningKeyRing.openOrCreate(dir.resolve("keys"));
        BuiltBundle old = Bundles.build("logistic", true, ring.activeKey());
        String oldKey = ring.activeKeyId();
        ring.rotate();
        ring.rotate();
        BuiltBundle fresh = Bundles.build("logistic", true, ring.activeKey());

        assertNotNull(oldKey);
        assertFalse(oldKey.equals(ring.activeKeyId()));
        for (BuiltBundle b : List.of(old, fresh)) {
            ValidationReport r = BundleValidator.validate(b.files(), BundleValidator.Options.verify(ring.trustedKeys()));
            assertTrue(r.valid(), () -> "failures: " + r.failures());
        }
        assertEquals(oldKey, BundleValidator.validate(old.files(), BundleValidator.Options.verify(ring.trustedKeys()))
                .signingKeyId());
    }

    @Test
    void aReportOnAnUnreadableArchiveHasOnlyTheArchiveCheck() {
        ValidationReport r = BundleValidator.validate(new ByteArrayInputStream("not a zip".getBytes(StandardCharsets.UTF_8)),
                BundleValidator.Options.validate(Map.of()));
        assertFalse(r.valid());
        assertEquals(1, r.checks().size());
        assertEquals("archive", r.checks().get(0).id());
        assertNull(r.bundleId());
    }

    static BundleFiles read(byte[] zip) {
        return BundleFiles.readZip(new ByteArrayInputStream(zip), ArchiveLimits.defaults());
    }
}
