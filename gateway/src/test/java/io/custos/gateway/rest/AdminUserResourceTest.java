package io.custos.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.custos.gateway.support.Api;
import io.custos.gateway.support.UpstreamPorts;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamPorts.class, restrictToAnnotatedClass = false)
class AdminUserResourceTest {

    private static final String USERS = "/api/admin/users";

    private static Map<String, Object> newUser(String username, String tenant, String... roles) {
        return Map.of("username", username, "password", "twelve-chars-or-more", "roles", List.of(roles),
                "tenant", tenant);
    }

    @Test
    void withoutATokenIs401ProblemJson() {
        given().get(USERS).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("status", equalTo(401));
        given().contentType(ContentType.JSON).body(newUser(Api.unique("x"), "acme", "auditor")).post(USERS)
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void badExpiredOrForgedTokensAre401() {
        TestKeys keys = TestKeys.shared();
        for (String token : List.of("not.a.jwt", keys.expiredToken("root-admin", "default", "admin"),
                keys.forgedToken("root-admin", "default", "admin"))) {
            given().auth().oauth2(token).get(USERS).then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void nonAdminsAre403() {
        for (String role : List.of("data-steward", "ml-engineer", "auditor", "fl-client", "service")) {
            String token = TestKeys.shared().token("someone", "acme", role);
            given().auth().oauth2(token).get(USERS).then().statusCode(403).contentType("application/problem+json")
                    .body("status", equalTo(403));
            long before = Api.count("select count(*) from gateway.users");
            given().auth().oauth2(token).contentType(ContentType.JSON).body(newUser(Api.unique("x"), "acme", "admin"))
                    .post(USERS).then().statusCode(403).contentType("application/problem+json");
            assertEquals(before, Api.count("select count(*) from gateway.users"));
        }
    }

    @Test
    void aTokenNotSignedByTheGatewayMayNotCarryUserRoles() {
        String internal = TestKeys.shared().internalToken("default", "admin");
        given().auth().oauth2(internal).get(USERS).then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("service role"));
    }

    @Test
    void createsAndListsUsersWithoutEverShowingHashes() {
        String name = Api.unique("analyst");
        given().auth().oauth2(Api.installationAdminToken()).contentType(ContentType.JSON)
                .body(newUser(name, "lab", "data-steward", "auditor")).post(USERS)
                .then().statusCode(201)
                .header("Location", containsString("/api/admin/users/"))
                .body("username", equalTo(name))
                .body("tenant", equalTo("lab"))
                .body("roles", equalTo(List.of("data-steward", "auditor")))
                .body("enabled", equalTo(true))
                .body("id", notNullValue())
                .body("createdAt", notNullValue())
                .body("$", not(org.hamcrest.Matchers.hasKey("passwordHash")))
                .body("$", not(org.hamcrest.Matchers.hasKey("password")));

        String body = given().auth().oauth2(Api.installationAdminToken()).queryParam("tenant", "lab").get(USERS)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("username", hasItem(name))
                .body("tenant", everyItem(equalTo("lab")))
                .extract().asString();
        assertFalse(body.contains("argon2"), body);
        assertFalse(body.toLowerCase().contains("hash"), body);
    }

    @Test
    void listIsScopedToTheCallersTenant() {
        String inA = Api.createUser(Api.unique("a-user"), "twelve-chars-or-more", "tenant-a", "auditor");
        String inB = Api.createUser(Api.unique("b-user"), "twelve-chars-or-more", "tenant-b", "auditor");
        String adminOfA = TestKeys.shared().token("a-admin", "tenant-a", "admin");

        given().auth().oauth2(adminOfA).get(USERS).then().statusCode(200)
                .body("username", hasItem(inA))
                .body("username", not(hasItem(inB)))
                .body("tenant", everyItem(equalTo("tenant-a")));
        // a tenant admin cannot look into, nor create in, another tenant
        given().auth().oauth2(adminOfA).queryParam("tenant", "tenant-b").get(USERS).then().statusCode(403)
                .contentType("application/problem+json");
        long before = Api.count("select count(*) from gateway.users");
        given().auth().oauth2(adminOfA).contentType(ContentType.JSON).body(newUser(Api.unique("x"), "tenant-b", "auditor"))
                .post(USERS).then().statusCode(403);
        assertEquals(before, Api.count("select count(*) from gateway.users"));
        // but creates in its own tenant by default
        String own = Api.unique("own");
        given().auth().oauth2(adminOfA).contentType(ContentType.JSON)
                .body(Map.of("username", own, "password", "twelve-chars-or-more", "roles", List.of("ml-engineer")))
                .post(USERS).then().statusCode(201).body("tenant", equalTo("tenant-a"));
    }

    @Test
    void badInputIs400NamingTheFieldsAndWritesNothing() {
        String admin = Api.installationAdminToken();
        long before = Api.count("select count(*) from gateway.users");

        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", "Bad Name!", "password", "short", "roles", List.of("admin", "superuser"),
                        "tenant", "UPPER"))
                .post(USERS).then()
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("detail", containsString("username"))
                .body("instance", equalTo(USERS))
                .body("errors.field", equalTo(List.of("username", "password", "roles[1]", "tenant")))
                .body("errors.find { it.field == 'roles[1]' }.message",
                        containsString("admin, data-steward, ml-engineer, auditor, fl-client, service"))
                .body("errors.find { it.field == 'password' }.message", containsString("12"));

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("username", Api.unique("x"),
                "password", "twelve-chars-or-more", "roles", List.of())).post(USERS)
                .then().statusCode(400).body("errors.field", hasItems("roles"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"username\": \"abc\", \"roles\": \"admin\"")
                .post(USERS).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"username\": \"abc\", \"roles\": 5}")
                .post(USERS).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("roles"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("[]").post(USERS)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("null").post(USERS)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).queryParam("tenant", "Not A Tenant").get(USERS)
                .then().statusCode(400).body("errors[0].field", equalTo("tenant"));

        assertEquals(before, Api.count("select count(*) from gateway.users"));
    }

    @Test
    void aTakenUsernameIs409AndWritesNothing() {
        String name = Api.createUser(Api.unique("dup"), "twelve-chars-or-more", "acme", "auditor");
        long before = Api.count("select count(*) from gateway.users");
        given().auth().oauth2(Api.installationAdminToken()).contentType(ContentType.JSON)
                .body(newUser(name, "other", "admin")).post(USERS)
                .then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("username"));
        assertEquals(before, Api.count("select count(*) from gateway.users"));
        assertEquals("acme", Api.string("select tenant from gateway.users where username = ?", name));
    }
}
