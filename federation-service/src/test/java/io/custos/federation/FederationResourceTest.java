package io.custos.federation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class FederationResourceTest {

    static final String FEDERATIONS = "/api/federated/federations";

    @Inject
    AgroalDataSource dataSource;

    static String token(String tenant, String... roles) {
        return TestKeys.shared().token("alice", tenant, roles);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A valid request body with the given name. */
    static String body(String name) {
        return """
                {"name":"%s","modelType":"logistic","target":"readmitted",
                 "featureSchema":[{"name":"age","kind":"numeric","lower":0,"upper":120},
                                  {"name":"ward","kind":"categorical","categories":["a","b","c"]}],
                 "rounds":10,"minClients":2,"maxClients":5,"roundTimeoutSeconds":300,"strategy":"trimmed-mean",
                 "localEpochs":2}""".formatted(name);
    }

    static String create(String tenant, String name) {
        return given().auth().oauth2(token(tenant, "ml-engineer")).contentType(ContentType.JSON).body(body(name))
                .post(FEDERATIONS).then().statusCode(201).extract().path("id");
    }

    @Test
    void createdFederationIsStoredListedAndServed() {
        String name = unique("hospitals");
        String id = given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON).body(body(name))
                .post(FEDERATIONS).then().statusCode(201)
                .header("Location", containsString(FEDERATIONS + "/"))
                .body("name", equalTo(name), "status", equalTo("CREATED"), "createdBy", equalTo("alice"),
                        "modelType", equalTo("logistic"), "strategy", equalTo("trimmed-mean"),
                        "featureSchema[1].categories", equalTo(List.of("a", "b", "c")),
                        "featureSchema[0].categories", nullValue())
                .extract().path("id");

        // A federated client sees only the federation its token (API key) is bound to.
        String boundClient = TestKeys.shared().token("apikey:1", "acme",
                java.util.Map.of("custos_federation", id, "custos_client", UUID.randomUUID().toString()), "fl-client");
        given().auth().oauth2(token("acme", "fl-client")).get(FEDERATIONS + "/" + id).then().statusCode(404);
        given().auth().oauth2(token("acme", "fl-client")).get(FEDERATIONS).then().statusCode(200)
                .body("id", empty());
        given().auth().oauth2(boundClient).get(FEDERATIONS).then().statusCode(200).body("id", equalTo(List.of(id)));
        given().auth().oauth2(boundClient).get(FEDERATIONS + "/" + id).then().statusCode(200)
                .body("id", equalTo(id), "target", equalTo("readmitted"), "rounds", equalTo(10),
                        "minClients", equalTo(2), "maxClients", equalTo(5), "roundTimeoutSeconds", equalTo(300),
                        "localEpochs", equalTo(2), "featureSchema.name", equalTo(List.of("age", "ward")),
                        "featureSchema.kind", equalTo(List.of("numeric", "categorical")));

        for (String role : new String[] {"admin", "ml-engineer", "auditor"}) {
            given().auth().oauth2(token("acme", role)).get(FEDERATIONS).then().statusCode(200)
                    .body("id", hasItem(id), "name", hasItem(name));
        }
    }

    @Test
    void optionalSettingsGetDefaults() {
        given().auth().oauth2(token("acme", "admin")).contentType(ContentType.JSON)
                .body("""
                        {"name":"%s","modelType":"mlp","target":"y","featureSchema":[{"name":"x","kind":"numeric","lower":0,"upper":1}],
                         "rounds":1,"minClients":3}""".formatted(unique("defaults")))
                .post(FEDERATIONS).then().statusCode(201)
                .body("maxClients", equalTo(100), "roundTimeoutSeconds", equalTo(600), "strategy", equalTo("fedavg"),
                        "localEpochs", equalTo(1));
    }

    @Test
    void duplicateNameIsAConflictWithinATenantOnly() throws Exception {
        String name = unique("dup");
        create("acme", name);
        long before = count("federations");
        given().auth().oauth2(token("acme", "admin")).contentType(ContentType.JSON).body(body(name))
                .post(FEDERATIONS).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(name));
        assertEquals(before, count("federations"));
        create("initech", name); // another tenant may use the same name
    }

    @Test
    void anotherTenantSeesNothing() {
        String id = create("acme", unique("private"));
        given().auth().oauth2(token("globex", "admin")).get(FEDERATIONS + "/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(token("globex", "admin")).get(FEDERATIONS).then().statusCode(200).body("$", empty());
        given().auth().oauth2(token("globex", "admin")).get(FEDERATIONS + "/" + id + "/clients").then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token("globex", "admin")).contentType(ContentType.JSON)
                .body("{\"clientName\":\"site-a\",\"publicKey\":\"%s\"}".formatted(Ed25519Fixtures.rawBase64()))
                .post(FEDERATIONS + "/" + id + "/clients").then().statusCode(404);
        given().auth().oauth2(token("acme", "admin")).get(FEDERATIONS + "/" + UUID.randomUUID()).then()
                .statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(token("acme", "admin")).get(FEDERATIONS + "/not-a-uuid").then().statusCode(404);
    }

    @Test
    void everyEndpointDemandsAValidTokenAndTheRightRole() {
        given().contentType(ContentType.JSON).body(body(unique("x"))).post(FEDERATIONS).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().get(FEDERATIONS).then().statusCode(401);
        given().auth().oauth2(TestKeys.shared().forgedToken("alice", "acme", "admin")).get(FEDERATIONS).then()
                .statusCode(401);
        given().auth().oauth2(TestKeys.shared().forgedToken("alice", "acme", "admin")).contentType(ContentType.JSON)
                .body(body(unique("x"))).post(FEDERATIONS).then().statusCode(401);
        given().auth().oauth2(TestKeys.shared().expiredToken("alice", "acme", "admin")).get(FEDERATIONS).then()
                .statusCode(401);

        given().auth().oauth2(token("acme", "auditor")).contentType(ContentType.JSON).body(body(unique("x")))
                .post(FEDERATIONS).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(token("acme", "fl-client")).contentType(ContentType.JSON).body(body(unique("x")))
                .post(FEDERATIONS).then().statusCode(403);
        given().auth().oauth2(token("acme", "data-steward")).get(FEDERATIONS).then().statusCode(403);

        String id = create("acme", unique("roles"));
        String client = "{\"clientName\":\"site-a\",\"publicKey\":\"%s\"}".formatted(Ed25519Fixtures.rawBase64());
        for (String role : new String[] {"ml-engineer", "auditor", "fl-client"}) {
            given().auth().oauth2(token("acme", role)).contentType(ContentType.JSON).body(client)
                    .post(FEDERATIONS + "/" + id + "/clients").then().statusCode(403);
        }
        given().auth().oauth2(token("acme", "fl-client")).get(FEDERATIONS + "/" + id + "/clients").then()
                .statusCode(403);
        given().auth().oauth2(token("acme", "auditor")).get(FEDERATIONS + "/" + id + "/clients").then()
                .statusCode(200);
        // The internal key may only vouch for the service role.
        given().auth().oauth2(TestKeys.shared().internalToken("acme", "admin")).get(FEDERATIONS).then()
                .statusCode(403);
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/federated/federations/{id}/clients"),
                        containsString("Custos federation-service"));
    }

    long count(String table) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM federation." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
