package io.custos.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.gateway.service.AuthService;
import io.custos.gateway.support.Api;
import io.custos.gateway.support.UpstreamPorts;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamPorts.class, restrictToAnnotatedClass = false)
class AuthResourceTest {

    private static final String PASSWORD = "a-sufficiently-long-password";

    private static JwtConsumer verifierFromTestJwks() throws Exception {
        JsonWebKeySet jwks = new JsonWebKeySet(Files.readString(TestKeys.shared().jwks()));
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setExpectedIssuer(TestKeys.ISSUER)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setRequireSubject()
                .setSkipDefaultAudienceValidation()
                .build();
    }

    @Test
    void loginReturnsAnRs256TokenSignedWithTheGatewayKeyCarryingGroupsAndTenant() throws Exception {
        String user = Api.createUser(Api.unique("engineer"), PASSWORD, "acme", "ml-engineer", "auditor");

        JsonPath body = Api.login(user, PASSWORD).then().statusCode(200).contentType(ContentType.JSON)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("refreshToken", notNullValue())
                .extract().jsonPath();
        String token = body.getString("accessToken");

        JwtClaims claims = verifierFromTestJwks().processToClaims(token); // signature checked against the JWKS
        JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(token);
        assertEquals("RS256", jws.getAlgorithmHeaderValue());
        assertEquals(TestKeys.GATEWAY_KID, jws.getKeyIdHeaderValue());
        assertEquals(TestKeys.ISSUER, claims.getIssuer());
        assertEquals(user, claims.getStringClaimValue("upn"));
        String userId = Api.string("select id::text from gateway.users where username = ?", user);
        assertEquals(userId, claims.getSubject());
        assertEquals("acme", claims.getStringClaimValue("tenant"));
        assertEquals(List.of("ml-engineer", "auditor").stream().sorted().toList(),
                claims.getStringListClaimValue("groups").stream().sorted().toList());
        long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
        assertEquals(15 * 60, lifetime, "access tokens live 15 minutes");
        assertTrue(claims.getExpirationTime().getValueInMillis() > System.currentTimeMillis());
        UUID.fromString(claims.getJwtId());

        // the refresh token is opaque and stored only as its SHA-256
        String refresh = body.getString("refreshToken");
        assertEquals(43, refresh.length());
        assertEquals(0, Api.count("select count(*) from gateway.refresh_tokens where token_hash = ?", refresh));
        assertEquals(1, Api.count("select count(*) from gateway.refresh_tokens where token_hash = ? and tenant = 'acme'",
                io.custos.gateway.service.RefreshTokens.hash(refresh)));
    }

    @Test
    void aTokenSignedByAnotherKeyDoesNotVerify() throws Exception {
        String forged = TestKeys.shared().forgedToken("mallory", "acme", "admin");
        try {
            verifierFromTestJwks().processToClaims(forged);
            throw new AssertionError("a forged token verified");
        } catch (InvalidJwtException expected) {
            // the check above is a real signature check
        }
    }

    @Test
    void storedPasswordsAreArgon2idWithTheConfiguredParameters() {
        String user = Api.createUser(Api.unique("hashcheck"), PASSWORD, "acme", "auditor");
        String hash = Api.string("select password_hash from gateway.users where username = ?", user);
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertTrue(!hash.contains(PASSWORD));
    }

    @Test
    void wrongPasswordUnknownUserAndDisabledAccountAllGetTheSame401() {
        String user = Api.createUser(Api.unique("victim"), PASSWORD, "acme", "auditor");
        String disabled = Api.createUser(Api.unique("gone"), PASSWORD, "acme", "auditor");
        Api.update("update gateway.users set enabled = false where username = ?", disabled);

        for (Map.Entry<String, String> attempt : Map.of(user, "not-the-password",
                Api.unique("nobody"), PASSWORD, disabled, PASSWORD).entrySet()) {
            Api.login(attempt.getKey(), attempt.getValue()).then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("status", equalTo(401))
                    .body("title", equalTo("Unauthorized"))
                    .body("detail", equalTo(AuthService.BAD_CREDENTIALS))
                    .body("type", notNullValue())
                    .body("instance", equalTo("/api/auth/login"));
        }
    }

    @Test
    void unknownUsersCostAPasswordHashToo() {
        String user = Api.createUser(Api.unique("timing"), PASSWORD, "acme", "auditor");
        Api.login(user, "warm-up-attempt").then().statusCode(401);
        long known = 0;
        long unknown = 0;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            Api.login(user, "wrong-password-attempt").then().statusCode(401);
            long t1 = System.nanoTime();
            Api.login(Api.unique("ghost"), "wrong-password-attempt").then().statusCode(401);
            long t2 = System.nanoTime();
            known += t1 - t0;
            unknown += t2 - t1;
        }
        assertTrue(unknown > known / 3, "unknown user took " + unknown / 3_000_000 + " ms vs " + known / 3_000_000
                + " ms for a known one: the dummy hash is missing");
    }

    @Test
    void badLoginInputIs400NotA500() {
        given().contentType(ContentType.JSON).body("{\"username\": \"x\", ").post("/api/auth/login").then()
                .statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        given().contentType(ContentType.JSON).body("{\"username\": [1,2], \"password\": \"p\"}").post("/api/auth/login")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("username"));
        given().contentType(ContentType.JSON).body("{}").post("/api/auth/login").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("username", "password"));
        given().contentType(ContentType.JSON).post("/api/auth/login").then()
                .statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.TEXT).body("username=a").post("/api/auth/login").then()
                .statusCode(415).contentType("application/problem+json");
        given().get("/api/auth/login").then().statusCode(405).contentType("application/problem+json");
    }

    @Test
    void problemsNameTheExpectedTypeWhereTheBodyBreaksAndTheMethod() {
        given().contentType(ContentType.JSON).body("{\"username\": [1,2], \"password\": \"p\"}").post("/api/auth/login")
                .then().statusCode(400).body("type", equalTo("https://custos.io/problems/validation"))
                .body("errors[0].field", equalTo("username"))
                .body("errors[0].message", containsString("must be a string"));
        given().contentType(ContentType.JSON).body("{\"username\": \"x\", ").post("/api/auth/login").then()
                .statusCode(400).body("type", equalTo("https://custos.io/problems/malformed-json"))
                .body("detail", containsString("line 1, column"));
        given().get("/api/auth/login").then().statusCode(405)
                .body("detail", containsString("GET")).body("instance", equalTo("/api/auth/login"));
    }

    @Test
    void aStaleBearerTokenSentAlongDoesNotBlockLoginOrRefresh() {
        String user = Api.createUser(Api.unique("stale"), PASSWORD, "acme", "auditor");
        String stale = TestKeys.shared().expiredToken(user, "acme", "auditor");
        String refresh = given().auth().oauth2(stale).contentType(ContentType.JSON)
                .body(Map.of("username", user, "password", PASSWORD)).post("/api/auth/login")
                .then().statusCode(200).extract().path("refreshToken");
        given().auth().oauth2(stale).contentType(ContentType.JSON).body(Map.of("refreshToken", refresh))
                .post("/api/auth/refresh").then().statusCode(200);
    }

    @Test
    void refreshRotatesTheToken() throws Exception {
        String user = Api.createUser(Api.unique("rotator"), PASSWORD, "acme", "data-steward");
        String r1 = Api.login(user, PASSWORD).then().statusCode(200).extract().path("refreshToken");

        JsonPath next = Api.refresh(r1).then().statusCode(200).body("tokenType", equalTo("Bearer"))
                .extract().jsonPath();
        String r2 = next.getString("refreshToken");
        assertNotEquals(r1, r2);
        JwtClaims claims = verifierFromTestJwks().processToClaims(next.getString("accessToken"));
        assertEquals(List.of("data-steward"), claims.getStringListClaimValue("groups"));

        String h1 = io.custos.gateway.service.RefreshTokens.hash(r1);
        String h2 = io.custos.gateway.service.RefreshTokens.hash(r2);
        assertEquals("rotated", Api.string("select revoked_reason from gateway.refresh_tokens where token_hash = ?", h1));
        assertEquals(Api.string("select family_id::text from gateway.refresh_tokens where token_hash = ?", h1),
                Api.string("select family_id::text from gateway.refresh_tokens where token_hash = ?", h2));
        assertEquals(Api.string("select id::text from gateway.refresh_tokens where token_hash = ?", h2),
                Api.string("select replaced_by::text from gateway.refresh_tokens where token_hash = ?", h1));

        String r3 = Api.refresh(r2).then().statusCode(200).extract().path("refreshToken");
        assertNotEquals(r2, r3);
    }

    @Test
    void reusingARotatedTokenRevokesTheWholeSession() {
        String user = Api.createUser(Api.unique("victim"), PASSWORD, "acme", "ml-engineer");
        String stolen = Api.login(user, PASSWORD).then().statusCode(200).extract().path("refreshToken");
        String current = Api.refresh(stolen).then().statusCode(200).extract().path("refreshToken");
        // another, independent session of the same user must survive
        String otherSession = Api.login(user, PASSWORD).then().statusCode(200).extract().path("refreshToken");

        Api.refresh(stolen).then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo(AuthService.BAD_REFRESH));
        // the legitimate holder's newest token is dead too
        Api.refresh(current).then().statusCode(401).contentType("application/problem+json");
        String family = Api.string("select family_id::text from gateway.refresh_tokens where token_hash = ?",
                io.custos.gateway.service.RefreshTokens.hash(current));
        assertEquals(0, Api.count(
                "select count(*) from gateway.refresh_tokens where family_id = ?::uuid and revoked_at is null", family));
        assertEquals("reuse-detected", Api.string("select revoked_reason from gateway.refresh_tokens where token_hash = ?",
                io.custos.gateway.service.RefreshTokens.hash(current)));

        Api.refresh(otherSession).then().statusCode(200);
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        String user = Api.createUser(Api.unique("leaver"), PASSWORD, "acme", "auditor");
        String refresh = Api.login(user, PASSWORD).then().statusCode(200).extract().path("refreshToken");

        given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh)).post("/api/auth/logout")
                .then().statusCode(204);
        Api.refresh(refresh).then().statusCode(401);
        assertEquals("logout", Api.string("select revoked_reason from gateway.refresh_tokens where token_hash = ?",
                io.custos.gateway.service.RefreshTokens.hash(refresh)));

        // unknown tokens: nothing to do, no oracle
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", "x".repeat(43))).post("/api/auth/logout")
                .then().statusCode(204);
        given().contentType(ContentType.JSON).body("{}").post("/api/auth/logout")
                .then().statusCode(400).body("errors[0].field", equalTo("refreshToken"));
    }

    @Test
    void refreshWithGarbageOrExpiredTokensIs401() {
        Api.refresh("not-a-token").then().statusCode(401).contentType("application/problem+json");
        Api.refresh("A".repeat(43)).then().statusCode(401).contentType("application/problem+json");

        String user = Api.createUser(Api.unique("expired"), PASSWORD, "acme", "auditor");
        String refresh = Api.login(user, PASSWORD).then().statusCode(200).extract().path("refreshToken");
        Api.update("update gateway.refresh_tokens set expires_at = now() - interval '1 minute' where token_hash = ?",
                io.custos.gateway.service.RefreshTokens.hash(refresh));
        Api.refresh(refresh).then().statusCode(401);
    }

    @Test
    void disablingAUserStopsItsRefreshTokens() {
        String user = Api.createUser(Api.unique("suspended"), PASSWORD, "acme", "auditor");
        String refresh = Api.login(user, PASSWORD).then().statusCode(200).extract().path("refreshToken");
        Api.update("update gateway.users set enabled = false where username = ?", user);
        Api.refresh(refresh).then().statusCode(401);
    }
}
