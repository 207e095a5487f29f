package io.custos.governance.dashboard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.custos.events.CloudEventCodec;
import io.custos.governance.testing.ModelEvents;
import io.custos.testsupport.KafkaProbe;
import io.custos.testsupport.TestKeys;
import java.time.Duration;
import java.util.UUID;

/**
 * Inventory records for the dashboard tests, made the way production makes them: a
 * training-completed and a model-registered event on Kafka (epsilon 1.5, delta 1e-6, accountant
 * rdp), then, for a non-compliant one, the API's PATCH into production.
 */
final class DashboardFixtures {

    private static final CloudEventCodec CODEC = new CloudEventCodec();

    private DashboardFixtures() {
    }

    static String token(String tenant, String role) {
        return TestKeys.shared().token(role + "-user", tenant, role);
    }

    /** A fresh tenant, so that counts and filters see only this test's records. */
    static String tenant() {
        return "dash-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A compliant Custos model version; returns its inventory id. */
    static String register(String tenant, String name) {
        KafkaProbe kafka = KafkaProbe.shared();
        ModelEvents events = ModelEvents.of(tenant, name);
        String jobId = events.jobId();
        String bundleId = events.bundleId();
        var training = events.training();
        var registered = events.registered();
        String auditor = token(tenant, "auditor");
        kafka.publish("model-registered", bundleId, CODEC.encode(registered));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(auditor)
                .queryParam("q", name).get("/api/governance/models").then().body("$", hasSize(1)));
        kafka.publish("training-completed", jobId, CODEC.encode(training));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(auditor)
                .queryParam("q", name).get("/api/governance/models").then().body("[0].complete", equalTo(true))
                .body("[0].complianceStatus", equalTo("compliant")));
        return given().auth().oauth2(auditor).queryParam("q", name).get("/api/governance/models").then()
                .extract().path("[0].id");
    }

    /** A Custos model version moved into production without the evidence production needs. */
    static String registerNonCompliant(String tenant, String name) {
        String id = register(tenant, name);
        given().auth().oauth2(token(tenant, "data-steward")).contentType("application/json")
                .body("{\"stage\":\"PRODUCTION\"}").patch("/api/governance/models/" + id).then().statusCode(200)
                .body("summary.complianceStatus", equalTo("non_compliant"));
        return id;
    }
}
