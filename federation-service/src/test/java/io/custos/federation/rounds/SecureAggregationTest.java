package io.custos.federation.rounds;

import static io.custos.federation.rounds.FlFixtures.DIMENSION;
import static io.custos.federation.rounds.FlFixtures.FEDERATIONS;
import static io.custos.federation.rounds.FlFixtures.ROUNDS;
import static io.custos.federation.rounds.FlFixtures.currentRound;
import static io.custos.federation.rounds.FlFixtures.federation;
import static io.custos.federation.rounds.FlFixtures.register;
import static io.custos.federation.rounds.FlFixtures.start;
import static io.custos.federation.rounds.FlFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.federated.dp.ClientLevelAccountant;
import io.custos.federated.secagg.FixedPoint;
import io.custos.federated.secagg.SecAggClient;
import io.custos.federated.secagg.SecAggMessages.AdvertisedKeys;
import io.custos.federated.secagg.SecAggMessages.EncryptedShare;
import io.custos.federated.secagg.SecAggMessages.MaskedInput;
import io.custos.federated.secagg.SecAggMessages.UnmaskingRequest;
import io.custos.federated.secagg.SecAggMessages.UnmaskingResponse;
import io.custos.federated.secagg.SecAggParameters;
import io.custos.federated.secagg.SecAggSubmission;
import io.custos.federation.rounds.FlFixtures.Site;
import io.custos.ml.accountant.Conversion;
import io.custos.testsupport.CustosTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Secure aggregation end to end over REST: real Postgres, real X25519/AES/Shamir (the library's
 * {@link SecAggClient} at each site), real signatures. The server learns only the sum.
 */
@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class SecureAggregationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AgroalDataSource db;

    /** A site running the protocol: its REST identity, its library client and its update. */
    final class SecSite {
        final Site site;
        final String roundId;
        final int round;
        final int id;
        final SecAggClient client;
        final FixedPoint encoding;
        final double[] update;
        final boolean clippingBit;
        final double l2ClipNorm;

        SecSite(Site site, String roundId, int round, double[] update) {
            this.site = site;
            this.roundId = roundId;
            this.round = round;
            this.update = update;
            JsonNode p = status(roundId, site.token());
            this.id = p.get("secaggId").asInt();
            this.client = new SecAggClient(id, new SecAggParameters(roundId, p.get("threshold").asInt(),
                    p.get("vectorLength").asInt()), RANDOM);
            this.encoding = new FixedPoint(p.get("scale").asDouble(), p.get("clipBound").asDouble(),
                    p.get("maxClients").asInt());
            this.clippingBit = p.path("clippingBit").asBoolean(false);
            this.l2ClipNorm = p.path("l2ClipNorm").asDouble(Double.NaN);
        }

        /** What the site masks: its update, or (adaptive clipping) the update clipped to C and its clipping bit. */
        double[] vector() {
            if (!clippingBit) {
                return update;
            }
            double norm = 0;
            for (double v : update) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            double[] out = new double[update.length + 1];
            for (int i = 0; i < update.length; i++) {
                out[i] = update[i] * Math.min(1, l2ClipNorm / norm);
            }
            out[update.length] = norm <= l2ClipNorm ? 1 : 0;
            return out;
        }

        SecAggSubmission sign(String phase, byte[] payload) {
            return SecAggSubmission.sign(site.federationId(), round, roundId, site.clientId(), id, phase, payload,
                    site.key());
        }

        Response post(String phase, Object body) {
            return given().auth().oauth2(site.token()).contentType(ContentType.JSON).body(body)
                    .post(ROUNDS + "/" + roundId + "/secagg/" + (phase.equals(SecAggSubmission.UNMASKING)
                            ? "unmasking" : phase));
        }

        JsonNode get(String path) {
            return FlFixtures.read(given().auth().oauth2(site.token()).get(ROUNDS + "/" + roundId + "/secagg/" + path)
                    .then().statusCode(200).extract().asString());
        }

        void advertise() {
            AdvertisedKeys keys = client.advertiseKeys();
            post(SecAggSubmission.KEYS, sign(SecAggSubmission.KEYS, SecAggSubmission.encodeKeys(keys)))
                    .then().statusCode(202);
        }

        void share() {
            List<AdvertisedKeys> keys = new ArrayList<>();
            for (JsonNode k : get("keys").get("keys")) {
                keys.add(new AdvertisedKeys(roundId, k.get("secaggId").asInt(),
                        Base64.getDecoder().decode(k.get("encryptionPublicKey").asText()),
                        Base64.getDecoder().decode(k.get("maskingPublicKey").asText())));
            }
            List<EncryptedShare> shares = client.shareKeys(keys);
            post(SecAggSubmission.SHARES, sign(SecAggSubmission.SHARES, SecAggSubmission.encodeShares(shares)))
                    .then().statusCode(202);
        }

        long[] mask() {
            List<EncryptedShare> inbox = new ArrayList<>();
            for (JsonNode s : get("inbox").get("shares")) {
                inbox.add(new EncryptedShare(roundId, s.get("from").asInt(), s.get("to").asInt(),
                        Base64.getDecoder().decode(s.get("nonce").asText()),
                        Base64.getDecoder().decode(s.get("ciphertext").asText())));
            }
            MaskedInput masked = client.maskInput(inbox, encoding.encode(vector()));
            post(SecAggSubmission.MASKED_INPUT, sign(SecAggSubmission.MASKED_INPUT,
                    SecAggSubmission.encodeMaskedInput(masked.maskedVector()))).then().statusCode(202);
            return masked.maskedVector();
        }

        void unmask() {
            JsonNode request = get("unmasking");
            UnmaskingResponse response = client.unmask(new UnmaskingRequest(roundId, ids(request.get("survivors")),
                    ids(request.get("dropped"))));
            post(SecAggSubmission.UNMASKING, sign(SecAggSubmission.UNMASKING,
                    SecAggSubmission.encodeUnmasking(response))).then().statusCode(202);
        }
    }

    private static SortedSet<Integer> ids(JsonNode array) {
        SortedSet<Integer> ids = new TreeSet<>();
        array.forEach(n -> ids.add(n.asInt()));
        return ids;
    }

    private static JsonNode status(String roundId, String token) {
        return FlFixtures.read(given().auth().oauth2(token).get(ROUNDS + "/" + roundId + "/secagg").then()
                .statusCode(200).extract().asString());
    }

    private static void awaitPhase(String tenant, String roundId, String phase) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> phase.equals(status(roundId, token(tenant, "auditor")).get("phase").asText()));
    }

    private static JsonNode awaitRound(String tenant, String roundId, String status) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last.set(FlFixtures.read(given().auth().oauth2(token(tenant, "auditor"))
                    .get(ROUNDS + "/" + roundId + "/status").asString()));
            return status.equals(last.get().get("status").asText());
        });
        return last.get();
    }

    private void expireSecaggPhase(String roundId) throws Exception {
        FlFixtures.execute(db, "UPDATE federation.federation_rounds SET secagg_phase_deadline = now()"
                + " WHERE id = ?::uuid", roundId);
    }

    private static double[] randomUpdate() {
        double[] u = new double[DIMENSION];
        for (int i = 0; i < u.length; i++) {
            u[i] = RANDOM.nextDouble() * 2 - 1;
        }
        return u;
    }

    private record Setup(String federationId, String roundId, List<SecSite> sites, double[] initial) {
    }

    private Setup secureRound(String tenant, int count, String extra) {
        String id = federation(tenant, "\"secureAggregation\":true" + (extra.isEmpty() ? "" : "," + extra), 1, 2);
        List<Site> sites = register(tenant, id, count);
        start(tenant, id);
        JsonNode round = currentRound(tenant, id);
        String roundId = round.get("id").asText();
        assertEquals("ADVERTISE_KEYS", round.get("secaggPhase").asText());
        assertTrue(round.hasNonNull("secaggPhaseDeadline"), round.toString());
        double[] initial = FlFixtures.roundModel(sites.get(0), roundId).parameters();
        List<SecSite> secSites = new ArrayList<>();
        for (Site s : sites) {
            secSites.add(new SecSite(s, roundId, 1, randomUpdate()));
        }
        return new Setup(id, roundId, secSites, initial);
    }

    private double[] finalModel(String tenant, String federationId) {
        JsonNode model = FlFixtures.read(given().auth().oauth2(token(tenant, "auditor"))
                .get(FEDERATIONS + "/" + federationId + "/model").then().statusCode(200).extract().asString());
        return FlFixtures.parameters(model);
    }

    private List<long[]> storedMaskedInputs(String roundId) throws Exception {
        List<long[]> stored = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT payload FROM federation.secagg_messages WHERE round_id = ?::uuid AND phase = 'masked-input'")) {
            s.setString(1, roundId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    stored.add(SecAggSubmission.decodeMaskedVector(r.getBytes(1)));
                }
            }
        }
        return stored;
    }

    private static void assertMean(double[] initial, List<SecSite> contributors, double[] actual) {
        for (int i = 0; i < initial.length; i++) {
            double mean = 0;
            for (SecSite s : contributors) {
                mean += s.update[i];
            }
            mean /= contributors.size();
            assertEquals(initial[i] + mean, actual[i], 1e-9, "parameter " + i);
        }
    }

    @Test
    void theResultIsTheMeanOfTheUpdatesAndTheServerNeverStoresOne() throws Exception {
        String tenant = "secagg-all";
        Setup s = secureRound(tenant, 4, "");
        JsonNode params = status(s.roundId(), s.sites().get(0).site.token());
        assertEquals(3, params.get("threshold").asInt(), "t = floor(n/2) + 1 for n = 4");
        assertEquals(DIMENSION, params.get("vectorLength").asInt());
        assertEquals(List.of(1, 2, 3, 4), s.sites().stream().map(x -> x.id).toList());

        s.sites().forEach(SecSite::advertise);
        awaitPhase(tenant, s.roundId(), "SHARE_KEYS");
        s.sites().forEach(SecSite::share);
        awaitPhase(tenant, s.roundId(), "MASKED_INPUT");
        List<long[]> sent = new ArrayList<>();
        for (SecSite site : s.sites()) {
            sent.add(site.mask());
        }
        awaitPhase(tenant, s.roundId(), "UNMASKING");
        s.sites().forEach(SecSite::unmask);
        JsonNode done = awaitRound(tenant, s.roundId(), "COMPLETED");
        assertEquals("DONE", done.get("secaggPhase").asText());
        assertEquals("SECURE_FEDAVG", done.get("summary").get("strategy").asText());
        assertEquals(4, done.get("summary").get("clientsAccepted").asInt());
        assertMean(s.initial(), s.sites(), finalModel(tenant, s.federationId()));

        // What the database holds: masked inputs only, none equal to any site's encoded update.
        assertEquals(0, FlFixtures.count(db, "SELECT count(*) FROM federation.round_updates WHERE round_id = ?::uuid",
                s.roundId()));
        List<long[]> stored = storedMaskedInputs(s.roundId());
        assertEquals(4, stored.size());
        for (long[] masked : stored) {
            for (SecSite site : s.sites()) {
                assertFalse(java.util.Arrays.equals(masked, site.encoding.encode(site.update)),
                        "a stored masked input equals the encoded update of client " + site.id);
            }
        }
        assertTrue(sent.stream().anyMatch(v -> java.util.Arrays.equals(v, stored.get(0))));
        assertEquals(4 * 3, FlFixtures.count(db, "SELECT count(*) FROM federation.secagg_shares WHERE round_id = ?::uuid",
                s.roundId()));
    }

    @Test
    void aSiteDroppingAfterSharingKeysIsRecoveredAndTheResultIsTheMeanOfTheSurvivors() throws Exception {
        String tenant = "secagg-drop";
        Setup s = secureRound(tenant, 4, "");
        s.sites().forEach(SecSite::advertise);
        awaitPhase(tenant, s.roundId(), "SHARE_KEYS");
        s.sites().forEach(SecSite::share);
        awaitPhase(tenant, s.roundId(), "MASKED_INPUT");
        List<SecSite> survivors = s.sites().subList(0, 3);
        survivors.forEach(SecSite::mask);
        expireSecaggPhase(s.roundId()); // site 4 never sends its masked input
        awaitPhase(tenant, s.roundId(), "UNMASKING");
        JsonNode request = survivors.get(0).get("unmasking");
        assertEquals(List.of(1, 2, 3), List.copyOf(ids(request.get("survivors"))));
        assertEquals(List.of(4), List.copyOf(ids(request.get("dropped"))));
        // The dropped site is not asked to unmask, and its late masked input is refused.
        given().auth().oauth2(s.sites().get(3).site.token()).get(ROUNDS + "/" + s.roundId() + "/secagg/unmasking")
                .then().statusCode(403);
        SecSite late = s.sites().get(3);
        late.post(SecAggSubmission.MASKED_INPUT, late.sign(SecAggSubmission.MASKED_INPUT,
                SecAggSubmission.encodeMaskedInput(new long[DIMENSION]))).then().statusCode(410)
                .body("reason", equalTo("LATE"));
        survivors.forEach(SecSite::unmask);
        JsonNode done = awaitRound(tenant, s.roundId(), "COMPLETED");
        assertEquals(3, done.get("summary").get("clientsAccepted").asInt());
        assertEquals(List.of(4), List.copyOf(ids(done.get("summary").get("secureAggregation").get("dropped"))));
        assertMean(s.initial(), survivors, finalModel(tenant, s.federationId()));
    }

    @Test
    void fewerSurvivorsThanTheThresholdFailTheRoundWithTheReason() throws Exception {
        String tenant = "secagg-threshold";
        Setup s = secureRound(tenant, 4, "");
        s.sites().forEach(SecSite::advertise);
        awaitPhase(tenant, s.roundId(), "SHARE_KEYS");
        s.sites().forEach(SecSite::share);
        awaitPhase(tenant, s.roundId(), "MASKED_INPUT");
        s.sites().subList(0, 2).forEach(SecSite::mask);
        expireSecaggPhase(s.roundId());
        JsonNode failed = awaitRound(tenant, s.roundId(), "FAILED");
        assertEquals("ABORTED", failed.get("secaggPhase").asText());
        assertTrue(failed.get("failureReason").asText().contains("secure aggregation aborted in phase MASKED_INPUT:"
                + " only 2 clients sent a masked input, fewer than the threshold t=3"), failed.toString());
        JsonNode f = FlFixtures.read(given().auth().oauth2(token(tenant, "auditor"))
                .get(FEDERATIONS + "/" + s.federationId()).asString());
        assertEquals("FAILED", f.get("status").asText());
        assertTrue(f.get("secureAggregation").asBoolean());
    }

    @Test
    void outOfPhaseDuplicateUnsignedBadlySignedLateAndPlainMessagesAreRefusedAndRecorded() throws Exception {
        String tenant = "secagg-refusals";
        Setup s = secureRound(tenant, 3, "");
        SecSite a = s.sites().get(0);
        SecSite b = s.sites().get(1);
        byte[] someShares = SecAggSubmission.encodeShares(List.of());

        // shares before the key phase closed
        a.post(SecAggSubmission.SHARES, a.sign(SecAggSubmission.SHARES, someShares)).then().statusCode(409)
                .body("reason", equalTo("OUT_OF_PHASE"), "detail", containsString("in phase ADVERTISE_KEYS"));
        // unsigned, and signed with another key
        AdvertisedKeys keys = a.client.advertiseKeys();
        SecAggSubmission signed = a.sign(SecAggSubmission.KEYS, SecAggSubmission.encodeKeys(keys));
        a.post(SecAggSubmission.KEYS, signed.withSignature(null)).then().statusCode(403)
                .body("reason", equalTo("UNSIGNED"));
        SecAggSubmission forged = SecAggSubmission.sign(a.site.federationId(), 1, s.roundId(), a.site.clientId(), a.id,
                SecAggSubmission.KEYS, SecAggSubmission.encodeKeys(keys), Ed25519PrivateKey.generate());
        a.post(SecAggSubmission.KEYS, forged).then().statusCode(403).body("reason", equalTo("BAD_SIGNATURE"));
        // another client's secure-aggregation id
        a.post(SecAggSubmission.KEYS, SecAggSubmission.sign(a.site.federationId(), 1, s.roundId(), a.site.clientId(),
                b.id, SecAggSubmission.KEYS, SecAggSubmission.encodeKeys(keys), a.site.key())).then().statusCode(403)
                .body("reason", equalTo("WRONG_CLIENT"));
        // accepted once, then a duplicate
        a.post(SecAggSubmission.KEYS, signed).then().statusCode(202);
        a.post(SecAggSubmission.KEYS, a.sign(SecAggSubmission.KEYS, SecAggSubmission.encodeKeys(keys)))
                .then().statusCode(409).body("reason", equalTo("DUPLICATE"));
        // b copying a's keys breaks the protocol for everyone: refused
        b.post(SecAggSubmission.KEYS, b.sign(SecAggSubmission.KEYS, SecAggSubmission.encodeKeys(keys)))
                .then().statusCode(400).body("reason", equalTo("PROTOCOL_VIOLATION"));
        // a plain update to a secure round
        a.site.submit(s.roundId(), a.site.sign(1, 10, new double[DIMENSION])).then().statusCode(409)
                .body("reason", equalTo("SECURE_AGGREGATION_REQUIRED"));
        // the key list is not readable before phase 0 closes
        given().auth().oauth2(a.site.token()).get(ROUNDS + "/" + s.roundId() + "/secagg/keys").then().statusCode(409);

        b.advertise();
        expireSecaggPhase(s.roundId()); // site 3 sends no keys
        awaitPhase(tenant, s.roundId(), "SHARE_KEYS");
        SecSite c = s.sites().get(2);
        c.post(SecAggSubmission.KEYS, c.sign(SecAggSubmission.KEYS,
                SecAggSubmission.encodeKeys(c.client.advertiseKeys()))).then().statusCode(410)
                .body("reason", equalTo("LATE"));
        assertEquals(2, a.get("keys").get("keys").size());
        // shares that skip a member of U1
        a.post(SecAggSubmission.SHARES, a.sign(SecAggSubmission.SHARES, someShares)).then().statusCode(400)
                .body("reason", equalTo("PROTOCOL_VIOLATION"), "detail", containsString("must send one share to each of [2]"));

        JsonNode refusals = FlFixtures.read(given().auth().oauth2(token(tenant, "auditor"))
                .get(ROUNDS + "/" + s.roundId() + "/refusals").then().statusCode(200).extract().asString());
        List<String> reasons = new ArrayList<>();
        refusals.forEach(r -> reasons.add(r.get("reason").asText()));
        assertEquals(List.of("OUT_OF_PHASE", "UNSIGNED", "BAD_SIGNATURE", "WRONG_CLIENT", "DUPLICATE",
                "PROTOCOL_VIOLATION", "SECURE_AGGREGATION_REQUIRED", "LATE", "PROTOCOL_VIOLATION"), reasons);
        assertNull(status(s.roundId(), token(tenant, "auditor")).get("secaggId"));
    }

    @Test
    void secureAggregationNeedsFedAvg() {
        String body = """
                {"name":"secagg-median","modelType":"logistic","target":"t",
                 "featureSchema":[{"name":"age","kind":"numeric","lower":0,"upper":100}],
                 "rounds":1,"minClients":2,"strategy":"median","secureAggregation":true}""";
        given().auth().oauth2(token("secagg-validation", "ml-engineer")).contentType(ContentType.JSON).body(body)
                .post(FEDERATIONS).then().statusCode(400).body(containsString("secureAggregation"),
                        containsString("fedavg"));
    }

    @Test
    void withClientDpTheNoisedSumIsChargedToTheAccountant() throws Exception {
        String tenant = "secagg-dp";
        Setup s = secureRound(tenant, 3, "\"clientDp\":{\"noiseMultiplier\":1.0,\"clipNorm\":5,\"delta\":1e-5}");
        JsonNode params = status(s.roundId(), s.sites().get(0).site.token());
        assertEquals(5.0, params.get("l2ClipNorm").asDouble());
        assertEquals(5.0, params.get("clipBound").asDouble());
        s.sites().forEach(SecSite::advertise);
        awaitPhase(tenant, s.roundId(), "SHARE_KEYS");
        s.sites().forEach(SecSite::share);
        awaitPhase(tenant, s.roundId(), "MASKED_INPUT");
        s.sites().forEach(SecSite::mask);
        awaitPhase(tenant, s.roundId(), "UNMASKING");
        s.sites().forEach(SecSite::unmask);
        JsonNode done = awaitRound(tenant, s.roundId(), "COMPLETED");
        assertTrue(done.get("epsilon").asDouble() > 0, done.toString());
        assertTrue(done.get("summary").get("strategy").asText().startsWith("SECURE_DP_FEDAVG"));
        assertEquals(5.0 / 3, done.get("summary").get("noiseStd").asDouble(), 1e-12, "z C / qN");
    }

    /**
     * Runs round 1 of a two-round secure federation with adaptive clipping (z = 0.5, sigma_b = 0.3,
     * C_0 = {@code initialClipNorm}) over four sites whose updates all have L2 norm {@code updateNorm};
     * returns round 1 as completed and round 2's secure-aggregation parameters.
     */
    private JsonNode[] adaptiveSecureRound(String tenant, double initialClipNorm, double updateNorm) {
        String id = federation(tenant, "\"secureAggregation\":true,\"clientDp\":{\"noiseMultiplier\":0.5,"
                + "\"delta\":1e-5,\"adaptiveClipping\":{\"initialClipNorm\":" + initialClipNorm
                + ",\"bitNoiseStd\":0.3}}", 2, 2);
        List<Site> sites = register(tenant, id, 4);
        start(tenant, id);
        String roundId = currentRound(tenant, id).get("id").asText();
        JsonNode params = status(roundId, sites.get(0).token());
        assertTrue(params.get("clippingBit").asBoolean(), params.toString());
        assertEquals(DIMENSION + 1, params.get("vectorLength").asInt(), "the update and the clipping bit");
        assertEquals(initialClipNorm, params.get("l2ClipNorm").asDouble());
        assertEquals(Math.max(initialClipNorm, 1), params.get("clipBound").asDouble(), "covers C and the bit");
        List<SecSite> secSites = new ArrayList<>();
        for (Site site : sites) {
            double[] u = randomUpdate();
            double norm = 0;
            for (double v : u) {
                norm += v * v;
            }
            for (int i = 0; i < u.length; i++) {
                u[i] *= updateNorm / Math.sqrt(norm);
            }
            secSites.add(new SecSite(site, roundId, 1, u));
        }
        secSites.forEach(SecSite::advertise);
        awaitPhase(tenant, roundId, "SHARE_KEYS");
        secSites.forEach(SecSite::share);
        awaitPhase(tenant, roundId, "MASKED_INPUT");
        secSites.forEach(SecSite::mask);
        awaitPhase(tenant, roundId, "UNMASKING");
        secSites.forEach(SecSite::unmask);
        JsonNode done = awaitRound(tenant, roundId, "COMPLETED");
        JsonNode summary = done.get("summary");
        assertTrue(summary.get("strategy").asText().startsWith("SECURE_DP_FEDAVG"), summary.toString());
        assertFalse(summary.has("clippedCount"), "the raw bit count is not DP: " + summary);
        assertTrue(summary.has("noisyFractionBelow"), summary.toString());
        double expected = new ClientLevelAccountant(1.0, 0.5, 1e-5, Conversion.IMPROVED).epsilonAfter(1).epsilon();
        assertEquals(expected, done.get("epsilon").asDouble(), 1e-9, "charged at the configured total z");
        double zDelta = 1 / Math.sqrt(1 / 0.25 - 1 / 0.36);
        assertEquals(zDelta * initialClipNorm / 4, summary.get("noiseStd").asDouble(), 1e-12, "z_Delta C / qN");
        String next = currentRound(tenant, id).get("id").asText();
        assertFalse(next.equals(roundId));
        JsonNode nextParams = status(next, sites.get(0).token());
        assertEquals(summary.get("nextClipNorm").asDouble(), nextParams.get("l2ClipNorm").asDouble(), 1e-12);
        System.out.printf("secagg adaptive: C0=%s norm=%s epsilon=%s noisyFractionBelow=%s nextClipNorm=%s%n",
                initialClipNorm, updateNorm, done.get("epsilon"), summary.get("noisyFractionBelow"),
                nextParams.get("l2ClipNorm"));
        return new JsonNode[] {done, nextParams};
    }

    @Test
    void adaptiveClippingUnderSecureAggregationGrowsTheClipNormWhenEveryUpdateIsClipped() {
        JsonNode[] r = adaptiveSecureRound("secagg-adaptive-up", 1.0, 100.0);
        double next = r[1].get("l2ClipNorm").asDouble();
        assertTrue(next > 1.0, "C grows when most clients are clipped: " + next);
    }

    @Test
    void adaptiveClippingUnderSecureAggregationShrinksTheClipNormWhenNoUpdateIsClipped() {
        JsonNode[] r = adaptiveSecureRound("secagg-adaptive-down", 10.0, 0.01);
        double next = r[1].get("l2ClipNorm").asDouble();
        assertTrue(next < 10.0, "C shrinks when every client fits under it: " + next);
    }
}
