package io.custos.packaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.bundle.fixtures.SyntheticModels;
import io.custos.bundle.validate.BundleValidator;
import io.custos.bundle.validate.ValidationReport;
import io.custos.crypto.PublicKeySet;
import io.custos.crypto.Sha256;
import io.custos.events.CloudEventCodec;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.KafkaProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ArtifactServer.class, restrictToAnnotatedClass = false)
class BundleApiTest {

    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private final KafkaProbe kafka = KafkaProbe.shared();

    private static final String ENGINEER = Trainings.token("erin", "initech", "ml-engineer");
    private static final String AUDITOR = Trainings.token("audrey", "initech", "auditor");
    private static final String ADMIN = Trainings.token("ada", "initech", "admin");

    /** Publishes a finished job and waits for its bundle; returns the bundle id. */
    private String bundled(String modelType, long seed) {
        String jobId = UUID.randomUUID().toString();
        byte[] artifact = SyntheticModels.json(SyntheticModels.artifact(modelType, true, seed));
        kafka.publish("training-completed", jobId, CODEC.encode(Trainings.event(jobId, "initech",
                Trainings.serve(jobId, artifact), Sha256.hex(artifact), null)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(AUDITOR)
                .get("/api/packaging/bundles").then().body("findAll { it.trainingJobId == '" + jobId + "' }", hasSize(1)));
        return given().auth().oauth2(AUDITOR).get("/api/packaging/bundles").then().extract()
                .path("find { it.trainingJobId == '" + jobId + "' }.id");
    }

    private static byte[] download(String bundleId) {
        return given().auth().oauth2(AUDITOR).get("/api/packaging/bundles/" + bundleId + "/download").then()
                .statusCode(200).extract().asByteArray();
    }

    private static JsonPath validate(byte[] zip) {
        return given().auth().oauth2(AUDITOR).contentType("application/zip").body(zip)
                .post("/api/packaging/bundles/validate").then().statusCode(200).extract().jsonPath();
    }

    private static String status(JsonPath report, String check) {
        return report.getString("checks.find { it.id == '" + check + "' }.status");
    }

    @Test
    void aDownloadedBundleVerifiesOfflineWithThePublishedKeysAndOnTheServer() throws IOException {
        String id = bundled("mlp", 11);
        byte[] zip = download(id);
        Path keys = Files.createTempFile("custos-keys", ".json");
        Files.write(keys, given().auth().oauth2(AUDITOR).get("/api/packaging/keys").then().statusCode(200)
                .body("keys[0].algorithm", equalTo("Ed25519")).extract().asByteArray());

        ValidationReport offline = BundleValidator.validate(new ByteArrayInputStream(zip),
                BundleValidator.Options.validate(PublicKeySet.read(keys)));
        assertTrue(offline.valid(), () -> "failures: " + offline.failures());

        given().auth().oauth2(AUDITOR).get("/api/packaging/bundles/" + id + "/verify").then().statusCode(200)
                .body("valid", equalTo(true), "mode", equalTo("verify"), "bundleId", equalTo(id));
        given().auth().oauth2(AUDITOR).get("/api/packaging/bundles/" + id + "/verify?mode=validate").then()
                .statusCode(200).body("valid", equalTo(true), "checks.find { it.id == 'onnx.parity' }.status",
                        equalTo("PASS"));
        given().auth().oauth2(AUDITOR).get("/api/packaging/bundles/" + id + "/provenance?format=statement").then()
                .statusCode(200).body("_type", equalTo("https://in-toto.io/Statement/v1"),
                        "predicateType", equalTo("https://slsa.dev/provenance/v1"));
        given().auth().oauth2(AUDITOR).get("/api/packaging/bundles/" + id + "/provenance?format=prov").then()
                .statusCode(200).body("entity.'custos:bundle/" + id + "'.'prov:type'", equalTo("custos:Bundle"));
        given().auth().oauth2(AUDITOR).get("/api/packaging/bundles/" + id + "/provenance?format=pdf").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("dsse"));

        JsonPath uploaded = validate(zip);
        assertTrue(uploaded.getBoolean("valid"), uploaded.prettify());
        assertEquals("PASS", status(uploaded, "signature"));
    }

    @Test
    void anUploadedBundleThatWasTamperedWithIsReportedInvalidAndNothingIsKept() throws IOException {
        byte[] zip = download(bundled("logistic", 12));
        byte[] tampered = rewrite(zip, "model.onnx", bytes -> {
            bytes[bytes.length - 3] ^= 1;
            return bytes;
        });
        long before = stagedFiles();

        JsonPath report = validate(tampered);

        assertFalse(report.getBoolean("valid"));
        assertEquals("FAIL", status(report, "manifest"));
        assertEquals("FAIL", status(report, "attestation.subjects"));
        assertEquals(before, stagedFiles(), "the upload is not kept");

        JsonPath slip = validate(zipOf("../../escape.txt", "x"));
        assertFalse(slip.getBoolean("valid"));
        assertTrue(slip.getString("checks[0].message").contains("ZIP_SLIP"), slip.prettify());

        JsonPath notZip = validate("definitely not a zip".getBytes(StandardCharsets.UTF_8));
        assertEquals("FAIL", status(notZip, "archive"));
    }

    @Test
    void uploadsAreBoundedAndNeedABody() throws IOException {
        long before = stagedFiles();
        given().auth().oauth2(AUDITOR).contentType("application/zip").body(new byte[9 * 1024 * 1024])
                .post("/api/packaging/bundles/validate").then().statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("custos.packaging.validation.max-upload-bytes"));
        given().auth().oauth2(AUDITOR).contentType("application/zip").body(new byte[0])
                .post("/api/packaging/bundles/validate").then().statusCode(400)
                .body("detail", containsString("no body"));
        given().auth().oauth2(AUDITOR).contentType("application/zip").body(new byte[] {1})
                .post("/api/packaging/bundles/validate?mode=sideways").then().statusCode(400)
                .body("detail", containsString("validate or verify"));
        assertEquals(before, stagedFiles(), "refused uploads leave no staged file");
        given().auth().oauth2(Trainings.token("f", "initech", "fl-client")).contentType("application/zip")
                .body(new byte[] {1}).post("/api/packaging/bundles/validate").then().statusCode(403);
    }

    @Test
    void onDemandBuildsReturnTheExistingBundleAndExplainWhatTheyCannotBuild() {
        String id = bundled("svm", 13);
        String jobId = given().auth().oauth2(AUDITOR).get("/api/packaging/bundles/" + id).then().extract()
                .path("trainingJobId");
        given().auth().oauth2(ENGINEER).contentType("application/json").body("{\"trainingJobId\":\"" + jobId + "\"}")
                .post("/api/packaging/bundles").then().statusCode(200).body("id", equalTo(id));

        given().auth().oauth2(ENGINEER).contentType("application/json").body("{\"trainingJobId\":\"no-such-job\"}")
                .post("/api/packaging/bundles").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("no-such-job"));
        given().auth().oauth2(ENGINEER).contentType("application/json").body("{}")
                .post("/api/packaging/bundles").then().statusCode(400).contentType("application/problem+json")
                .body(containsString("trainingJobId"));
        given().auth().oauth2(AUDITOR).contentType("application/json").body("{\"trainingJobId\":\"" + jobId + "\"}")
                .post("/api/packaging/bundles").then().statusCode(403);

        // A job whose artifact is not a model: no bundle, and a request to build says why.
        String broken = UUID.randomUUID().toString();
        byte[] notAModel = "{\"format\":\"custos-model/v0\"}".getBytes(StandardCharsets.UTF_8);
        kafka.publish("training-completed", broken, CODEC.encode(Trainings.event(broken, "initech",
                Trainings.serve(broken, notAModel), Sha256.hex(notAModel), null)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ENGINEER)
                .contentType("application/json").body("{\"trainingJobId\":\"" + broken + "\"}")
                .post("/api/packaging/bundles").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("cannot be packaged")));
        given().auth().oauth2(AUDITOR).get("/api/packaging/bundles").then()
                .body("findAll { it.trainingJobId == '" + broken + "' }", hasSize(0));
    }

    @Test
    void rotationKeepsOldBundlesVerifiableAndIsForAdminsOnly() {
        String before = bundled("logistic", 14);
        String oldKey = given().auth().oauth2(AUDITOR).get("/api/packaging/bundles/" + before).then().extract()
                .path("signingKeyId");

        given().auth().oauth2(ENGINEER).post("/api/packaging/keys/rotate").then().statusCode(403);
        JsonPath rotated = given().auth().oauth2(ADMIN).post("/api/packaging/keys/rotate").then().statusCode(200)
                .extract().jsonPath();
        String active = rotated.getString("keys.find { it.status == 'active' }.keyId");
        assertNotEquals(oldKey, active);
        assertEquals("retired", rotated.getString("keys.find { it.keyId == '" + oldKey + "' }.status"));

        String after = bundled("logistic", 15);
        given().auth().oauth2(AUDITOR).get("/api/packaging/bundles/" + after).then().body("signingKeyId", equalTo(active));
        for (String id : List.of(before, after)) {
            given().auth().oauth2(AUDITOR).get("/api/packaging/bundles/" + id + "/verify").then().statusCode(200)
                    .body("valid", equalTo(true));
        }
    }

    @Test
    void anotherTenantCannotReachABundlesParts() {
        String id = bundled("logistic", 16);
        String globex = Trainings.token("g", "globex", "auditor");
        for (String part : List.of("", "/download", "/onnx", "/sbom", "/provenance", "/verify")) {
            given().auth().oauth2(globex).get("/api/packaging/bundles/" + id + part).then().statusCode(404);
        }
    }

    private interface Edit {
        byte[] apply(byte[] bytes);
    }

    private static byte[] rewrite(byte[] zip, String name, Edit edit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
                ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(e.getName().equals(name) ? edit.apply(bytes) : bytes);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] zipOf(String name, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return out.toByteArray();
    }

    private static long stagedFiles() throws IOException {
        Path staging = Path.of("target/bundles/staging");
        if (!Files.exists(staging)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(staging)) {
            return s.count();
        }
    }
}
