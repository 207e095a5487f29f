package io.custos.privacy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.custos.crypto.Sha256;
import io.custos.events.CloudEventCodec;
import io.custos.events.EventEnvelope;
import io.custos.events.EventTypes;
import io.custos.events.KafkaSettings;
import io.custos.events.TrainingCompleted;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.KafkaBroker;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class TrainingJobResourceTest {

    private static final String JOBS = "/api/privacy/training-jobs";
    private static final String VALID = """
            {"datasetId":"adult-v1","target":"income","modelType":"logistic","epsilon":1.0,"delta":1e-6}""";

    @Inject
    AgroalDataSource dataSource;

    private static String token(String tenant, String... roles) {
        return TestKeys.shared().token("alice", tenant, roles);
    }

    @Test
    void acceptedJobIsStoredServedAndAnnouncedWithItsTrace() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String traceparent = "00-" + traceId + "-" + "a1b2c3d4e5f60718" + "-01";

        Response accepted = given().auth().oauth2(token("acme", "ml-engineer")).header("traceparent", traceparent)
                .contentType(ContentType.JSON).body(VALID)
                .post(JOBS).then().statusCode(202)
                .header("Location", containsString(JOBS + "/"))
                .body("status", equalTo("COMPLETED"), "traceId", equalTo(traceId), "startedBy", equalTo("alice"))
                .extract().response();
        String id = accepted.path("id");
        String sha = accepted.path("modelSha256");

        given().auth().oauth2(token("acme", "auditor")).get(JOBS + "/" + id).then().statusCode(200)
                .body("datasetId", equalTo("adult-v1"), "modelType", equalTo("logistic"));

        byte[] model = given().auth().oauth2(TestKeys.shared().internalToken("acme", "service"))
                .get(JOBS + "/" + id + "/model").then().statusCode(200).extract().asByteArray();
        assertEquals(sha, Sha256.hex(model), "served artifact matches the announced digest");

        EventEnvelope event = awaitEvent("training-completed", id);
        assertEquals(EventTypes.TRAINING_COMPLETED_V1, event.type());
        assertEquals("acme", event.tenant());
        assertEquals("/custos/privacy-service", event.source());
        assertNotNull(event.traceparent());
        assertTrue(event.traceparent().contains(traceId), "event continues the caller's trace: " + event.traceparent());
        TrainingCompleted data = event.dataAs(TrainingCompleted.class);
        assertEquals(sha, data.modelSha256());
        assertTrue(data.modelUri().endsWith(JOBS + "/" + id + "/model"), data.modelUri());
        assertEquals("alice", data.startedBy());
    }

    @Test
    void anotherTenantSeesNothing() {
        String id = given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON).body(VALID)
                .post(JOBS).then().statusCode(202).extract().path("id");
        given().auth().oauth2(token("globex", "admin")).get(JOBS + "/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestKeys.shared().internalToken("globex", "service")).get(JOBS + "/" + id + "/model")
                .then().statusCode(404);
    }

    @Test
    void badParametersGetA400NamingEachFieldAndNothingIsWritten() throws Exception {
        long jobsBefore = count("training_jobs");
        long outboxBefore = count("outbox");

        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body("""
                        {"datasetId":"adult v1","target":"income","modelType":"tree","epsilon":0,"delta":1.0}""")
                .post(JOBS).then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400), "errors.field", hasItems("datasetId", "modelType", "epsilon", "delta"),
                        "detail", containsString("epsilon: must be greater than 0"),
                        "detail", containsString("modelType: must be one of: logistic, svm, mlp"));

        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body("{\"datasetId\":\"x\",\"epsilon\":\"lots\"}")
                .post(JOBS).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("epsilon"));

        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON).body("{not json")
                .post(JOBS).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));

        assertEquals(jobsBefore, count("training_jobs"));
        assertEquals(outboxBefore, count("outbox"));
    }

    @Test
    void everyEndpointDemandsAValidTokenAndTheRightRole() {
        given().contentType(ContentType.JSON).body(VALID).post(JOBS).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2(token("acme", "auditor")).contentType(ContentType.JSON).body(VALID).post(JOBS)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.shared().forgedToken("alice", "acme", "admin")).get(JOBS + "/" + UUID.randomUUID())
                .then().statusCode(401);
        given().auth().oauth2(TestKeys.shared().expiredToken("alice", "acme", "admin")).get(JOBS + "/" + UUID.randomUUID())
                .then().statusCode(401);
        // The internal key may only vouch for the service role.
        given().auth().oauth2(TestKeys.shared().internalToken("acme", "admin")).get(JOBS + "/" + UUID.randomUUID())
                .then().statusCode(403);
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/privacy/training-jobs/{id}/model"));
    }

    private long count(String table) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM privacy." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static EventEnvelope awaitEvent(String topic, String subject) {
        CloudEventCodec codec = new CloudEventCodec();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(
                KafkaBroker.shared().bootstrapServers(), "test-" + UUID.randomUUID(), "test"))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    EventEnvelope e = codec.decode(r.value());
                    if (e.subject().equals(subject)) {
                        assertEquals(subject, r.key(), "keyed by the aggregate id");
                        return e;
                    }
                }
            }
        }
        throw new AssertionError("no event for " + subject + " on " + topic);
    }
}
