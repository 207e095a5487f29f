package io.custos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.bundle.build.BuildRequest;
import io.custos.bundle.build.BuiltBundle;
import io.custos.bundle.build.BundleBuilder;
import io.custos.bundle.fixtures.SyntheticModels;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.crypto.PublicKeySet;
import io.custos.crypto.SigningKeyRing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCommandTest {

    @TempDir
    static Path dir;
    static Path zip;
    static Path keysJson;
    static Path pem;

    @BeforeAll
    static void build() throws Exception {
        SigningKeyRing ring = SigningKeyRing.openOrCreate(dir.resolve("ring"));
        BuiltBundle b = BundleBuilder.build(new BuildRequest("0b7c3a52-9d4e-4f61-8a2b-3c4d5e6f7a8b", "logistic-income",
                "1", "job-1", SyntheticModels.json(SyntheticModels.artifact("logistic", true, 3)), null, "adult-v1",
                Map.of("accuracy", 0.8), "alice", null, Instant.parse("2026-11-23T12:00:00Z"),
                new BuildRequest.Builder("https://custos.local/packaging-service", "test")), ring.activeKey());
        zip = dir.resolve("bundle.zip");
        Files.write(zip, b.zip());
        keysJson = dir.resolve("keys.json");
        Files.write(keysJson, PublicKeySet.toJson(ring.keys()));
        pem = dir.resolve("key.pem");
        Files.writeString(pem, ring.activeKey().publicKey().toPem());
    }

    @Test
    void validateRunsEveryCheckAndExitsZeroForAGoodBundle() {
        Cli r = Cli.run("bundle", "validate", zip.toString(), "--public-key", keysJson.toString());
        assertEquals(CustosCli.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("PASS signature"), r.out());
        assertTrue(r.out().contains("PASS onnx.parity"), r.out());
        assertTrue(r.out().contains("SKIP vulnerabilities"), r.out());
        assertTrue(r.out().contains("bundle 0b7c3a52-9d4e-4f61-8a2b-3c4d5e6f7a8b is valid"), r.out());
    }

    @Test
    void verifyAcceptsAPemKeyAndPrintsJsonOnRequest() throws Exception {
        Cli r = Cli.run("bundle", "verify", zip.toString(), "--public-key", pem.toString(), "--json");
        assertEquals(CustosCli.OK, r.exitCode(), r.out() + r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals("verify", report.path("mode").asText());
        assertEquals(6, report.path("checks").size());
    }

    @Test
    void verifyNeedsAKeyAndFailsWithTheWrongOne() throws Exception {
        Cli none = Cli.run("bundle", "verify", zip.toString());
        assertEquals(CustosCli.USAGE, none.exitCode());
        assertTrue(none.err().contains("--public-key is required"), none.err());

        Path other = dir.resolve("other.pem");
        Files.writeString(other, Ed25519PrivateKey.generate().publicKey().toPem());
        Cli wrong = Cli.run("bundle", "verify", zip.toString(), "--public-key", other.toString());
        assertEquals(CustosCli.FAILURE, wrong.exitCode());
        assertTrue(wrong.out().contains("FAIL signature"), wrong.out());
        assertTrue(wrong.out().contains("NOT valid"), wrong.out());
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        Cli missing = Cli.run("bundle", "validate", dir.resolve("nope.zip").toString());
        assertEquals(CustosCli.USAGE, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());

        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not a key");
        Cli badKey = Cli.run("bundle", "validate", zip.toString(), "--public-key", garbage.toString());
        assertEquals(CustosCli.USAGE, badKey.exitCode());
        assertTrue(badKey.err().contains("--public-key " + garbage), badKey.err());
    }

    @Test
    void anOsvAdvisoryAgainstAPinnedLibraryFailsValidation() throws Exception {
        Path osv = dir.resolve("osv.json");
        Files.writeString(osv, """
                {"vulns":[{"id":"GHSA-test-0001","modified":"2026-10-01T00:00:00Z","summary":"test advisory",
                  "affected":[{"package":{"ecosystem":"PyPI","name":"numpy"},
                    "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.0.0"}]}]}]}]}""",
                StandardCharsets.UTF_8);
        Cli r = Cli.run("bundle", "validate", zip.toString(), "--public-key", keysJson.toString(), "--osv",
                osv.toString());
        assertEquals(CustosCli.FAILURE, r.exitCode(), r.out());
        assertTrue(r.out().contains("GHSA-test-0001 in numpy 1.26.4 (fixed in 2.0.0)"), r.out());
    }
}
