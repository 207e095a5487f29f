package io.custos.governance;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.custos.events.CloudEventCodec;
import io.custos.events.EventEnvelope;
import io.custos.events.EventTypes;
import io.custos.events.ModelRegistered;
import io.custos.events.PrivacySpent;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.KafkaProbe;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class InventoryFromEventsTest {

    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private final KafkaProbe kafka = KafkaProbe.shared();

    @Inject
    AgroalDataSource dataSource;

    private static String auditor(String tenant) {
        return TestKeys.shared().token("audrey", tenant, "auditor");
    }

    private static EventEnvelope registered(String bundleId, String name, String tenant, String traceparent) {
        ModelRegistered data = new ModelRegistered(bundleId, name, "1", "job-" + bundleId,
                new ModelRegistered.Digests(null, null, null, null, "ab".repeat(32)), null,
                new PrivacySpent(2.0, 1e-6, "rdp", 0.9, 0.02, 500L), tenant);
        return CloudEventCodec.newEvent("/custos/packaging-service", EventTypes.MODEL_REGISTERED_V1, bundleId, tenant,
                traceparent, data);
    }

    @Test
    void aRegisteredModelBecomesOneInventoryRecordOfItsTenantOnly() throws Exception {
        String bundleId = UUID.randomUUID().toString();
        String name = "model-" + bundleId.substring(0, 8);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        EventEnvelope event = registered(bundleId, name, "acme", "00-" + traceId + "-1112131415161718-01");

        kafka.publish("model-registered", bundleId, CODEC.encode(event));
        kafka.publish("model-registered", bundleId, CODEC.encode(event)); // redelivery

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(auditor("acme"))
                .get("/api/governance/models").then().statusCode(200)
                .body("findAll { it.name == '" + name + "' }", hasSize(1)));
        String id = given().auth().oauth2(auditor("acme")).get("/api/governance/models").then()
                .extract().path("find { it.name == '" + name + "' }.id");
        given().auth().oauth2(auditor("acme")).get("/api/governance/models/" + id).then().statusCode(200)
                .body("summary.bundleId", equalTo(bundleId), "summary.version", equalTo("1"),
                        "summary.source", equalTo("custos"), "summary.traceId", equalTo(traceId),
                        "summary.privacy.epsilon", equalTo(2.0f), "summary.digests.model", equalTo("ab".repeat(32)),
                        "record.risk.privacy.epsilon", equalTo(2.0f), "lifecycle[0].kind", equalTo("registered"));

        Thread.sleep(2_000); // let the duplicate arrive; it must change nothing
        assertEquals(1, count("SELECT count(*) FROM governance.event_log WHERE event_id = ?", event.id()));
        assertEquals(1, count("SELECT count(*) FROM governance.processed_events WHERE event_id = ?", event.id()));

        given().auth().oauth2(auditor("globex")).get("/api/governance/models").then().statusCode(200)
                .body("findAll { it.name == '" + name + "' }", hasSize(0));
        given().auth().oauth2(auditor("globex")).get("/api/governance/models/" + id).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void poisonMessagesAreDeadLetteredAndTheConsumerKeepsGoing() {
        String poisonKey = "poison-" + UUID.randomUUID();
        kafka.publish("model-registered", poisonKey, "{\"specversion\":\"1.0\"".getBytes(StandardCharsets.UTF_8));
        EventEnvelope mismatched = CloudEventCodec.newEvent("/x", EventTypes.MODEL_REGISTERED_V1, poisonKey + "-t",
                "acme", null, new ModelRegistered("b", "n", "1", "j", null, null, null, "globex"));
        kafka.publish("model-registered", poisonKey + "-t", CODEC.encode(mismatched));

        ConsumerRecord<String, byte[]> dead = kafka.awaitRecord("model-registered.dlt",
                r -> poisonKey.equals(r.key()), Duration.ofSeconds(30));
        assertTrue(KafkaProbe.header(dead, "custos-dlt-reason").contains("not a CloudEvents"));
        ConsumerRecord<String, byte[]> crossTenant = kafka.awaitRecord("model-registered.dlt",
                r -> (poisonKey + "-t").equals(r.key()), Duration.ofSeconds(30));
        assertTrue(KafkaProbe.header(crossTenant, "custos-dlt-reason").contains("differs from data tenant"));

        String bundleId = UUID.randomUUID().toString();
        String name = "after-poison-" + bundleId.substring(0, 8);
        kafka.publish("model-registered", bundleId, CODEC.encode(registered(bundleId, name, "acme", null)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(auditor("acme"))
                .get("/api/governance/models").then().body("findAll { it.name == '" + name + "' }", hasSize(1)));
    }

    @Test
    void theInventoryNeedsAValidTokenAndAReadingRole() {
        given().get("/api/governance/models").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.shared().token("c", "acme", "fl-client")).get("/api/governance/models")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.shared().expiredToken("a", "acme", "auditor")).get("/api/governance/models")
                .then().statusCode(401);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi?format=json").then().statusCode(200);
    }

    private long count(String sql, String arg) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
