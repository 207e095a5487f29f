package io.custos.federation;

import static io.custos.federation.Ed25519Fixtures.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.custos.crypto.Sha256;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class FederationClientResourceTest {

    private static final String FEDERATIONS = FederationResourceTest.FEDERATIONS;

    @Inject
    AgroalDataSource dataSource;

    private static String admin() {
        return TestKeys.shared().token("root", "acme", "admin");
    }

    private static ValidatableResponse register(String federationId, String clientName, String publicKeyJson) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("{\"clientName\":" + json(clientName) + ",\"publicKey\":" + publicKeyJson + "}")
                .post(FEDERATIONS + "/" + federationId + "/clients").then();
    }

    private static String federation() {
        return FederationResourceTest.create("acme", FederationResourceTest.unique("clients"));
    }

    @Test
    void ed25519KeysAreAcceptedInAllThreeEncodingsAndStoredAsSpkiDer() throws Exception {
        String id = federation();
        PublicKey pemKey = Ed25519Fixtures.newKeyPair().getPublic();
        PublicKey rawKey = Ed25519Fixtures.newKeyPair().getPublic();
        PublicKey derKey = Ed25519Fixtures.newKeyPair().getPublic();

        String clientId = register(id, "site-pem", json(Ed25519Fixtures.pem(pemKey))).statusCode(201)
                .header("Location", containsString(FEDERATIONS + "/" + id + "/clients/"))
                .body("clientName", equalTo("site-pem"), "federationId", equalTo(id), "keyAlgorithm", equalTo("Ed25519"),
                        "publicKey", equalTo(Ed25519Fixtures.derBase64(pemKey)),
                        "keyFingerprint", equalTo(Sha256.hex(pemKey.getEncoded())), "registeredBy", equalTo("root"))
                .extract().path("id");
        register(id, "site-raw", json(Ed25519Fixtures.rawBase64(rawKey))).statusCode(201)
                .body("publicKey", equalTo(Ed25519Fixtures.derBase64(rawKey)),
                        "keyFingerprint", equalTo(Sha256.hex(rawKey.getEncoded())));
        register(id, "site-der", json(Ed25519Fixtures.derBase64(derKey))).statusCode(201)
                .body("publicKey", equalTo(Ed25519Fixtures.derBase64(derKey)));

        given().auth().oauth2(TestKeys.shared().token("bob", "acme", "auditor")).get(FEDERATIONS + "/" + id + "/clients")
                .then().statusCode(200)
                .body("clientName", equalTo(List.of("site-pem", "site-raw", "site-der")),
                        "publicKey", equalTo(List.of(Ed25519Fixtures.derBase64(pemKey),
                                Ed25519Fixtures.derBase64(rawKey), Ed25519Fixtures.derBase64(derKey))));
        given().auth().oauth2(TestKeys.shared().token("bob", "acme", "ml-engineer"))
                .get(FEDERATIONS + "/" + id + "/clients/" + clientId).then().statusCode(200)
                .body("clientName", equalTo("site-pem"));
        given().auth().oauth2(admin()).get(FEDERATIONS + "/" + id + "/clients/" + UUID.randomUUID()).then()
                .statusCode(404);

        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT tenant, public_key, key_fingerprint, registered_by "
                        + "FROM federation.federation_clients WHERE federation_id = ? AND client_name = 'site-raw'")) {
            s.setObject(1, UUID.fromString(id));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals("acme", rs.getString(1));
                assertEquals(Ed25519Fixtures.derBase64(rawKey), rs.getString(2));
                assertEquals(Sha256.hex(rawKey.getEncoded()), rs.getString(3));
                assertEquals("root", rs.getString(4));
            }
        }
    }

    @Test
    void theStoredKeyVerifiesTheClientsSignatures() throws Exception {
        var pair = Ed25519Fixtures.newKeyPair();
        String id = federation();
        String stored = register(id, "site-sig", json(Ed25519Fixtures.rawBase64(pair.getPublic()))).statusCode(201)
                .extract().path("publicKey");
        PublicKey key = java.security.KeyFactory.getInstance("Ed25519")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(stored)));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update("update".getBytes());
        byte[] sig = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update("update".getBytes());
        assertEquals(true, verifier.verify(sig));
    }

    @Test
    void anythingButAnEd25519KeyIsA400NamingPublicKey() throws Exception {
        String id = federation();
        long before = count("federation_clients");
        PublicKey rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
        PublicKey ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic();
        byte[] notOnCurve = new byte[32];
        notOnCurve[0] = 2; // y = 2 has no x on the curve
        byte[] identity = new byte[32];
        identity[0] = 1; // y = 1, x = 0: the neutral element, a weak key
        byte[] ed25519Der = Ed25519Fixtures.newKeyPair().getPublic().getEncoded();

        List<String> bad = List.of(
                Ed25519Fixtures.pem(rsa),
                Base64.getEncoder().encodeToString(rsa.getEncoded()),
                Ed25519Fixtures.pem(ed448),
                "-----BEGIN RSA PUBLIC KEY-----\nMAoCAwEAAQIDAQAB\n-----END RSA PUBLIC KEY-----",
                "-----BEGIN PUBLIC KEY-----\n%%%%\n-----END PUBLIC KEY-----",
                "hello, I am not a key",
                Base64.getEncoder().encodeToString("garbage garbage garbage".getBytes()),
                Base64.getEncoder().encodeToString(Arrays.copyOf(ed25519Der, 43)),
                Base64.getEncoder().encodeToString(new byte[31]),
                Base64.getEncoder().encodeToString(notOnCurve),
                Base64.getEncoder().encodeToString(identity),
                HexFormat.of().formatHex(Arrays.copyOfRange(ed25519Der, 12, 44)));
        int n = 0;
        for (String key : bad) {
            register(id, "site-" + n++, json(key)).statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("publicKey"), "detail", containsString("publicKey"));
        }
        register(id, "site-x", "\"\"").statusCode(400).body("errors[0].field", equalTo("publicKey"));
        register(id, "site-x", "42").statusCode(400).body("errors[0].field", equalTo("publicKey"));
        register(id, "bad name!", json(Ed25519Fixtures.rawBase64())).statusCode(400)
                .body("errors[0].field", equalTo("clientName"));
        assertEquals(before, count("federation_clients"), "nothing was stored");
    }

    @Test
    void aNameOrKeyAlreadyInTheFederationIsAConflict() throws Exception {
        String id = federation();
        PublicKey key = Ed25519Fixtures.newKeyPair().getPublic();
        register(id, "site-a", json(Ed25519Fixtures.pem(key))).statusCode(201);
        long before = count("federation_clients");

        register(id, "site-a", json(Ed25519Fixtures.rawBase64())).statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("site-a"));
        // The same key in another encoding is still the same key.
        register(id, "site-b", json(Ed25519Fixtures.rawBase64(key))).statusCode(409)
                .body("detail", containsString(Sha256.hex(key.getEncoded())), "detail", containsString("site-a"));
        register(id, "site-b", json(Ed25519Fixtures.derBase64(key))).statusCode(409);
        assertEquals(before, count("federation_clients"));

        // Another federation is another namespace.
        register(federation(), "site-a", json(Ed25519Fixtures.derBase64(key))).statusCode(201);
    }

    @Test
    void aFederationTakesNoMoreThanMaxClients() {
        String id = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("""
                        {"name":"%s","modelType":"logistic","target":"y","featureSchema":[{"name":"x","kind":"numeric","lower":0,"upper":1}],
                         "rounds":3,"minClients":2,"maxClients":2}""".formatted(FederationResourceTest.unique("small")))
                .post(FEDERATIONS).then().statusCode(201).extract().path("id");
        register(id, "one", json(Ed25519Fixtures.rawBase64())).statusCode(201);
        register(id, "two", json(Ed25519Fixtures.rawBase64())).statusCode(201);
        register(id, "three", json(Ed25519Fixtures.rawBase64())).statusCode(409)
                .body("detail", containsString("maximum of 2 clients"));
    }

    @Test
    void unknownFederationIs404() {
        register(UUID.randomUUID().toString(), "site-a", json(Ed25519Fixtures.rawBase64())).statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(admin()).get(FEDERATIONS + "/" + UUID.randomUUID() + "/clients").then().statusCode(404);
    }

    private long count(String table) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM federation." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
