package io.custos.federation.rounds;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.crypto.Sha256;
import io.custos.federated.protocol.UpdateSubmission;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.testsupport.TestKeys;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A federation and its sites as the tests drive them: real keys, real signed submissions, real tokens. */
final class FlFixtures {

    static final String FEDERATIONS = "/api/federated/federations";
    static final String ROUNDS = "/api/federated/rounds";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Two features: age in [0, 100] and ward in {a, b, c}: a logistic model has 1 + 3 + 1 = 5 parameters. */
    static final int DIMENSION = 5;

    private FlFixtures() {
    }

    /** A site: its registered client id, its signing key and a token bound to it. */
    record Site(String federationId, String clientId, Ed25519PrivateKey key, String token) {

        UpdateSubmission sign(int round, long samples, double[] delta) {
            return UpdateSubmission.sign(federationId, round, clientId, samples, delta, key);
        }

        Response submit(String roundId, Object submission) {
            return given().auth().oauth2(token).contentType(ContentType.JSON).body(submission)
                    .post(ROUNDS + "/" + roundId + "/updates");
        }
    }

    static String token(String tenant, String... roles) {
        return TestKeys.shared().token("alice", tenant, roles);
    }

    static String boundToken(String tenant, String federationId, String clientId) {
        return TestKeys.shared().token("apikey:" + clientId, tenant,
                Map.of("custos_federation", federationId, "custos_client", clientId), "fl-client");
    }

    /** Creates a federation with the given extra settings (raw JSON members) and returns its id. */
    static String federation(String tenant, String extraMembers, int rounds, int minClients) {
        String body = """
                {"name":"fl-%s","modelType":"logistic","target":"readmitted","positiveClass":"yes",
                 "featureSchema":[{"name":"age","kind":"numeric","lower":0,"upper":100},
                                  {"name":"ward","kind":"categorical","categories":["a","b","c"]}],
                 "rounds":%d,"minClients":%d,"maxClients":10,"roundTimeoutSeconds":600%s}"""
                .formatted(UUID.randomUUID().toString().substring(0, 8), rounds, minClients,
                        extraMembers.isEmpty() ? "" : "," + extraMembers);
        return given().auth().oauth2(token(tenant, "ml-engineer")).contentType(ContentType.JSON).body(body)
                .post(FEDERATIONS).then().statusCode(201).extract().path("id");
    }

    static List<Site> register(String tenant, String federationId, int count) {
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Ed25519PrivateKey key = Ed25519PrivateKey.generate();
            String clientId = given().auth().oauth2(token(tenant, "admin")).contentType(ContentType.JSON)
                    .body(Map.of("clientName", "site-" + i + "-" + UUID.randomUUID().toString().substring(0, 6), "publicKey", key.publicKey().toPem()))
                    .post(FEDERATIONS + "/" + federationId + "/clients").then().statusCode(201).extract().path("id");
            sites.add(new Site(federationId, clientId, key, boundToken(tenant, federationId, clientId)));
        }
        return sites;
    }

    static void start(String tenant, String federationId) {
        given().auth().oauth2(token(tenant, "ml-engineer")).post(FEDERATIONS + "/" + federationId + "/start").then()
                .statusCode(200);
    }

    static JsonNode currentRound(String tenant, String federationId) {
        return read(given().auth().oauth2(token(tenant, "auditor"))
                .get(FEDERATIONS + "/" + federationId + "/rounds/current").then().statusCode(200).extract().asString());
    }

    /** The model a round starts from, checked against its ETag. */
    static ModelArtifact roundModel(Site site, String roundId) {
        Response r = given().auth().oauth2(site.token()).get(ROUNDS + "/" + roundId + "/model");
        r.then().statusCode(200);
        byte[] body = r.asByteArray();
        String etag = r.header("ETag").replace("\"", "");
        if (!etag.equals(Sha256.hex(body))) {
            throw new AssertionError("ETag " + etag + " is not the SHA-256 of the model " + Sha256.hex(body));
        }
        return ModelArtifact.parse(body);
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The events the federation wrote to its outbox, oldest first, as CloudEvents JSON. */
    static List<JsonNode> events(AgroalDataSource db, String federationId, String type) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT convert_from(payload, 'UTF8') FROM federation.outbox WHERE message_key = ? AND event_type = ?"
                        + " ORDER BY id")) {
            s.setString(1, federationId);
            s.setString(2, type);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    events.add(read(r.getString(1)));
                }
            }
        }
        return events;
    }

    static long count(AgroalDataSource db, String sql, Object... args) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    static void execute(AgroalDataSource db, String sql, Object... args) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    static double[] parameters(JsonNode artifact) {
        double[] p = new double[artifact.get("parameters").size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = artifact.get("parameters").get(i).asDouble();
        }
        return p;
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
