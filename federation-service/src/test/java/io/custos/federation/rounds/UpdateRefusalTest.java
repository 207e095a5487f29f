package io.custos.federation.rounds;

import static io.custos.federation.rounds.FlFixtures.DIMENSION;
import static io.custos.federation.rounds.FlFixtures.ROUNDS;
import static io.custos.federation.rounds.FlFixtures.boundToken;
import static io.custos.federation.rounds.FlFixtures.currentRound;
import static io.custos.federation.rounds.FlFixtures.federation;
import static io.custos.federation.rounds.FlFixtures.register;
import static io.custos.federation.rounds.FlFixtures.start;
import static io.custos.federation.rounds.FlFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.federated.protocol.UpdateSubmission;
import io.custos.federation.rounds.FlFixtures.Site;
import io.custos.testsupport.CustosTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad update is refused with its status, reason and a message saying what is wrong;
 * nothing of it is stored as an update, and the refusal is recorded for the audit.
 */
@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class UpdateRefusalTest {

    private static final String TENANT = "fl-refusals";

    @Inject
    AgroalDataSource db;

    private String federationId;
    private List<Site> sites;
    private String roundId;

    @BeforeEach
    void openRound() {
        // Three sites, but the round stays open: minClients 2 and nobody submits in these tests unless told.
        federationId = federation(TENANT, "\"maxSamplesPerClient\":1000", 2, 2);
        sites = register(TENANT, federationId, 3);
        start(TENANT, federationId);
        roundId = currentRound(TENANT, federationId).get("id").asText();
    }

    private long updates() throws Exception {
        return FlFixtures.count(db, "SELECT count(*) FROM federation.round_updates WHERE round_id = ?::uuid", roundId);
    }

    /** Sends, checks the refusal answer, that nothing was stored, and that the refusal was recorded. */
    private void refused(Site sender, Object body, int status, String reason, String message) throws Exception {
        long before = updates();
        long refusalsBefore = FlFixtures.count(db, "SELECT count(*) FROM federation.update_refusals"
                + " WHERE round_id = ?::uuid AND reason = ?", roundId, reason);
        sender.submit(roundId, body).then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status), "reason", equalTo(reason), "detail", containsString(message),
                        "type", equalTo("https://custos.io/problems/update-refused"));
        assertEquals(before, updates(), "no update stored");
        assertEquals(refusalsBefore + 1, FlFixtures.count(db, "SELECT count(*) FROM federation.update_refusals"
                + " WHERE round_id = ?::uuid AND reason = ? AND caller = ?", roundId, reason,
                "apikey:" + sender.clientId()), "the refusal is recorded with its caller");
    }

    private static double[] update(double first) {
        double[] u = new double[DIMENSION];
        u[0] = first;
        return u;
    }

    @Test
    void unsignedAndBadlySignedUpdatesAreRefused() throws Exception {
        Site a = sites.get(0);
        refused(a, a.sign(1, 10, update(1)).withSignature(null), 403, "UNSIGNED", "is not signed");
        // Signed by a key nobody registered.
        UpdateSubmission forged = UpdateSubmission.sign(federationId, 1, a.clientId(), 10, update(1),
                Ed25519PrivateKey.generate());
        refused(a, forged, 403, "BAD_SIGNATURE", "does not verify with the registered key");
        // Signed correctly, then the update changed in transit.
        UpdateSubmission tampered = a.sign(1, 10, update(1));
        tampered = new UpdateSubmission(tampered.federationId(), tampered.round(), tampered.clientId(),
                tampered.nonce(), tampered.samples(), tampered.encoding(),
                Base64.getEncoder().encodeToString(UpdateSubmission.encode(update(2))), tampered.signature());
        refused(a, tampered, 403, "BAD_SIGNATURE", "does not verify");
        // Signed correctly, claiming more samples than signed.
        UpdateSubmission inflated = a.sign(1, 10, update(1));
        inflated = new UpdateSubmission(inflated.federationId(), inflated.round(), inflated.clientId(),
                inflated.nonce(), 1000, inflated.encoding(), inflated.update(), inflated.signature());
        refused(a, inflated, 403, "BAD_SIGNATURE", "does not verify");
    }

    @Test
    void aClientCannotSubmitAsAnotherOrToAnotherFederation() throws Exception {
        Site a = sites.get(0);
        Site b = sites.get(1);
        // a relays b's validly signed update: the token decides who is speaking, and b's signature is not a's.
        refused(a, b.sign(1, 10, update(1)), 403, "BAD_SIGNATURE", "registered key of client " + a.clientId());
        // a signs, with its own key, an update claiming to be b's.
        refused(a, UpdateSubmission.sign(federationId, 1, b.clientId(), 10, update(1), a.key()), 403, "WRONG_CLIENT",
                "says it is from " + b.clientId());
        // A token bound to a client of another federation.
        String other = federation(TENANT, "", 2, 2);
        Site stranger = register(TENANT, other, 2).get(0);
        given().auth().oauth2(stranger.token()).contentType(ContentType.JSON).body(stranger.sign(1, 10, update(1)))
                .post(ROUNDS + "/" + roundId + "/updates").then().statusCode(409)
                .body("reason", equalTo("WRONG_FEDERATION"));
        // A token naming a client id that is not registered in the federation.
        String ghost = UUID.randomUUID().toString();
        given().auth().oauth2(boundToken(TENANT, federationId, ghost)).contentType(ContentType.JSON)
                .body(a.sign(1, 10, update(1))).post(ROUNDS + "/" + roundId + "/updates").then().statusCode(403)
                .body("reason", equalTo("WRONG_CLIENT"), "detail", containsString("is not registered"));
        // A person's token, even an admin's, cannot submit; nor an fl-client token bound to nothing.
        given().auth().oauth2(token(TENANT, "admin")).contentType(ContentType.JSON).body(a.sign(1, 10, update(1)))
                .post(ROUNDS + "/" + roundId + "/updates").then().statusCode(403);
        given().auth().oauth2(token(TENANT, "fl-client")).contentType(ContentType.JSON).body(a.sign(1, 10, update(1)))
                .post(ROUNDS + "/" + roundId + "/updates").then().statusCode(403)
                .body("detail", containsString("not bound to a federation client"));
        assertEquals(0, updates());
    }

    @Test
    void duplicateReplayedAndWrongRoundUpdatesAreRefused() throws Exception {
        Site a = sites.get(0);
        UpdateSubmission first = a.sign(1, 10, update(1));
        a.submit(roundId, first).then().statusCode(202);
        // The same submission again (a retry after a lost answer) and a second, different one.
        refused(a, first, 409, "DUPLICATE", "already submitted its update for round 1");
        refused(a, a.sign(1, 10, update(5)), 409, "DUPLICATE", "one update per client and round");
        // Another site replays a's nonce with its own valid signature.
        Site b = sites.get(1);
        UpdateSubmission reused = b.sign(1, 10, update(1));
        UpdateSubmission replay = new UpdateSubmission(reused.federationId(), 1, b.clientId(), first.nonce(), 10,
                reused.encoding(), reused.update(), null);
        replay = replay.withSignature(Base64.getEncoder().encodeToString(b.key().sign(replay.signedBytes())));
        refused(b, replay, 409, "REPLAYED_NONCE", "was used before");
        // An update signed for round 2 sent to round 1.
        refused(b, b.sign(2, 10, update(1)), 409, "WRONG_ROUND", "is for round 2; round 1 is open");
    }

    /** Refusals and accepted updates are evidence: the database refuses to change or delete them. */
    @Test
    void theRecordOfUpdatesAndRefusalsCannotBeRewritten() throws Exception {
        Site a = sites.get(0);
        a.submit(roundId, a.sign(1, 10, update(1))).then().statusCode(202);
        refused(a, a.sign(1, 10, update(2)), 409, "DUPLICATE", "already submitted");
        for (String sql : new String[] {
            "UPDATE federation.update_refusals SET reason = 'NONE' WHERE round_id = ?::uuid",
            "DELETE FROM federation.update_refusals WHERE round_id = ?::uuid",
            "UPDATE federation.round_updates SET claimed_samples = 1000000 WHERE round_id = ?::uuid",
            "DELETE FROM federation.round_updates WHERE round_id = ?::uuid"}) {
            java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> FlFixtures.execute(db, sql, roundId), sql);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("is append-only"), e.getMessage());
        }
        assertEquals(1, updates());
        assertEquals(1, FlFixtures.count(db, "SELECT count(*) FROM federation.update_refusals WHERE round_id = ?::uuid"
                + " AND reason = 'DUPLICATE'", roundId));
    }

    @Test
    void malformedOrOutOfRangeUpdatesAreRefused() throws Exception {
        Site a = sites.get(0);
        refused(a, "{not json", 400, "MALFORMED", "not an update submission");
        refused(a, "{\"round\":1,\"samples\":1,\"surprise\":1}", 400, "MALFORMED", "surprise");
        refused(a, a.sign(1, 10, new double[DIMENSION + 1]), 400, "WRONG_SHAPE", "5");
        double[] nan = update(1);
        nan[3] = Double.NaN;
        refused(a, a.sign(1, 10, nan), 400, "NON_FINITE_VALUE", "NaN");
        double[] inf = update(1);
        inf[1] = Double.POSITIVE_INFINITY;
        refused(a, a.sign(1, 10, inf), 400, "NON_FINITE_VALUE", "Infinity");
        refused(a, a.sign(1, 0, update(1)), 400, "INVALID_SAMPLE_COUNT", "must be positive");
        refused(a, a.sign(1, -5, update(1)), 400, "INVALID_SAMPLE_COUNT", "must be positive");
        // The audit lists each refusal with its reason, newest last.
        JsonNode refusals = FlFixtures.read(given().auth().oauth2(token(TENANT, "auditor"))
                .get(ROUNDS + "/" + roundId + "/refusals").asString());
        assertEquals(7, refusals.size(), refusals.toString());
        assertEquals("MALFORMED", refusals.get(0).get("reason").asText());
        assertEquals("INVALID_SAMPLE_COUNT", refusals.get(6).get("reason").asText());
        Response status = given().auth().oauth2(token(TENANT, "auditor")).get(ROUNDS + "/" + roundId + "/status");
        status.then().statusCode(200).body("refused", equalTo(7), "submissions", equalTo(0), "status",
                equalTo("WAITING"));
        // The site itself sees the round, not the counts of what others sent.
        given().auth().oauth2(a.token()).get(ROUNDS + "/" + roundId + "/status").then().statusCode(200)
                .body("status", equalTo("WAITING"), "refused", org.hamcrest.Matchers.nullValue(),
                        "participants", equalTo(List.of(a.clientId())));
        // Sites may not read the refusals of others.
        given().auth().oauth2(a.token()).get(ROUNDS + "/" + roundId + "/refusals").then().statusCode(403);
    }
}
