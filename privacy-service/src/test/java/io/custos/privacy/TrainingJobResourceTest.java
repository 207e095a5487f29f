package io.custos.privacy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.custos.crypto.Sha256;
import io.custos.events.CloudEventCodec;
import io.custos.events.EventEnvelope;
import io.custos.events.EventTypes;
import io.custos.events.TrainingCompleted;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.KafkaProbe;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class TrainingJobResourceTest {

    private static final String JOBS = "/api/privacy/training-jobs";

    @Inject
    AgroalDataSource dataSource;

    private static String token(String tenant, String... roles) {
        return TestKeys.shared().token("alice", tenant, roles);
    }

    /** 2,000 synthetic rows: label 1 when x1 + x2 + (colour red) is large. Public, made here. */
    static String syntheticCsv(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("x1,x2,colour,label,grade\n");
        for (int i = 0; i < 2000; i++) {
            double x1 = r.nextDouble(-3, 3);
            double x2 = r.nextDouble(-3, 3);
            boolean red = r.nextBoolean();
            int label = x1 + x2 + (red ? 1 : 0) + r.nextDouble(-0.5, 0.5) > 0.5 ? 1 : 0;
            sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%s,%d,%s%n", x1, x2, red ? "red" : "blue", label,
                    label == 1 ? "high" : "low"));
        }
        return sb.toString();
    }

    static String upload(String tenant, String csv) {
        return given().auth().oauth2(token(tenant, "data-steward")).contentType("text/csv").body(csv)
                .post("/api/privacy/datasets?name=synthetic").then().statusCode(201)
                .body("rowCount", equalTo(2000)).extract().path("id");
    }

    private static String job(String datasetId, double epsilon, double delta) {
        return String.format(Locale.ROOT, """
                {"datasetId":"%s","target":"label","modelType":"logistic","epsilon":%s,"delta":%s,
                 "epochs":3,"expectedBatchSize":100,
                 "publicDeclarations":{"columns":{"x1":{"min":-3,"max":3},"colour":{"categories":["red","blue"]}}}}""",
                datasetId, epsilon, delta);
    }

    @Test
    void aJobTrainsPrivatelyCommitsTheLedgerAndAnnouncesTheModelOnItsTrace() throws Exception {
        String datasetId = upload("acme", syntheticCsv(1));
        String traceId = UUID.randomUUID().toString().replace("-", "");

        String id = given().auth().oauth2(token("acme", "ml-engineer"))
                .header("traceparent", "00-" + traceId + "-a1b2c3d4e5f60718-01")
                .contentType(ContentType.JSON).body(job(datasetId, 2.0, 1e-5))
                .post(JOBS).then().statusCode(202).header("Location", containsString(JOBS + "/"))
                .body("status", equalTo("QUEUED"), "traceId", equalTo(traceId)).extract().path("id");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(token("acme", "auditor"))
                .get(JOBS + "/" + id).then().statusCode(200).body("status", equalTo("COMPLETED")));
        JsonPath done = given().auth().oauth2(token("acme", "auditor")).get(JOBS + "/" + id).then().extract().jsonPath();
        double spent = done.getDouble("epsilonSpent");
        assertTrue(spent <= 2.0 && spent > 1.9, "spends its target, never more: " + spent);
        assertTrue(done.getDouble("report.metrics.accuracy") > 0.6, "noisy held-out accuracy");
        assertEquals(3, done.getList("report.curve").size());
        assertTrue(done.getList("report.privacy.mechanisms.purpose").contains("bounds of x2"),
                "x2 was not declared, so its bounds were estimated and charged");

        given().auth().oauth2(token("acme", "auditor")).get("/api/privacy/budget/" + datasetId).then()
                .body("committedRuns", equalTo(1), "openReservations", equalTo(0));

        byte[] model = given().auth().oauth2(TestKeys.shared().internalToken("acme", "service"))
                .get(JOBS + "/" + id + "/model").then().statusCode(200).extract().asByteArray();
        assertEquals(done.getString("modelSha256"), Sha256.hex(model));
        assertTrue(new String(model).contains("\"format\":\"custos-model/v1\""));

        EventEnvelope event = new CloudEventCodec().decode(KafkaProbe.shared().awaitRecord("training-completed",
                r -> id.equals(r.key()), Duration.ofSeconds(30)).value());
        assertEquals(EventTypes.TRAINING_COMPLETED_V1, event.type());
        assertTrue(event.traceparent().contains(traceId), "the worker continues the caller's trace");
        TrainingCompleted data = event.dataAs(TrainingCompleted.class);
        assertEquals(spent, data.privacy().epsilon(), 1e-6);
        assertEquals("rdp", data.privacy().accountant());
        assertEquals(done.getString("modelSha256"), data.modelSha256());
        assertTrue(data.metrics().containsKey("auc"));
    }

    @Test
    void aJobBeyondTheBudgetGetsA409WithWhatRemainsAndWritesNothing() throws Exception {
        String datasetId = upload("acme", syntheticCsv(2));
        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"epsilonLimit\":1.5,\"deltaLimit\":1e-4}").put("/api/privacy/budget/" + datasetId)
                .then().statusCode(200);
        long jobs = count("training_jobs");
        long outbox = count("outbox");
        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON).body(job(datasetId, 2.0, 1e-5))
                .post(JOBS).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("epsilon 1.5 remaining of its limit 1.5"));
        assertEquals(jobs, count("training_jobs"));
        assertEquals(outbox, count("outbox"));
    }

    @Test
    void concurrentSubmissionsThroughTheApiCanNeverOverspend() throws Exception {
        String datasetId = upload("acme", syntheticCsv(5));
        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"epsilonLimit\":3.0,\"deltaLimit\":1e-4}").put("/api/privacy/budget/" + datasetId)
                .then().statusCode(200);
        String engineer = token("acme", "ml-engineer");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<Integer>> codes = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            codes.add(pool.submit(() -> {
                start.await();
                return given().auth().oauth2(engineer).contentType(ContentType.JSON).body(job(datasetId, 1.0, 1e-5))
                        .post(JOBS).then().extract().statusCode();
            }));
        }
        start.countDown();
        java.util.List<Integer> results = new java.util.ArrayList<>();
        for (var f : codes) {
            results.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(3, results.stream().filter(c -> c == 202).count(), "accepted: " + results);
        assertEquals(5, results.stream().filter(c -> c == 409).count(), "refused: " + results);
        given().auth().oauth2(token("acme", "auditor")).get("/api/privacy/budget/" + datasetId).then()
                .body("epsilonRemaining", org.hamcrest.Matchers.lessThan(1e-9f));
    }

    @Test
    void badParametersGetA400NamingEachFieldAndNothingIsWritten() throws Exception {
        String datasetId = upload("acme", syntheticCsv(3));
        long jobs = count("training_jobs");
        long ledger = count("privacy_ledger");

        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body("{\"datasetId\":\"" + datasetId + "\",\"target\":\"label\",\"modelType\":\"tree\","
                        + "\"epsilon\":0,\"delta\":1.0}")
                .post(JOBS).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("modelType", "epsilon", "delta"))
                .body("detail", containsString("epsilon: must be greater than 0"));
        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body(job(datasetId, 1.0, 1e-3))
                .post(JOBS).then().statusCode(400).body("errors[0].field", equalTo("delta"))
                .body("errors[0].message", containsString("below 1/n = 5.0E-4"));
        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body(job(datasetId, 1.0, 1e-5).replace("\"target\":\"label\"", "\"target\":\"salary\""))
                .post(JOBS).then().statusCode(400).body("errors[0].field", equalTo("target"))
                .body("errors[0].message", containsString("'salary' does not exist"));
        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body(job(datasetId, 1.0, 1e-5).replace("\"target\":\"label\"", "\"target\":\"grade\""))
                .post(JOBS).then().statusCode(400).body("errors[0].message", containsString("not numeric 0/1"));
        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body(job(UUID.randomUUID().toString(), 1.0, 1e-5))
                .post(JOBS).then().statusCode(400).body("errors[0].field", equalTo("datasetId"));
        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON).body("{not json")
                .post(JOBS).then().statusCode(400).contentType("application/problem+json");

        assertEquals(jobs, count("training_jobs"));
        assertEquals(ledger, count("privacy_ledger"));
    }

    @Test
    void datasetsAndJobsAreTenantScopedAndRoleChecked() {
        String datasetId = upload("acme", syntheticCsv(4));
        given().auth().oauth2(token("globex", "admin")).get("/api/privacy/datasets/" + datasetId).then().statusCode(404);
        given().auth().oauth2(token("globex", "ml-engineer")).contentType(ContentType.JSON)
                .body(job(datasetId, 1.0, 1e-5)).post(JOBS).then().statusCode(400)
                .body("errors[0].field", equalTo("datasetId"));
        given().contentType(ContentType.JSON).body(job(datasetId, 1.0, 1e-5)).post(JOBS).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer");
        given().auth().oauth2(token("acme", "auditor")).contentType(ContentType.JSON).body(job(datasetId, 1.0, 1e-5))
                .post(JOBS).then().statusCode(403);
        given().auth().oauth2(TestKeys.shared().forgedToken("alice", "acme", "admin")).get(JOBS + "/" + UUID.randomUUID())
                .then().statusCode(401);
        given().auth().oauth2(TestKeys.shared().expiredToken("alice", "acme", "admin")).get(JOBS + "/" + UUID.randomUUID())
                .then().statusCode(401);
        given().auth().oauth2(TestKeys.shared().internalToken("acme", "admin")).get(JOBS + "/" + UUID.randomUUID())
                .then().statusCode(403);
        given().auth().oauth2(token("acme", "data-steward")).contentType("text/csv").body("a,b\n1,2,3\n")
                .post("/api/privacy/datasets?name=ragged").then().statusCode(400)
                .body("detail", containsString("line 2 has 3 fields"));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/privacy/training-jobs/{id}/model"))
                .body(containsString("/api/privacy/accountant/noise"));
    }

    private long count(String table) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM privacy." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
