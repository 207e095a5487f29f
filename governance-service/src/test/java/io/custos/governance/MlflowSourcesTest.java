package io.custos.governance;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.custos.governance.core.mlflow.FakeMlflowServer;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** MLflow sources against a fake server that answers with real recorded MLflow 2.17 responses. */
@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class MlflowSourcesTest {

    private static final String PASSWORD = "pw-7f3a9c-never-shown";

    @Inject
    AgroalDataSource dataSource;

    private static String token(String tenant, String role) {
        return TestKeys.shared().token(role + "-user", tenant, role);
    }

    private static String register(String tenant, String name, String uri, String authJson) {
        return given().auth().oauth2(token(tenant, "admin")).contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"trackingUri\":\"" + uri + "\",\"auth\":" + authJson
                        + ",\"extraHeaders\":{\"X-Team\":\"risk\"}}")
                .post("/api/governance/sources").then().statusCode(201).extract().path("id");
    }

    private static JsonPath syncAndWait(String tenant, String sourceId) {
        String runId = given().auth().oauth2(token(tenant, "admin")).post("/api/governance/sources/" + sourceId + "/sync")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(token(tenant, "auditor"))
                .get("/api/governance/sources/" + sourceId + "/syncs/" + runId).then()
                .body("status", not(equalTo("RUNNING"))));
        return given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/sources/" + sourceId + "/syncs/"
                + runId).then().extract().jsonPath();
    }

    @Test
    void aSyncIngestsEveryVersionReadOnlyAndAuditsWhoItRanAs() throws Exception {
        String tenant = "mlf-" + UUID.randomUUID().toString().substring(0, 8);
        try (FakeMlflowServer mlflow = FakeMlflowServer.start().requireBasicAuth("alice", PASSWORD)) {
            String id = register(tenant, "risk-mlflow", mlflow.uri().toString(),
                    "{\"type\":\"basic\",\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}");

            JsonPath run = syncAndWait(tenant, id);
            assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
            assertEquals(2, run.getInt("modelsSeen"));
            assertEquals(5, run.getInt("versionsDelivered"));
            assertEquals(4, run.getInt("incomplete"), "the recordings list artifacts of one run only");
            assertEquals("basic:alice", run.getString("credentialIdentity"));

            JsonPath models = given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/models?source=mlflow")
                    .then().statusCode(200).body("$", hasSize(5)).extract().jsonPath();
            assertTrue(models.getList("name").contains("credit-risk-model"));
            given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/models?incomplete=true").then()
                    .body("$", hasSize(4)).body("[0].incompleteReason", containsString("artifacts"));
            String complete = given().auth().oauth2(token(tenant, "auditor"))
                    .get("/api/governance/models?incomplete=false").then().body("$", hasSize(1)).extract().path("[0].id");
            given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/models/" + complete).then()
                    .statusCode(200).body("record.source.kind", equalTo("mlflow"))
                    .body("record.lineage.experimentName", not(equalTo(null)))
                    .body("record.artifacts.manifest.size()", not(equalTo(0)))
                    .body("summary.complianceStatus", not(equalTo(null)));

            // Only reads were made.
            assertTrue(mlflow.requests().stream().allMatch(r -> r.method().equals("GET")), "read-only");
            assertTrue(mlflow.requests().stream().allMatch(r -> "risk".equals(r.header("X-Team"))), "extra headers");

            // Nothing shows or stores the password.
            String listing = given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/sources").then()
                    .statusCode(200).body("[0].credentialIdentity", equalTo("basic:alice")).extract().asString();
            assertFalse(listing.contains(PASSWORD));
            String audit = given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/audit?limit=1000").then()
                    .body("action", hasItem("source.synced")).extract().asString();
            assertFalse(audit.contains(PASSWORD));
            assertTrue(audit.contains("basic:alice"), "the audit names the credential identity");
            assertFalse(storedInClear(PASSWORD), "credentials are sealed in the database");

            // An incremental sync sees nothing new.
            JsonPath second = syncAndWait(tenant, id);
            assertEquals("SUCCEEDED", second.getString("status"));
            assertEquals(0, second.getInt("versionsDelivered"));
            assertEquals(5, second.getInt("versionsSeen"));

            given().auth().oauth2(token("acme", "auditor")).get("/api/governance/sources/" + id).then().statusCode(404);
        }
    }

    @Test
    void aRefusedCredentialFailsTheSyncWithoutLeakingIt() throws Exception {
        String tenant = "mlf-" + UUID.randomUUID().toString().substring(0, 8);
        try (FakeMlflowServer mlflow = FakeMlflowServer.start().requireBearer("right-token")) {
            String wrong = "wrong-token-5e1d";
            String id = register(tenant, "locked", mlflow.uri().toString(),
                    "{\"type\":\"bearer\",\"token\":\"" + wrong + "\"}");
            JsonPath run = syncAndWait(tenant, id);
            assertEquals("FAILED", run.getString("status"));
            assertTrue(run.getString("error").contains("401") || run.getString("error").contains("UNAUTHORIZED"),
                    run.getString("error"));
            assertFalse(run.prettify().contains(wrong));
            assertTrue(run.getString("credentialIdentity").startsWith("bearer:sha256:"));
            given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/models").then().body("$", hasSize(0));
            given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/audit").then()
                    .body("action", hasItem("source.sync-failed"));
        }
    }

    @Test
    void badSourcesAreRefusedNamingTheFieldAndNothingIsWritten() throws Exception {
        String tenant = "mlf-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = token(tenant, "admin");
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"name\":\"x\",\"trackingUri\":\"ftp://mlflow.example\",\"auth\":{\"type\":\"none\"}}")
                .post("/api/governance/sources").then().statusCode(400).contentType("application/problem+json")
                .body(containsString("trackingUri"));
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"name\":\"x\",\"trackingUri\":\"http://mlflow.example\",\"auth\":{\"type\":\"none\"},"
                        + "\"extraHeaders\":{\"Authorization\":\"Bearer smuggled\"}}")
                .post("/api/governance/sources").then().statusCode(400).body(containsString("extraHeaders"));
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"name\":\"x\",\"trackingUri\":\"http://mlflow.example\",\"auth\":{\"type\":\"kerberos\"}}")
                .post("/api/governance/sources").then().statusCode(400).body(containsString("auth.type"));
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"name\":\"x\",\"trackingUri\":\"http://mlflow.example\",\"syncIntervalMinutes\":1}")
                .post("/api/governance/sources").then().statusCode(400).body(containsString("syncIntervalMinutes"));
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"name\":\"x\",\"trackingUri\":\"http://mlflow.example\",\"passwd\":\"y\"}")
                .post("/api/governance/sources").then().statusCode(400).body(containsString("passwd"));
        given().auth().oauth2(admin).get("/api/governance/sources").then().body("$", hasSize(0));
        given().auth().oauth2(token(tenant, "auditor")).contentType("application/json")
                .body("{\"name\":\"x\",\"trackingUri\":\"http://mlflow.example\"}")
                .post("/api/governance/sources").then().statusCode(403);

        String id = given().auth().oauth2(admin).contentType("application/json")
                .body("{\"name\":\"dup\",\"trackingUri\":\"http://127.0.0.1:9\"}")
                .post("/api/governance/sources").then().statusCode(201).extract().path("id");
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"name\":\"dup\",\"trackingUri\":\"http://127.0.0.1:9\"}")
                .post("/api/governance/sources").then().statusCode(409);
        given().auth().oauth2(admin).delete("/api/governance/sources/" + id).then().statusCode(204);
        given().auth().oauth2(admin).get("/api/governance/sources/" + id).then().statusCode(404);
    }

    private boolean storedInClear(String secret) throws Exception {
        try (Connection c = dataSource.getConnection(); var ps = c.prepareStatement(
                "SELECT count(*) FROM governance.mlflow_sources WHERE position(? in sealed_secrets) > 0"
                        + " OR position(? in tracking_uri) > 0 OR position(? in credential_identity) > 0")) {
            ps.setBytes(1, secret.getBytes(StandardCharsets.UTF_8));
            ps.setString(2, secret);
            ps.setString(3, secret);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }
}
