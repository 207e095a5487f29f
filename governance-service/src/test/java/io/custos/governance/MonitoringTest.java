package io.custos.governance;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.custos.events.CloudEventCodec;
import io.custos.events.EventTypes;
import io.custos.events.ModelRegistered;
import io.custos.events.PrivacySpent;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.KafkaProbe;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Drift of production batches against a model's reference, alerts and their delivery to a real webhook server. */
@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class MonitoringTest {

    private static final String REFERENCE = """
            {"version": 1, "modelRef": "churn@1", "origin": "DP_TRAINING", "originNote": "DP histograms of job 7",
             "features": [
               {"name": "age", "kind": "NUMERIC", "edges": [17, 30, 45, 60, 90], "counts": [250, 250, 250, 250]},
               {"name": "sex", "kind": "CATEGORICAL", "categories": {"Female": 500, "Male": 500}}],
             "predictions": {"edges": [0, 0.5, 1], "counts": [600, 400]}}""";

    private static String token(String tenant, String role) {
        return TestKeys.shared().token(role + "-user", tenant, role);
    }

    private String model(String tenant) {
        String bundleId = UUID.randomUUID().toString();
        String name = "monitored-" + bundleId.substring(0, 8);
        KafkaProbe.shared().publish("model-registered", bundleId, new CloudEventCodec().encode(CloudEventCodec.newEvent(
                "/custos/packaging-service", EventTypes.MODEL_REGISTERED_V1, bundleId, tenant, null,
                new ModelRegistered(bundleId, name, "1", "job-" + bundleId, null, null,
                        new PrivacySpent(1.0, 1e-6, "rdp", 1.0, 0.01, 100L), tenant))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token(tenant, "auditor"))
                .get("/api/governance/models?q=" + name).then().body("$", hasSize(1)));
        return given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/models?q=" + name).then()
                .extract().path("[0].id");
    }

    @Test
    void aDriftedBatchRaisesAnAlertDeliveredToTheWebhook() throws Exception {
        String tenant = "mon-" + UUID.randomUUID().toString().substring(0, 8);
        String id = model(tenant);
        String engineer = token(tenant, "ml-engineer");
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hooks/drift", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@custos.test", "alerts", "smtp-pw-91"));
        smtp.start();
        try {
            given().auth().oauth2(token(tenant, "admin")).contentType("application/json")
                    .body("{\"name\":\"dpo-mail\",\"type\":\"email\",\"minSeverity\":\"CRITICAL\",\"email\":{"
                            + "\"host\":\"127.0.0.1\",\"port\":" + smtp.getSmtp().getPort() + ",\"username\":\"alerts\","
                            + "\"password\":\"smtp-pw-91\",\"startTls\":false,\"from\":\"alerts@custos.test\","
                            + "\"to\":[\"dpo@acme.example\"]}}")
                    .post("/api/governance/alert-channels").then().statusCode(201);
            given().auth().oauth2(token(tenant, "admin")).contentType("application/json")
                    .body("{\"name\":\"ops-slack\",\"type\":\"webhook\",\"minSeverity\":\"WARNING\",\"webhook\":{\"url\":"
                            + "\"http://127.0.0.1:" + hook.getAddress().getPort() + "/hooks/drift?token=xyz\"}}")
                    .post("/api/governance/alert-channels").then().statusCode(201);
            given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/alert-channels").then()
                    .body("find { it.name == 'ops-slack' }.target", equalTo("http://127.0.0.1:" + hook.getAddress().getPort()))
                    .body(org.hamcrest.Matchers.not(containsString("xyz")));

            given().auth().oauth2(engineer).contentType("application/json").body("""
                    {"modelRef":"churn@1","features":[{"name":"age","counts":[250,250,250,250]}]}""")
                    .post("/api/governance/models/" + id + "/monitoring/batches").then().statusCode(409)
                    .body("detail", containsString("no reference profile"));

            given().auth().oauth2(engineer).contentType("application/json").body(REFERENCE)
                    .put("/api/governance/models/" + id + "/monitoring/reference").then().statusCode(200);

            // The same distribution: no drift, no alert.
            given().auth().oauth2(engineer).contentType("application/json").body("""
                    {"modelRef":"churn@1","features":[{"name":"age","counts":[100,100,100,100]},
                     {"name":"sex","categories":{"Female":200,"Male":200}}],"predictionCounts":[240,160]}""")
                    .post("/api/governance/models/" + id + "/monitoring/batches").then().statusCode(201)
                    .body("alertId", nullValue()).body("report.overall", equalTo("NONE"));

            // Everyone is old now: drift, a critical alert, delivered.
            String alertId = given().auth().oauth2(engineer).contentType("application/json").body("""
                    {"modelRef":"churn@1","features":[{"name":"age","counts":[5,5,10,380]},
                     {"name":"sex","categories":{"Female":200,"Male":200}}],"predictionCounts":[100,300]}""")
                    .post("/api/governance/models/" + id + "/monitoring/batches").then().statusCode(201)
                    .body("alertId", notNullValue()).body("report.overall", equalTo("CRITICAL"))
                    .body("report.features.find { it.feature == 'age' }.severity", equalTo("CRITICAL"))
                    .extract().path("alertId");
            await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
            assertEquals(1, received.size());
            assertTrue(received.get(0).contains("\"text\"") && received.get(0).contains("age"), received.get(0));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(token(tenant, "auditor"))
                    .get("/api/governance/models/" + id + "/alerts").then().statusCode(200)
                    .body("[0].id", equalTo(alertId)).body("[0].severity", equalTo("CRITICAL"))
                    .body("[0].drifted", hasItem("age")).body("[0].deliveries[0].delivered", equalTo(true)));
            given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/audit?subject=" + id).then()
                    .body("action", hasItem("monitoring.alert-raised"));

            // The critical alert also went by e-mail to a real SMTP server.
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 1);
            var mail = smtp.getReceivedMessages()[0];
            assertTrue(mail.getSubject().contains("CRITICAL"), mail.getSubject());
            assertEquals("dpo@acme.example", mail.getAllRecipients()[0].toString());
            String channels = given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/alert-channels")
                    .then().body("find { it.name == 'dpo-mail' }.target", equalTo("dpo@acme.example")).extract().asString();
            assertFalse(channels.contains("smtp-pw-91"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(token(tenant, "auditor"))
                    .get("/api/governance/models/" + id + "/alerts").then()
                    .body("[0].deliveries.findAll { it.delivered }", hasSize(2)));
        } finally {
            hook.stop(0);
            smtp.stop();
        }
    }

    @Test
    void badProfilesBatchesAndChannelsAreRefusedNamingTheField() {
        String tenant = "mon-" + UUID.randomUUID().toString().substring(0, 8);
        String id = model(tenant);
        String engineer = token(tenant, "ml-engineer");
        given().auth().oauth2(engineer).contentType("application/json")
                .body(REFERENCE.replace("[17, 30, 45, 60, 90]", "[17, 45, 30, 60, 90]"))
                .put("/api/governance/models/" + id + "/monitoring/reference").then().statusCode(400)
                .contentType("application/problem+json").body(containsString("edges"));
        given().auth().oauth2(engineer).contentType("application/json").body(REFERENCE)
                .put("/api/governance/models/" + id + "/monitoring/reference").then().statusCode(200);
        given().auth().oauth2(engineer).contentType("application/json").body("""
                {"modelRef":"churn@1","features":[{"name":"age","counts":[1,2,3]}]}""")
                .post("/api/governance/models/" + id + "/monitoring/batches").then().statusCode(400)
                .body(containsString("age"));
        given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/models/" + id + "/alerts").then()
                .body("$", hasSize(0));
        given().auth().oauth2(token(tenant, "admin")).contentType("application/json")
                .body("{\"name\":\"x\",\"type\":\"webhook\",\"webhook\":{\"url\":\"ftp://hooks.example\"}}")
                .post("/api/governance/alert-channels").then().statusCode(400).body(containsString("webhook"));
        given().auth().oauth2(token(tenant, "admin")).contentType("application/json")
                .body("{\"name\":\"x\",\"type\":\"pager\"}").post("/api/governance/alert-channels").then()
                .statusCode(400).body(containsString("type"));
        given().auth().oauth2(token(tenant, "auditor")).contentType("application/json").body(REFERENCE)
                .put("/api/governance/models/" + id + "/monitoring/reference").then().statusCode(403);
        given().auth().oauth2(token("other-" + tenant, "ml-engineer")).contentType("application/json").body(REFERENCE)
                .put("/api/governance/models/" + id + "/monitoring/reference").then().statusCode(404);
        assertFalse(REFERENCE.isEmpty());
    }
}
