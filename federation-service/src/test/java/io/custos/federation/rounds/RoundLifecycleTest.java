package io.custos.federation.rounds;

import static io.custos.federation.rounds.FlFixtures.DIMENSION;
import static io.custos.federation.rounds.FlFixtures.FEDERATIONS;
import static io.custos.federation.rounds.FlFixtures.ROUNDS;
import static io.custos.federation.rounds.FlFixtures.currentRound;
import static io.custos.federation.rounds.FlFixtures.events;
import static io.custos.federation.rounds.FlFixtures.federation;
import static io.custos.federation.rounds.FlFixtures.register;
import static io.custos.federation.rounds.FlFixtures.roundModel;
import static io.custos.federation.rounds.FlFixtures.start;
import static io.custos.federation.rounds.FlFixtures.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.custos.crypto.Sha256;
import io.custos.federated.dp.ClientLevelAccountant;
import io.custos.federation.rounds.FlFixtures.Site;
import io.custos.ml.accountant.Conversion;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Federations run for real: signed updates from registered sites, aggregation, the next round, the events. */
@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class RoundLifecycleTest {

    @Inject
    AgroalDataSource db;

    private static JsonNode awaitRound(String tenant, String federationId, int number, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode rounds = FlFixtures.read(given().auth().oauth2(token(tenant, "auditor"))
                    .get(FEDERATIONS + "/" + federationId + "/rounds").asString());
            for (JsonNode r : rounds) {
                if (r.get("number").asInt() == number && r.get("status").asText().equals(status)) {
                    last[0] = r;
                    return true;
                }
            }
            return false;
        });
        return last[0];
    }

    private static double[] fill(double... values) {
        return Arrays.copyOf(values, DIMENSION);
    }

    @Test
    void fedAvgRunsEveryRoundAndAnnouncesTheFinalModel() throws Exception {
        String tenant = "fl-life";
        String id = federation(tenant, "", 2, 2);
        List<Site> sites = register(tenant, id, 3);
        start(tenant, id);

        JsonNode round1 = currentRound(tenant, id);
        assertEquals(1, round1.get("number").asInt());
        assertEquals("WAITING", round1.get("status").asText());
        assertEquals(3, round1.get("expectedClients").asInt());
        String roundId = round1.get("id").asText();
        ModelArtifact initial = roundModel(sites.get(0), roundId);
        assertEquals(DIMENSION, initial.parameters().length);
        assertEquals(List.of("age", "ward"), initial.features().stream().map(c -> c.name()).toList());
        assertEquals("yes", initial.positiveClass());

        // Weighted by the claimed sample counts 100, 300, 600.
        double[][] deltas = {fill(1, 0, 0, 0, 3), fill(0, 2, 0, 0, -1), fill(0, 0, -1, 0.5, 0)};
        long[] samples = {100, 300, 600};
        for (int i = 0; i < 3; i++) {
            sites.get(i).submit(roundId, sites.get(i).sign(1, samples[i], deltas[i])).then().statusCode(202)
                    .body("round", equalTo(1), "clientId", equalTo(sites.get(i).clientId()));
        }
        JsonNode done = awaitRound(tenant, id, 1, "COMPLETED");
        assertEquals(3, done.get("submissions").asInt());
        assertEquals("FEDAVG", done.get("summary").get("strategy").asText());
        assertEquals(3, done.get("participants").size());
        // A site sees its own invitation only: not who else took part, how many, or the summary.
        JsonNode siteView = FlFixtures.read(given().auth().oauth2(sites.get(1).token())
                .get(ROUNDS + "/" + roundId + "/status").asString());
        assertEquals(List.of(sites.get(1).clientId()), List.of(siteView.get("participants").get(0).asText()));
        assertEquals(1, siteView.get("participants").size());
        assertTrue(siteView.path("summary").isMissingNode() && siteView.path("expectedClients").isMissingNode()
                && siteView.path("submissions").isMissingNode(), siteView.toString());
        assertEquals(done.get("resultSha256").asText(), siteView.get("resultSha256").asText());

        JsonNode round2 = currentRound(tenant, id);
        assertEquals(2, round2.get("number").asInt());
        assertEquals(done.get("resultSha256").asText(), round2.get("modelSha256").asText());
        double[] expected = initial.parameters().clone();
        for (int c = 0; c < DIMENSION; c++) {
            expected[c] += (100 * deltas[0][c] + 300 * deltas[1][c] + 600 * deltas[2][c]) / 1000;
        }
        ModelArtifact second = roundModel(sites.get(1), round2.get("id").asText());
        assertArrayEquals(expected, second.parameters(), 1e-12);

        for (Site site : sites) {
            site.submit(round2.get("id").asText(), site.sign(2, 50, fill(0.1, 0.1, 0.1, 0.1, 0.1))).then()
                    .statusCode(202);
        }
        awaitRound(tenant, id, 2, "COMPLETED");
        JsonNode f = FlFixtures.read(given().auth().oauth2(token(tenant, "auditor")).get(FEDERATIONS + "/" + id)
                .asString());
        assertEquals("COMPLETED", f.get("status").asText());
        String finalSha = f.get("finalModelSha256").asText();

        List<JsonNode> ready = events(db, id, "io.custos.federation.round-ready.v1");
        assertEquals(2, ready.size());
        assertEquals(1, ready.get(0).get("data").get("round").asInt());
        assertEquals(3, ready.get(0).get("data").get("participants").size());
        assertEquals("none", ready.get(0).get("data").get("clientPrivacySoFar").get("accountant").asText());
        assertEquals(finalSha, ready.get(1).get("data").get("globalModelSha256").asText());

        List<JsonNode> completed = events(db, id, "io.custos.training.completed.v1");
        assertEquals(1, completed.size());
        JsonNode data = completed.get(0).get("data");
        assertEquals(id, data.get("jobId").asText());
        assertEquals("federation:" + id, data.get("datasetId").asText());
        assertEquals(finalSha, data.get("modelSha256").asText());
        assertTrue(data.get("modelUri").asText().endsWith("/api/federated/federations/" + id + "/model"));

        // Packaging fetches the final model with a service token and checks the event's SHA-256.
        Response model = given().auth().oauth2(TestKeys.shared().internalToken(tenant, "service"))
                .get(FEDERATIONS + "/" + id + "/model");
        model.then().statusCode(200);
        assertEquals(finalSha, Sha256.hex(model.asByteArray()));
        assertEquals(data.get("datasetSha256").asText(), ModelArtifact.parse(model.asByteArray()).datasetSha256());
        // A site cannot fetch it as a packaging service would, and the round is closed to it now.
        given().auth().oauth2(sites.get(0).token()).get(FEDERATIONS + "/" + id + "/model").then().statusCode(403);
        sites.get(0).submit(round2.get("id").asText(), sites.get(0).sign(2, 50, fill(1))).then().statusCode(409)
                .body("reason", equalTo("DUPLICATE"));
    }

    @Test
    void claimedSampleCountsAreCappedAndMedianIgnoresThem() throws Exception {
        String tenant = "fl-cap";
        String capped = federation(tenant, "\"maxSamplesPerClient\":100", 1, 2);
        List<Site> sites = register(tenant, capped, 2);
        start(tenant, capped);
        String roundId = currentRound(tenant, capped).get("id").asText();
        double[] before = roundModel(sites.get(0), roundId).parameters();
        sites.get(0).submit(roundId, sites.get(0).sign(1, 1_000_000_000L, fill(10))).then().statusCode(202);
        sites.get(1).submit(roundId, sites.get(1).sign(1, 100, fill(0))).then().statusCode(202);
        JsonNode done = awaitRound(tenant, capped, 1, "COMPLETED");
        assertEquals(1, done.get("summary").get("cappedClients").size());
        double[] after = resultModel(tenant, capped, done).parameters();
        // Equal weights after the cap: the mean of 10 and 0, not the 1e9-weighted 10.
        assertEquals(before[0] + 5, after[0], 1e-12);

        String median = federation(tenant, "\"strategy\":\"median\"", 1, 3);
        List<Site> three = register(tenant, median, 3);
        start(tenant, median);
        String medianRound = currentRound(tenant, median).get("id").asText();
        double[] m0 = roundModel(three.get(0), medianRound).parameters();
        double[][] deltas = {fill(1, -5), fill(2, 7), fill(1000, 0)};
        for (int i = 0; i < 3; i++) {
            three.get(i).submit(medianRound, three.get(i).sign(1, i == 2 ? 1_000_000 : 10, deltas[i])).then()
                    .statusCode(202);
        }
        double[] m1 = resultModel(tenant, median, awaitRound(tenant, median, 1, "COMPLETED")).parameters();
        assertEquals(m0[0] + 2, m1[0], 1e-12);
        assertEquals(m0[1] + 0, m1[1], 1e-12);
    }

    /** The model a round produced, served by its SHA-256 as round-ready names it. */
    private static ModelArtifact resultModel(String tenant, String federationId, JsonNode round) {
        Response r = given().auth().oauth2(token(tenant, "auditor"))
                .get(FEDERATIONS + "/" + federationId + "/models/" + round.get("resultSha256").asText());
        r.then().statusCode(200);
        assertEquals(round.get("resultSha256").asText(), Sha256.hex(r.asByteArray()));
        return ModelArtifact.parse(r.asByteArray());
    }

    @Test
    void clientLevelDpChargesTheAccountantEveryRound() throws Exception {
        String tenant = "fl-dp";
        String id = federation(tenant, "\"clientDp\":{\"noiseMultiplier\":1.1,\"clipNorm\":0.5,\"delta\":1e-5}", 2, 2);
        List<Site> sites = register(tenant, id, 2);
        start(tenant, id);
        for (int round = 1; round <= 2; round++) {
            String roundId = currentRound(tenant, id).get("id").asText();
            for (Site s : sites) {
                // The first site's update (norm 50) is far above the clip norm.
                s.submit(roundId, s.sign(round, 20, s == sites.get(0) ? fill(30, 40) : fill(0.1))).then()
                        .statusCode(202);
            }
            JsonNode done = awaitRound(tenant, id, round, "COMPLETED");
            double expected = new ClientLevelAccountant(1.0, 1.1, 1e-5, Conversion.IMPROVED).epsilonAfter(round)
                    .epsilon();
            assertEquals(expected, done.get("epsilon").asDouble(), 1e-12);
            assertEquals(1, done.get("summary").get("clippedCount").asInt());
            assertEquals(0.5, done.get("clipNorm").asDouble());
        }
        List<JsonNode> ready = events(db, id, "io.custos.federation.round-ready.v1");
        JsonNode privacy = ready.get(1).get("data").get("clientPrivacySoFar");
        assertEquals("rdp-client-level", privacy.get("accountant").asText());
        assertEquals(2, privacy.get("steps").asInt());
        assertEquals(new ClientLevelAccountant(1.0, 1.1, 1e-5, Conversion.IMPROVED).epsilonAfter(2).epsilon(),
                privacy.get("epsilon").asDouble(), 1e-12);
        JsonNode completed = events(db, id, "io.custos.training.completed.v1").get(0).get("data");
        assertEquals(privacy.get("epsilon").asDouble(), completed.get("privacy").get("epsilon").asDouble());
        ModelArtifact model = ModelArtifact.parse(given().auth().oauth2(token(tenant, "auditor"))
                .get(FEDERATIONS + "/" + id + "/model").asByteArray());
        assertEquals("rdp-client-level", model.privacy().accountant());
        assertEquals(privacy.get("epsilon").asDouble(), model.privacy().epsilon());
        assertNotEquals(0, model.privacy().rdp().length);
    }

    @Test
    void aRoundWithTooFewUpdatesByItsDeadlineFailsTheFederation() throws Exception {
        String tenant = "fl-late";
        String id = federation(tenant, "", 3, 2);
        List<Site> sites = register(tenant, id, 3);
        start(tenant, id);
        String roundId = currentRound(tenant, id).get("id").asText();
        sites.get(0).submit(roundId, sites.get(0).sign(1, 10, fill(1))).then().statusCode(202);
        FlFixtures.execute(db, "UPDATE federation.federation_rounds SET deadline = now() - interval '1 second'"
                + " WHERE id = ?::uuid", roundId);
        sites.get(1).submit(roundId, sites.get(1).sign(1, 10, fill(1))).then().statusCode(410)
                .contentType("application/problem+json").body("reason", equalTo("LATE"),
                        "detail", containsString("stopped accepting updates"));
        JsonNode failed = awaitRound(tenant, id, 1, "FAILED");
        assertTrue(failed.get("failureReason").asText().contains("only 1 valid update arrived by the deadline"),
                failed.toString());
        JsonNode f = FlFixtures.read(given().auth().oauth2(token(tenant, "auditor")).get(FEDERATIONS + "/" + id)
                .asString());
        assertEquals("FAILED", f.get("status").asText());
        assertTrue(f.get("failureReason").asText().startsWith("round 1 failed: "));
        assertEquals(0, events(db, id, "io.custos.federation.round-ready.v1").size());
        assertEquals(0, events(db, id, "io.custos.training.completed.v1").size());
        given().auth().oauth2(token(tenant, "auditor")).get(ROUNDS + "/" + roundId + "/refusals").then()
                .statusCode(200).body("reason", equalTo(List.of("LATE")));
    }

    @Test
    void aRoundPastItsDeadlineWithEnoughUpdatesCompletesWithThem() throws Exception {
        String tenant = "fl-partial";
        String id = federation(tenant, "", 2, 2);
        List<Site> sites = register(tenant, id, 3);
        start(tenant, id);
        String roundId = currentRound(tenant, id).get("id").asText();
        sites.get(0).submit(roundId, sites.get(0).sign(1, 10, fill(1))).then().statusCode(202);
        sites.get(1).submit(roundId, sites.get(1).sign(1, 10, fill(3))).then().statusCode(202);
        FlFixtures.execute(db, "UPDATE federation.federation_rounds SET deadline = now() WHERE id = ?::uuid", roundId);
        JsonNode done = awaitRound(tenant, id, 1, "COMPLETED");
        assertEquals(2, done.get("summary").get("clientsAccepted").asInt());
        assertEquals(2, currentRound(tenant, id).get("number").asInt());
    }

    /**
     * Sites poll for the next round and usually answer it within milliseconds of one another: the
     * round must close as soon as the last of them is in, not at its deadline (600 s here), even
     * when no submission's own transaction could see all the others.
     */
    @Test
    void updatesArrivingTogetherCloseTheRoundWithoutWaitingForItsDeadline() throws Exception {
        String tenant = "fl-together";
        int rounds = 4;
        String id = federation(tenant, "", rounds, 4);
        List<Site> sites = register(tenant, id, 4);
        start(tenant, id);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(sites.size());
        try {
            for (int r = 1; r <= rounds; r++) {
                JsonNode round = currentRound(tenant, id);
                assertEquals(r, round.get("number").asInt());
                String roundId = round.get("id").asText();
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(sites.size());
                List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
                for (Site site : sites) {
                    Object update = site.sign(r, 10, fill(0.01 * r));
                    answers.add(pool.submit(() -> {
                        together.await();
                        return site.submit(roundId, update).statusCode();
                    }));
                }
                for (java.util.concurrent.Future<Integer> answer : answers) {
                    assertEquals(202, answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
                }
                awaitRound(tenant, id, r, "COMPLETED");
            }
        } finally {
            pool.shutdownNow();
        }
        given().auth().oauth2(token(tenant, "auditor")).get(FEDERATIONS + "/" + id).then().statusCode(200)
                .body("status", equalTo("COMPLETED"));
    }

    @Test
    void startNeedsEnoughClientsOnceAndClosesRegistration() {
        String tenant = "fl-start";
        String id = federation(tenant, "", 2, 3);
        register(tenant, id, 2);
        given().auth().oauth2(token(tenant, "ml-engineer")).post(FEDERATIONS + "/" + id + "/start").then()
                .statusCode(409).body("detail", containsString("needs at least minClients=3 to start"));
        given().auth().oauth2(token(tenant, "auditor")).get(FEDERATIONS + "/" + id + "/rounds/current").then()
                .statusCode(404);
        register(tenant, id, 1);
        start(tenant, id);
        given().auth().oauth2(token(tenant, "ml-engineer")).post(FEDERATIONS + "/" + id + "/start").then()
                .statusCode(409).body("detail", containsString("is already RUNNING"));
        given().auth().oauth2(token(tenant, "admin")).contentType("application/json")
                .body(Map.of("clientName", "late-site", "publicKey",
                        io.custos.crypto.Ed25519PrivateKey.generate().publicKey().toPem()))
                .post(FEDERATIONS + "/" + id + "/clients").then().statusCode(409)
                .body("detail", containsString("clients can only be registered before it starts"));
        given().auth().oauth2(token(tenant, "auditor")).post(FEDERATIONS + "/" + id + "/start").then()
                .statusCode(403);
    }
}
