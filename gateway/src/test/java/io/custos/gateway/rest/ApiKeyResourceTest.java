package io.custos.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.gateway.service.ApiKeyService;
import io.custos.gateway.service.ApiKeys;
import io.custos.gateway.support.Api;
import io.custos.gateway.support.UpstreamPorts;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamPorts.class, restrictToAnnotatedClass = false)
class ApiKeyResourceTest {

    private static final String KEYS = "/api/admin/api-keys";
    private static final String TOKEN = "/api/auth/token";
    private static final String COUNT = "select count(*) from gateway.api_keys";

    private static String adminOf(String tenant) {
        return TestKeys.shared().token(tenant + "-admin", tenant, "admin");
    }

    private static Map<String, Object> body(String name, String... roles) {
        Map<String, Object> b = new HashMap<>();
        b.put("name", name);
        b.put("roles", List.of(roles));
        return b;
    }

    private static Response post(String adminToken, Object body) {
        return given().auth().oauth2(adminToken).contentType(ContentType.JSON).body(body).post(KEYS);
    }

    /** Creates a key and returns the whole 201 body (with the one-time apiKey). */
    private static JsonPath create(String tenant, Map<String, Object> body) {
        return post(adminOf(tenant), body).then().statusCode(201).extract().jsonPath();
    }

    private static Response exchange(String apiKey) {
        return given().contentType(ContentType.JSON).body(Map.of("apiKey", apiKey)).post(TOKEN);
    }

    private static JwtClaims verified(String token) throws Exception {
        JsonWebKeySet jwks = new JsonWebKeySet(Files.readString(TestKeys.shared().jwks()));
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setExpectedIssuer(TestKeys.ISSUER)
                .setRequireExpirationTime()
                .setRequireSubject()
                .setSkipDefaultAudienceValidation()
                .build()
                .processToClaims(token);
    }

    // ---- create, list, get, revoke

    @Test
    void createsAKeyShowingTheSecretOnceAndStoringOnlyItsSha256() {
        String name = Api.unique("ci-runner");
        Instant before = Instant.now();
        JsonPath created = post(adminOf("acme"), body(name, "ml-engineer", "auditor")).then()
                .statusCode(201).contentType(ContentType.JSON)
                .header("Location", containsString(KEYS + "/"))
                .body("name", equalTo(name))
                .body("roles", equalTo(List.of("ml-engineer", "auditor")))
                .body("federationId", nullValue())
                .body("clientId", nullValue())
                .body("expiresAt", nullValue())
                .body("createdAt", notNullValue())
                .extract().jsonPath();
        String id = created.getString("id");
        String prefix = created.getString("prefix");
        String apiKey = created.getString("apiKey");
        assertTrue(prefix.matches("^ck_[a-z2-7]{8}$"), prefix);
        assertTrue(apiKey.startsWith(prefix + "_"), apiKey);
        assertTrue(Instant.parse(created.getString("createdAt")).isAfter(before.minusSeconds(5)));

        // the row holds the SHA-256 of the key, never the key
        assertEquals(ApiKeys.hash(apiKey), Api.string("select secret_hash from gateway.api_keys where id = ?::uuid", id));
        assertEquals(0, Api.count("select count(*) from gateway.api_keys where secret_hash = ? or key_prefix = ?",
                apiKey, apiKey));
        assertEquals("acme", Api.string("select tenant from gateway.api_keys where id = ?::uuid", id));
        assertEquals("acme-admin", Api.string("select created_by from gateway.api_keys where id = ?::uuid", id));

        String list = given().auth().oauth2(adminOf("acme")).get(KEYS).then().statusCode(200)
                .body("find { it.id == '" + id + "' }.prefix", equalTo(prefix))
                .body("find { it.id == '" + id + "' }.status", equalTo("active"))
                .body("find { it.id == '" + id + "' }", not(hasKey("apiKey")))
                .extract().asString();
        assertFalse(list.contains(apiKey.substring(prefix.length() + 1)), "the list shows the secret");
        assertFalse(list.contains(ApiKeys.hash(apiKey)), "the list shows the hash");

        String one = given().auth().oauth2(adminOf("acme")).get(KEYS + "/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo(name))
                .body("prefix", equalTo(prefix))
                .body("roles", equalTo(List.of("ml-engineer", "auditor")))
                .body("createdBy", equalTo("acme-admin"))
                .body("createdAt", equalTo(created.getString("createdAt")))
                .body("status", equalTo("active"))
                .body("lastUsedAt", nullValue())
                .body("revokedAt", nullValue())
                .body("$", not(hasKey("apiKey")))
                .body("$", not(hasKey("secretHash")))
                .extract().asString();
        assertFalse(one.contains(apiKey.substring(prefix.length() + 1)), one);
    }

    @Test
    void listIsNewestFirst() {
        String tenant = "order-" + UUID.randomUUID().toString().substring(0, 6);
        String first = create(tenant, body("first", "service")).getString("id");
        String second = create(tenant, body("second", "auditor")).getString("id");
        String third = create(tenant, body("third", "data-steward")).getString("id");
        given().auth().oauth2(adminOf(tenant)).get(KEYS).then().statusCode(200)
                .body("id", equalTo(List.of(third, second, first)))
                .body("name", equalTo(List.of("third", "second", "first")));
    }

    @Test
    void expiresInDaysSetsTheExpiry() {
        Instant before = Instant.now();
        JsonPath created = create("acme", Map.of("name", Api.unique("nightly"), "roles", List.of("service"),
                "expiresInDays", 30));
        Instant expiresAt = Instant.parse(created.getString("expiresAt"));
        Instant createdAt = Instant.parse(created.getString("createdAt"));
        assertEquals(Duration.ofDays(30), Duration.between(createdAt, expiresAt));
        assertTrue(expiresAt.isAfter(before.plus(Duration.ofDays(30)).minusSeconds(5)));
        // the bounds are allowed
        create("acme", Map.of("name", Api.unique("one-day"), "roles", List.of("service"), "expiresInDays", 1));
        create("acme", Map.of("name", Api.unique("ten-years"), "roles", List.of("service"), "expiresInDays", 3650));
        create("acme", Map.of("name", "n".repeat(128), "roles", List.of("service")));
    }

    @Test
    void revokingKeepsTheRowAndRevokingTwiceIsFine() {
        JsonPath created = create("acme", body(Api.unique("to-revoke"), "service"));
        String id = created.getString("id");
        String apiKey = created.getString("apiKey");
        exchange(apiKey).then().statusCode(200);

        given().auth().oauth2(adminOf("acme")).delete(KEYS + "/" + id).then().statusCode(204);
        String revokedAt = Api.string("select revoked_at::text from gateway.api_keys where id = ?::uuid", id);
        assertNotNull(revokedAt);
        given().auth().oauth2(TestKeys.shared().token("other-admin", "acme", "admin")).delete(KEYS + "/" + id)
                .then().statusCode(204);
        // the first revocation stands
        assertEquals(revokedAt, Api.string("select revoked_at::text from gateway.api_keys where id = ?::uuid", id));
        assertEquals("acme-admin", Api.string("select revoked_by from gateway.api_keys where id = ?::uuid", id));

        given().auth().oauth2(adminOf("acme")).get(KEYS + "/" + id).then().statusCode(200)
                .body("status", equalTo("revoked"))
                .body("revokedAt", notNullValue())
                .body("revokedBy", equalTo("acme-admin"));
        given().auth().oauth2(adminOf("acme")).get(KEYS).then().statusCode(200).body("id", hasItem(id));
        exchange(apiKey).then().statusCode(401);
    }

    @Test
    void unknownIdsAre404() {
        String admin = adminOf("acme");
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            given().auth().oauth2(admin).get(KEYS + "/" + id).then().statusCode(404)
                    .contentType("application/problem+json").body("status", equalTo(404));
            given().auth().oauth2(admin).delete(KEYS + "/" + id).then().statusCode(404)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void aLiveNameIs409ButARevokedKeysNameMayBeReused() {
        String name = Api.unique("dup");
        String id = create("acme", body(name, "service")).getString("id");
        long before = Api.count(COUNT);
        post(adminOf("acme"), body(name, "auditor")).then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"))
                .body("detail", containsString(name));
        assertEquals(before, Api.count(COUNT));

        // the same name in another tenant is another key
        create("other-tenant", body(name, "service"));
        // and after revocation the name is free again (key rotation)
        given().auth().oauth2(adminOf("acme")).delete(KEYS + "/" + id).then().statusCode(204);
        create("acme", body(name, "service"));
    }

    // ---- token exchange

    @Test
    void anFlClientKeyExchangesForASignedTokenBoundToItsFederationClient() throws Exception {
        String federation = UUID.randomUUID().toString();
        String client = UUID.randomUUID().toString();
        String name = Api.unique("site-berlin");
        Map<String, Object> b = body(name, "fl-client");
        b.put("federationId", federation);
        b.put("clientId", client);
        JsonPath created = post(adminOf("hospitals"), b).then().statusCode(201)
                .body("federationId", equalTo(federation))
                .body("clientId", equalTo(client))
                .extract().jsonPath();
        String id = created.getString("id");
        assertNull(Api.string("select last_used_at::text from gateway.api_keys where id = ?::uuid", id));

        JsonPath token = exchange(created.getString("apiKey")).then().statusCode(200).contentType(ContentType.JSON)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("$", not(hasKey("refreshToken")))
                .extract().jsonPath();

        JwtClaims claims = verified(token.getString("accessToken")); // signature checked against the test JWKS
        assertEquals("apikey:" + id, claims.getSubject());
        assertEquals(name, claims.getStringClaimValue("upn"));
        assertEquals(List.of("fl-client"), claims.getStringListClaimValue("groups"));
        assertEquals("hospitals", claims.getStringClaimValue("tenant"));
        assertEquals(federation, claims.getStringClaimValue(ApiKeyService.FEDERATION_CLAIM));
        assertEquals(client, claims.getStringClaimValue(ApiKeyService.CLIENT_CLAIM));
        assertEquals("custos_federation", ApiKeyService.FEDERATION_CLAIM);
        assertEquals("custos_client", ApiKeyService.CLIENT_CLAIM);
        assertEquals(15 * 60, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());

        assertNotNull(Api.string("select last_used_at::text from gateway.api_keys where id = ?::uuid", id));
        given().auth().oauth2(adminOf("hospitals")).get(KEYS + "/" + id).then().body("lastUsedAt", notNullValue());
    }

    @Test
    void anUnboundKeyCarriesNoFederationClaimsAndCannotAdminister() throws Exception {
        JsonPath created = create("acme", body(Api.unique("ci"), "service", "ml-engineer"));
        String token = exchange(created.getString("apiKey")).then().statusCode(200).extract().path("accessToken");
        JwtClaims claims = verified(token);
        assertEquals(List.of("ml-engineer", "service"), claims.getStringListClaimValue("groups").stream().sorted().toList());
        assertFalse(claims.hasClaim(ApiKeyService.FEDERATION_CLAIM));
        assertFalse(claims.hasClaim(ApiKeyService.CLIENT_CLAIM));
        // the token works against the gateway, and its roles do not reach the admin API
        given().auth().oauth2(token).get(KEYS).then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void unknownMalformedTamperedRevokedAndExpiredKeysGetTheSame401() {
        JsonPath revokedKey = create("acme", body(Api.unique("revoked"), "service"));
        given().auth().oauth2(adminOf("acme")).delete(KEYS + "/" + revokedKey.getString("id")).then().statusCode(204);
        JsonPath expiredKey = create("acme", Map.of("name", Api.unique("expired"), "roles", List.of("service"),
                "expiresInDays", 1));
        Api.update("update gateway.api_keys set expires_at = now() - interval '1 minute' where id = ?::uuid",
                expiredKey.getString("id"));
        String live = create("acme", body(Api.unique("live"), "service")).getString("apiKey");
        String tampered = live.substring(0, live.length() - 1) + (live.endsWith("A") ? "B" : "A");
        String unknown = ApiKeys.generate().apiKey();

        Map<String, String> reference = null;
        for (String key : List.of(unknown, "nonsense", "ck_short_x", tampered, revokedKey.getString("apiKey"),
                expiredKey.getString("apiKey"))) {
            JsonPath problem = exchange(key).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .extract().jsonPath();
            Map<String, String> shape = Map.of("type", problem.getString("type"), "title", problem.getString("title"),
                    "detail", problem.getString("detail"), "status", problem.getString("status"));
            if (reference == null) {
                reference = shape;
                assertEquals(ApiKeyService.INVALID_API_KEY, shape.get("detail"));
                assertTrue(shape.get("detail").startsWith("invalid API key"));
            }
            assertEquals(reference, shape, "the answer to " + key + " differs from an unknown key's");
        }
        // the live key still works, and the expired one was not touched
        exchange(live).then().statusCode(200);
        assertNull(Api.string("select last_used_at::text from gateway.api_keys where id = ?::uuid",
                expiredKey.getString("id")));
    }

    @Test
    void aMissingApiKeyIs400NamingTheField() {
        given().contentType(ContentType.JSON).body("{}").post(TOKEN).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("apiKey"));
        given().contentType(ContentType.JSON).post(TOKEN).then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"apiKey\": ").post(TOKEN).then().statusCode(400)
                .contentType("application/problem+json");
    }

    // ---- validation: every rule is a 400 naming the field, and nothing is written

    private static void rejected(Object body, String field, String... messageParts) {
        long before = Api.count(COUNT);
        var response = post(adminOf("acme"), body).then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
        for (String part : messageParts) {
            response.body("errors.find { it.field == '" + field + "' }.message", containsString(part));
        }
        assertEquals(before, Api.count(COUNT), "a rejected request wrote a row: " + body);
    }

    private static Map<String, Object> with(Map<String, Object> base, String field, Object value) {
        Map<String, Object> b = new HashMap<>(base);
        b.put(field, value);
        return b;
    }

    @Test
    void nameIsRequiredShortAndPlain() {
        rejected(Map.of("roles", List.of("service")), "name", "required");
        rejected(body("", "service"), "name", "required");
        rejected(body("has space", "service"), "name", "128", "letters, digits and . _ -");
        rejected(body("slash/name", "service"), "name", "128");
        rejected(body("n".repeat(129), "service"), "name", "128");
        rejected(body("ünïcode", "service"), "name", "128");
    }

    @Test
    void rolesAreANonEmptySetOfMachineRolesNeverAdmin() {
        String allowed = "data-steward, ml-engineer, auditor, fl-client, service";
        rejected(Map.of("name", Api.unique("k")), "roles", allowed);
        rejected(body(Api.unique("k")), "roles", allowed);
        rejected(body(Api.unique("k"), "admin"), "roles[0]", "may not administer", allowed);
        rejected(body(Api.unique("k"), "service", "admin"), "roles[1]", "may not administer");
        rejected(body(Api.unique("k"), "superuser"), "roles[0]", "'superuser'", allowed);
        rejected(body(Api.unique("k"), "auditor", "auditor"), "roles[1]", "twice");
        rejected(Map.of("name", Api.unique("k"), "roles", "service"), "roles");
    }

    @Test
    void flClientNeedsBothIdsAndOnlyFlClientMayHaveThem() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> fl = body(Api.unique("site"), "fl-client");
        rejected(fl, "federationId", "required with role fl-client");
        rejected(fl, "clientId", "required with role fl-client");
        rejected(with(fl, "federationId", id), "clientId", "required with role fl-client");
        rejected(with(fl, "clientId", id), "federationId", "required with role fl-client");
        rejected(with(with(fl, "clientId", id), "federationId", "not-a-uuid"), "federationId", "UUID");
        rejected(with(with(fl, "federationId", id), "clientId", "42"), "clientId", "UUID");

        Map<String, Object> ci = body(Api.unique("ci"), "service");
        rejected(with(ci, "federationId", id), "federationId", "only allowed with role fl-client");
        rejected(with(ci, "clientId", id), "clientId", "only allowed with role fl-client");
    }

    @Test
    void expiresInDaysIsAWholeNumberFrom1To3650() {
        Map<String, Object> ci = body(Api.unique("ci"), "service");
        for (Object bad : List.of(0, -1, 3651, 1.5, "30", true)) {
            rejected(with(ci, "expiresInDays", bad), "expiresInDays", "1 to 3650");
        }
    }

    @Test
    void misspeltFieldsAndBadBodiesAre400() {
        rejected(with(body(Api.unique("ci"), "service"), "expiresInDay", 30), "expiresInDay", "not a known field",
                "expiresInDays");
        long before = Api.count(COUNT);
        for (String raw : List.of("[]", "\"text\"")) {
            given().auth().oauth2(adminOf("acme")).contentType(ContentType.JSON).body(raw).post(KEYS)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("body"))
                    .body("errors[0].message", containsString("known fields: clientId, expiresInDays, federationId"));
        }
        for (String raw : List.of("null", "{\"name\": ", "{\"name\": \"x\", \"roles\": {}}")) {
            given().auth().oauth2(adminOf("acme")).contentType(ContentType.JSON).body(raw).post(KEYS)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(adminOf("acme")).contentType(ContentType.JSON).post(KEYS)
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(before, Api.count(COUNT));
    }

    // ---- who may do what

    @Test
    void withoutATokenIs401() {
        given().get(KEYS).then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(body(Api.unique("x"), "service")).post(KEYS)
                .then().statusCode(401).contentType("application/problem+json");
        given().delete(KEYS + "/" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void nonAdminsAre403AndWriteNothing() {
        JsonPath created = create("acme", body(Api.unique("guarded"), "service"));
        String id = created.getString("id");
        for (String role : List.of("data-steward", "ml-engineer", "auditor", "fl-client", "service")) {
            String token = TestKeys.shared().token("someone", "acme", role);
            long before = Api.count(COUNT);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body(Api.unique("x"), "service")).post(KEYS)
                    .then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).get(KEYS).then().statusCode(403);
            given().auth().oauth2(token).get(KEYS + "/" + id).then().statusCode(403);
            given().auth().oauth2(token).delete(KEYS + "/" + id).then().statusCode(403);
            assertEquals(before, Api.count(COUNT));
        }
        assertNull(Api.string("select revoked_at::text from gateway.api_keys where id = ?::uuid", id));
        exchange(created.getString("apiKey")).then().statusCode(200);
    }

    @Test
    void anotherTenantsAdminCannotSeeOrRevokeTheKey() {
        JsonPath created = create("tenant-a", body(Api.unique("a-key"), "service"));
        String id = created.getString("id");
        String adminOfB = adminOf("tenant-b");
        create("tenant-b", body(Api.unique("b-key"), "service"));

        given().auth().oauth2(adminOfB).get(KEYS + "/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(adminOfB).delete(KEYS + "/" + id).then().statusCode(404);
        given().auth().oauth2(adminOfB).get(KEYS).then().statusCode(200)
                .body("id", not(hasItem(id)))
                .body("size()", org.hamcrest.Matchers.greaterThan(0));
        // the installation admin works in its own tenant too
        given().auth().oauth2(Api.installationAdminToken()).get(KEYS + "/" + id).then().statusCode(404);

        assertNull(Api.string("select revoked_at::text from gateway.api_keys where id = ?::uuid", id));
        exchange(created.getString("apiKey")).then().statusCode(200);
        given().auth().oauth2(adminOf("tenant-a")).get(KEYS).then().statusCode(200)
                .body("id", hasItem(id));
    }

    @Test
    void aTokenWithoutATenantClaimIs403() {
        String noTenant = io.smallrye.jwt.build.Jwt.issuer(TestKeys.ISSUER).subject("x").groups("admin")
                .expiresIn(60).jws().keyId(TestKeys.GATEWAY_KID)
                .sign(readGatewayKey());
        long before = Api.count(COUNT);
        given().auth().oauth2(noTenant).contentType(ContentType.JSON).body(body(Api.unique("x"), "service")).post(KEYS)
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("tenant"));
        assertEquals(before, Api.count(COUNT));
    }

    private static java.security.PrivateKey readGatewayKey() {
        try {
            return io.custos.crypto.JwtKeyFiles.readPrivate(TestKeys.shared().gatewayPrivateKey());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpoints() {
        given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey(KEYS))
                .body("paths", hasKey(KEYS + "/{id}"))
                .body("paths", hasKey(TOKEN))
                .body("paths.'" + KEYS + "'.post.responses", hasKey("201"))
                .body("paths.'" + TOKEN + "'.post.responses", hasKey("401"))
                .body("components.schemas.CreateApiKeyRequest.properties.expiresInDays.maximum", equalTo(3650))
                .body("components.schemas.CreatedApiKey.properties", hasKey("apiKey"))
                .body("components.schemas.ApiKeyView.properties", not(hasKey("apiKey")))
                .body("paths.'" + KEYS + "'.get.tags", everyItem(equalTo("admin")));
    }
}
