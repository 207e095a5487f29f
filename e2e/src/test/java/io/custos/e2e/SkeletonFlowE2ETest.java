package io.custos.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.bundle.archive.ArchiveLimits;
import io.custos.bundle.archive.BundleFiles;
import io.custos.bundle.onnx.OnnxParity;
import io.custos.bundle.onnx.ParityResult;
import io.custos.crypto.JwtKeyFiles;
import io.custos.crypto.Sha256;
import io.custos.events.CloudEventCodec;
import io.custos.events.EventEnvelope;
import io.custos.events.TrainingCompleted;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.testsupport.KafkaProbe;
import io.custos.testsupport.TestKeys;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The skeleton flow through the gateway, on the packaged jars: login, a training job in
 * privacy-service, its training-completed event packaged by packaging-service, the resulting
 * model-registered recorded by governance-service, one trace across all of it, and the
 * security boundaries.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SkeletonFlowE2ETest {

    @RegisterExtension
    static final Suite.Shared SHARED = new Suite.Shared();

    private static Suite suite;
    private static String job;
    private static String datasetId;
    private static String trainedJobId;

    @BeforeAll
    static void startSuite() throws Exception {
        suite = SHARED.suite();
        RestAssured.baseURI = suite.gatewayUrl();
        RestAssured.port = suite.gatewayPort;
        String admin = login(Suite.ADMIN, Suite.ADMIN_PASSWORD);
        createUser(admin, "eve-engineer", "ml-engineer", "acme");
        createUser(admin, "adam-auditor", "auditor", "acme");
        createUser(admin, "gus-auditor", "auditor", "globex");
        // The public UCI Adult data, uploaded through the gateway like any user's CSV.
        datasetId = given().auth().oauth2(token("eve-engineer")).contentType("text/csv")
                .body(Files.readAllBytes(suite.root.resolve("data/adult_labeled.csv")))
                .post("/api/privacy/datasets?name=adult").then().statusCode(201).body("rowCount", equalTo(32561))
                .extract().path("id");
        job = "{\"datasetId\":\"" + datasetId + "\",\"target\":\"income\",\"positiveClass\":\"large\","
                + "\"modelType\":\"logistic\",\"epsilon\":1.0,\"delta\":1e-6,\"expectedBatchSize\":512}";
    }

    private static String login(String user, String password) {
        return given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
    }

    private static void createUser(String adminToken, String user, String role, String tenant) {
        given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body("{\"username\":\"" + user + "\",\"password\":\"password-for-" + user + "\",\"roles\":[\"" + role
                        + "\"],\"tenant\":\"" + tenant + "\"}")
                .post("/api/admin/users").then().statusCode(201);
    }

    private static String token(String user) {
        return login(user, "password-for-" + user);
    }

    @Test
    @Order(1)
    void aTrainingJobFlowsThroughPackagingIntoGovernanceOnOneTrace() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String jobId = given().auth().oauth2(token("eve-engineer")).contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(job).post("/api/privacy/training-jobs")
                .then().statusCode(202).body("traceId", equalTo(traceId), "status", equalTo("QUEUED"))
                .extract().path("id");
        trainedJobId = jobId;

        // The event a subscriber sees on Kafka.
        ConsumerRecord<String, byte[]> record = new KafkaProbe(suite.broker.bootstrapServers())
                .awaitRecord("training-completed", r -> jobId.equals(r.key()), Duration.ofSeconds(60));
        EventEnvelope event = new CloudEventCodec().decode(record.value());
        assertEquals("acme", event.tenant());
        assertTrue(event.traceparent().contains(traceId));
        TrainingCompleted completed = event.dataAs(TrainingCompleted.class);
        assertTrue(completed.privacy().epsilon() <= 1.0 && completed.privacy().epsilon() > 0.9,
                "the run spent its target epsilon: " + completed.privacy().epsilon());
        assertTrue(completed.metrics().get("accuracy") > 0.5, "noisy held-out accuracy " + completed.metrics());

        String auditor = token("adam-auditor");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(auditor).get("/api/governance/models").then().statusCode(200)
                        .body("findAll { it.trainingJobId == '" + jobId + "' }", hasSize(1)));
        given().auth().oauth2(auditor).get("/api/governance/models").then()
                .body("find { it.trainingJobId == '" + jobId + "' }.traceId", equalTo(traceId))
                .body("find { it.trainingJobId == '" + jobId + "' }.name", equalTo("logistic-income"));
        given().auth().oauth2(auditor).get("/api/packaging/bundles").then().statusCode(200)
                .body("find { it.trainingJobId == '" + jobId + "' }.traceId", equalTo(traceId));
        String sha = given().auth().oauth2(auditor).get("/api/privacy/training-jobs/" + jobId).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).extract().path("modelSha256");
        given().auth().oauth2(auditor).get("/api/governance/models").then()
                .body("find { it.trainingJobId == '" + jobId + "' }.digests.model", equalTo(sha))
                .body("find { it.trainingJobId == '" + jobId + "' }.privacy.accountant", equalTo("rdp"));

        // The ledger and the accountant answer through the gateway too.
        given().auth().oauth2(auditor).get("/api/privacy/budget/" + datasetId).then().statusCode(200)
                .body("committedRuns", equalTo(1), "openReservations", equalTo(0));
        given().auth().oauth2(auditor).get("/api/privacy/ledger/report?format=csv&datasetId=" + datasetId).then()
                .statusCode(200).body(containsString("\"" + datasetId + "\"," + jobId + ",COMMIT,"));
        given().auth().oauth2(auditor).contentType(ContentType.JSON)
                .body("{\"sampleRate\":0.0025,\"steps\":6000,\"noiseMultiplier\":1.3,\"delta\":1e-5}")
                .post("/api/privacy/accountant/epsilon").then().statusCode(200).body("optimalOrder", equalTo(19.0f));

        // Another tenant sees none of it.
        String outsider = token("gus-auditor");
        given().auth().oauth2(outsider).get("/api/governance/models").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(outsider).get("/api/packaging/bundles").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(outsider).get("/api/privacy/training-jobs/" + jobId).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    @Order(2)
    void theBoundariesHoldThroughTheGateway() throws Exception {
        given().contentType(ContentType.JSON).body(job).post("/api/privacy/training-jobs").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(token("adam-auditor")).contentType(ContentType.JSON).body(job)
                .post("/api/privacy/training-jobs").then().statusCode(403).contentType("application/problem+json");
        // Signed by a key the suite does not trust.
        given().auth().oauth2(TestKeys.shared().forgedToken("eve-engineer", "acme", "admin"))
                .get("/api/governance/models").then().statusCode(401);
        // Signed by the suite's own key, but expired.
        PrivateKey key = JwtKeyFiles.readPrivate(suite.gatewayPrivateKey());
        Instant past = Instant.now().minus(Duration.ofHours(2));
        String expired = Jwt.issuer("https://custos.local/gateway").subject("eve-engineer")
                .groups(Set.of("admin")).claim("tenant", "acme").issuedAt(past).expiresAt(past.plusSeconds(600))
                .jws().keyId("gateway-1").sign(key);
        given().auth().oauth2(expired).get("/api/governance/models").then().statusCode(401);
        // A token with a header claiming to be someone else changes nothing: identity comes from the JWT.
        given().auth().oauth2(token("gus-auditor")).header("X-Tenant", "acme").header("X-Roles", "admin")
                .get("/api/governance/models").then().statusCode(200).body("$", hasSize(0));
        given().contentType(ContentType.JSON).body("{\"username\":\"root\",\"password\":\"wrong-password\"}")
                .post("/api/auth/login").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    @Order(3)
    void theGatewayPublishesOneMergedOpenApi() {
        given().get("/api/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/privacy/training-jobs"))
                .body("paths", hasKey("/api/packaging/bundles"))
                .body("paths", hasKey("/api/governance/models"))
                .body("paths", hasKey("/api/federated/federations"))
                .body("paths", hasKey("/api/auth/login"))
                .body("paths", hasKey("/api/privacy/datasets/{id}/risk-report"))
                .body("paths", hasKey("/api/privacy/drift"));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
    }

    @Test
    @Order(4)
    void aDataStewardMeasuresAndReducesRiskThroughTheGatewayAndTheCliAgrees() throws Exception {
        String admin = login(Suite.ADMIN, Suite.ADMIN_PASSWORD);
        createUser(admin, "dora-steward", "data-steward", "acme");
        String steward = token("dora-steward");
        String query = "?qi=age,sex,race,native-country&sensitive=income&k=5";
        String served = given().auth().oauth2(steward).get("/api/privacy/datasets/" + datasetId + "/risk-report" + query)
                .then().statusCode(200).body("rows", equalTo(32561)).body("kAnonymity.satisfied", equalTo(false))
                .extract().asString();

        // The CLI, in a fresh JVM on the same file, produces the same report.
        Path cliJar = suite.root.resolve("cli/target/custos.jar");
        Process cli = new ProcessBuilder("java", "-jar", cliJar.toString(), "data", "risk",
                suite.root.resolve("data/adult_labeled.csv").toString(), "--qi", "age,sex,race,native-country",
                "--sensitive", "income", "--k", "5").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String local = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cli.waitFor());
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(served), json.readTree(local), "service and CLI reports differ");

        String steps = """
                {"steps":[{"type":"drop_columns","columns":["fnlwgt"]},
                          {"type":"generalise_to_k","quasiIdentifiers":["age","sex","race","native-country"],"k":5,
                           "maxSuppression":0.02,"hierarchies":{"age":{"widths":[5,10,20,40]},
                           "native-country":{"groups":[{"US":["United-States"]}]}}}],
                 "risk":{"quasiIdentifiers":["age","sex","race","native-country"],"sensitive":"income","k":5}}""";
        String v2 = given().auth().oauth2(steward).contentType(ContentType.JSON).body(steps)
                .post("/api/privacy/datasets/" + datasetId + "/transform").then().statusCode(201)
                .body("riskBefore.kAnonymity.satisfied", equalTo(false))
                .body("riskAfter.kAnonymity.satisfied", equalTo(true))
                .body("dataset.version", equalTo(2)).body("dataset.parentId", equalTo(datasetId))
                .extract().path("dataset.id");
        given().auth().oauth2(token("adam-auditor")).get("/api/privacy/datasets/" + v2 + "/lineage").then()
                .statusCode(200).body("$", hasSize(2)).body("[1].transform.outcomes[1].type", equalTo("generalise_to_k"));
        given().auth().oauth2(steward).get("/api/privacy/datasets/" + v2 + "/quality-report").then().statusCode(200)
                .body("rows", equalTo(given().auth().oauth2(steward).get("/api/privacy/datasets/" + v2).then()
                        .extract().path("rowCount")));
        given().auth().oauth2(steward).contentType(ContentType.JSON)
                .body("{\"baselineId\":\"" + datasetId + "\",\"currentId\":\"" + v2 + "\",\"columns\":[\"hours-per-week\"]}")
                .post("/api/privacy/drift").then().statusCode(200)
                .body("columns[0].column", equalTo("hours-per-week"));
        // Training on the new version spends from the original upload's budget.
        given().auth().oauth2(token("adam-auditor")).get("/api/privacy/budget/" + v2).then().statusCode(200)
                .body("datasetId", equalTo(datasetId));
        // Another tenant can see none of it.
        given().auth().oauth2(token("gus-auditor")).get("/api/privacy/datasets/" + v2 + "/risk-report").then()
                .statusCode(404);
    }

    @Test
    @Order(5)
    void theTrainedModelShipsAsASignedBundleThatVerifiesOfflineAndPredictsLikeTheTrainedModel() throws Exception {
        String auditor = token("adam-auditor");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(auditor)
                .get("/api/packaging/bundles").then().body("findAll { it.trainingJobId == '" + trainedJobId + "' }",
                        hasSize(1)));
        JsonPath bundle = given().auth().oauth2(auditor).get("/api/packaging/bundles").then()
                .extract().jsonPath().setRootPath("find { it.trainingJobId == '" + trainedJobId + "' }");
        String bundleId = bundle.getString("id");
        Path work = Files.createTempDirectory("custos-bundle-e2e");
        Path zip = work.resolve("bundle.zip");
        Files.write(zip, given().auth().oauth2(auditor).get("/api/packaging/bundles/" + bundleId
                + "/download").then().statusCode(200).extract().asByteArray());
        assertEquals(bundle.getString("digests.bundle"), Sha256.hex(Files.readAllBytes(zip)));
        Path keys = work.resolve("keys.json");
        Files.write(keys, given().auth().oauth2(auditor).get("/api/packaging/keys").then().statusCode(200)
                .extract().asByteArray());

        // The CLI, in a fresh JVM, checks everything with the published keys (ONNX Runtime included).
        Cli validate = cli("bundle", "validate", zip.toString(), "--public-key", keys.toString(), "--json");
        assertEquals(0, validate.exit, validate.out);
        JsonNode report = new ObjectMapper().readTree(validate.out);
        assertTrue(report.path("valid").asBoolean());
        for (JsonNode check : report.path("checks")) {
            if (!check.path("id").asText().equals("vulnerabilities")) {
                assertEquals("PASS", check.path("status").asText(), check.toString());
            }
        }
        assertEquals(bundle.getString("signingKeyId"), report.path("signingKeyId").asText());

        // ONNX Runtime on real Adult rows gives what the trained model gives.
        BundleFiles files = BundleFiles.readZip(zip,
                ArchiveLimits.defaults());
        ModelArtifact artifact = ModelArtifact.parse(
                files.bytes("custos-model.json"));
        List<Map<String, String>> rows = new ArrayList<>();
        try (var lines = Files.lines(suite.root.resolve("data/adult_labeled.csv"))) {
            List<String> all = lines.limit(2001).toList();
            String[] header = all.get(0).split(",", -1);
            for (String line : all.subList(1, all.size())) {
                String[] v = line.split(",", -1);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i].strip(), v[i].strip());
                }
                rows.add(row);
            }
        }
        ParityResult parity = OnnxParity.measure(
                files.bytes("model.onnx"), artifact, rows);
        assertEquals(2000, parity.rows());
        assertTrue(parity.within(1e-5), "ONNX Runtime vs trained model on Adult: " + parity);
        assertEquals(0, parity.labelMismatches());

        // Tampering is caught by the same CLI.
        Path tampered = work.resolve("tampered");
        files.writeDirectory(tampered);
        byte[] onnx = Files.readAllBytes(tampered.resolve("model.onnx"));
        onnx[onnx.length / 2] ^= 1;
        Files.write(tampered.resolve("model.onnx"), onnx);
        Cli verify = cli("bundle", "verify", tampered.toString(), "--public-key", keys.toString());
        assertEquals(1, verify.exit, verify.out);
        assertTrue(verify.out.contains("model.onnx does not match its SHA-256"), verify.out);
    }

    @Test
    @Order(6)
    void theTrainedModelIsGovernedThroughTheGateway() throws Exception {
        String auditor = token("adam-auditor");
        String id = given().auth().oauth2(auditor).get("/api/governance/models").then().statusCode(200)
                .extract().path("find { it.trainingJobId == '" + trainedJobId + "' }.id");
        given().auth().oauth2(auditor).get("/api/governance/models/" + id).then().statusCode(200)
                .body("record.identity.owner", org.hamcrest.Matchers.notNullValue())
                .body("record.risk.privacy.accountant", equalTo("rdp"))
                .body("record.lineage.datasetReference", equalTo(datasetId))
                .body("summary.complianceStatus", equalTo("compliant"));
        byte[] pdf = given().auth().oauth2(auditor).get("/api/governance/reports/" + id + "?format=pdf").then()
                .statusCode(200).contentType("application/pdf").extract().asByteArray();
        assertEquals("%PDF", new String(pdf, 0, 4, StandardCharsets.US_ASCII));
        given().auth().oauth2(auditor).get("/api/governance/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true));
        given().auth().oauth2(auditor).get("/api/governance/compliance/rules").then().statusCode(200)
                .body("rules.id", org.hamcrest.Matchers.hasItem("privacy-assessment-for-personal-data"));
    }

    private record Cli(int exit, String out) {
    }

    private static Cli cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar",
                suite.root.resolve("cli/target/custos.jar").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Cli(p.waitFor(), out);
    }
}
