package io.custos.federated.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.crypto.Sha256;
import io.custos.federated.client.CannedGateway.Reply;
import io.custos.federated.protocol.SubmissionVerifier;
import io.custos.federated.protocol.UpdateSubmission;
import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.RdpAccountant;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.DataException;
import io.custos.ml.data.Table;
import io.custos.ml.noise.SeededRandomSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site's loop against a local HTTP server whose canned answers the test changes step by step,
 * the way a federation's state moves: round 1 open to this client, then round 2 not sampling it,
 * then completion (or failure).
 */
class FederationParticipantTest {

    static final String FEDERATION = "4b6f1c2e-0000-4000-8000-000000000001";
    static final String FED = "/api/federated/federations/" + FEDERATION;
    static final String ROUND_1 = "r-0001";
    static final String ROUND_2 = "r-0002";
    static final Table SITE = AdultSites.site("single", 200);

    private final ModelArtifact initial = AdultSites.initialModel();
    private final byte[] modelBytes;
    private final String modelSha;
    private final Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<UpdateSubmission> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> federationStatus = new AtomicReference<>("RUNNING");
    private final AtomicReference<String> failureReason = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean secure = new java.util.concurrent.atomic.AtomicBoolean();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> current = new AtomicReference<>(ROUND_1);
    private final Map<String, String> roundStatus = new java.util.concurrent.ConcurrentHashMap<>();
    private CannedGateway gateway;

    @TempDir
    java.nio.file.Path tmp;

    FederationParticipantTest() throws Exception {
        modelBytes = new ObjectMapper().writeValueAsBytes(initial);
        modelSha = Sha256.hex(modelBytes);
    }

    @BeforeEach
    void start() throws Exception {
        roundStatus.put(ROUND_1, "WAITING");
        roundStatus.put(ROUND_2, "WAITING");
        gateway = new CannedGateway().withToken();
        gateway.on("GET", FED + "/clients/me", r -> Reply.json(200, "{\"id\":\"c-1\",\"clientName\":\"site-a\"}"));
        gateway.on("GET", FED, r -> Reply.json(200, federationJson(AdultSites.FEATURES)));
        gateway.on("GET", FED + "/rounds/current", r -> Reply.json(200, roundJson(current.get())));
        for (String round : List.of(ROUND_1, ROUND_2)) {
            gateway.on("GET", "/api/federated/rounds/" + round + "/status", r -> Reply.json(200, roundJson(round)));
            gateway.on("GET", "/api/federated/rounds/" + round + "/model", r -> new Reply(200, "application/json",
                    modelBytes, Map.of("ETag", "\"" + modelSha + "\"")));
        }
        gateway.on("POST", "/api/federated/rounds/" + ROUND_1 + "/updates", r -> {
            UpdateSubmission s;
            try {
                s = Json.MAPPER.readValue(r.body(), UpdateSubmission.class);
            } catch (java.io.IOException e) {
                return Reply.problem(400, "MALFORMED", e.getMessage());
            }
            new SubmissionVerifier(FEDERATION, initial.parameters().length).verify(s, "c-1", key.publicKey(), 1,
                    new HashSet<>());
            received.add(s);
            // the round closes with this update; round 2 opens without this client
            roundStatus.put(ROUND_1, "COMPLETED");
            current.set(ROUND_2);
            return Reply.json(202, "{}");
        });
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private String federationJson(List<String> features) {
        StringBuilder schema = new StringBuilder();
        for (String f : features) {
            schema.append(schema.isEmpty() ? "" : ",").append("{\"name\":\"").append(f).append("\"}");
        }
        return """
                {"id":"%s","name":"adult-sites","modelType":"logistic","featureSchema":[%s],"target":"income",
                 "positiveClass":"large","rounds":2,"localEpochs":1,"learningRate":0.5,"batchSize":16,"status":"%s"%s,
                 "secureAggregation":%s}
                """.formatted(FEDERATION, schema, federationStatus.get(),
                failureReason.get() == null ? "" : ",\"failureReason\":\"" + failureReason.get() + "\"", secure.get());
    }

    private String roundJson(String round) {
        String status = roundStatus.get(round);
        return """
                {"id":"%s","federationId":"%s","number":%d,"status":"%s","participants":%s,"modelSha256":"%s",
                 "resultSha256":%s,"epsilon":null,"failureReason":%s}
                """.formatted(round, FEDERATION, round.equals(ROUND_1) ? 1 : 2, status,
                round.equals(ROUND_1) ? "[\"c-1\",\"c-2\"]" : "[\"c-2\",\"c-3\"]", modelSha,
                status.equals("COMPLETED") ? "\"" + "ef".repeat(32) + "\"" : "null",
                status.equals("FAILED") ? "\"only 1 valid update, 2 needed\"" : "null");
    }

    private FederationParticipant participant(Table data, LocalTrainingOptions.LocalDp dp, Runnable onSleep) {
        return participant(data, dp, null, onSleep);
    }

    private FederationParticipant participant(Table data, LocalTrainingOptions.LocalDp dp, java.nio.file.Path state,
            Runnable onSleep) {
        FederatedClient client = new FederatedClient(gateway.uri(), "ck_site_a", Duration.ofSeconds(5),
                RetryPolicy.defaults(0));
        List<Duration> sleeps = new ArrayList<>();
        Sleeper sleeper = d -> {
            sleeps.add(d);
            if (sleeps.size() > 50) {
                throw new AssertionError("the participant kept polling: " + events);
            }
            onSleep.run();
        };
        return new FederationParticipant(client, new FederationParticipant.Settings(FEDERATION,
                Duration.ofSeconds(2), dp, 1e-5, state), key, data, new Recorder(), new SeededRandomSource(4), sleeper);
    }

    @Test
    void trainsAndSubmitsWhereSampledSkipsWhereNotAndStopsWhenTheFederationCompletes() throws Exception {
        LocalTrainingOptions.LocalDp dp = new LocalTrainingOptions.LocalDp(1.0, 1.5);
        FederationParticipant participant = participant(SITE, dp, () -> {
            if (events.contains("not sampled 2")) { // the last round ends without us, and with it the federation
                roundStatus.put(ROUND_2, "COMPLETED");
                federationStatus.set("COMPLETED");
            }
        });

        FederationParticipant.Outcome outcome = participant.run();

        assertEquals(List.of("joined c-1 200", "sent 1 ACCEPTED", "closed 1 COMPLETED", "not sampled 2"), events);
        assertTrue(outcome.completed());
        assertEquals(1, outcome.roundsContributed());
        assertEquals(ROUND_2, outcome.lastRound().id());
        assertEquals("ef".repeat(32), outcome.lastRound().resultSha256());

        assertEquals(1, received.size());
        UpdateSubmission s = received.get(0);
        assertEquals(200, s.samples());
        assertEquals(1, s.round());
        assertEquals(1, gateway.requests("GET", "/api/federated/rounds/" + ROUND_1 + "/model").size());
        assertTrue(gateway.requests("GET", "/api/federated/rounds/" + ROUND_2 + "/model").isEmpty(),
                "no model fetched for a round this client is not in");

        // One local run: q = 16/200, 1 epoch = round(1/q) = 13 steps at sigma 1.5.
        double expected = RdpAccountant.dpSgdEpsilon(16.0 / 200, 1.5, 13, 1e-5, Conversion.IMPROVED).epsilon();
        assertEquals(expected, outcome.localEpsilon().epsilon(), 1e-9);
        assertEquals(1, participant.account().rounds());
    }

    @Test
    void aFailedFederationEndsTheRunWithItsReason() throws Exception {
        FederationParticipant participant = participant(SITE, null, () -> {
            if (events.contains("not sampled 2")) {
                roundStatus.put(ROUND_2, "FAILED");
                federationStatus.set("FAILED");
            }
        });
        FederationParticipant.Outcome outcome = participant.run();
        assertFalse(outcome.completed());
        assertEquals("only 1 valid update, 2 needed", outcome.failureReason());
        assertEquals(null, outcome.localEpsilon(), "no local DP");

        failureReason.set("stopped by an admin");
        assertEquals("stopped by an admin", participant(SITE, null, () -> { }).run().failureReason(),
                "the federation's own reason comes first");
    }

    @Test
    void localDataWithoutAFederationColumnFailsBeforeAnyRound() {
        gateway.on("GET", FED, r -> Reply.json(200, federationJson(List.of("age", "blood-pressure"))));
        DataException e = assertThrows(DataException.class, () -> participant(SITE, null, () -> { }).run());
        assertTrue(e.getMessage().contains("'blood-pressure'") && e.getMessage().contains("[age, workclass"),
                e.getMessage());
        assertTrue(gateway.requests("GET", FED + "/rounds/current").isEmpty());
    }

    /** What the site's state file says, as JSON. */
    private com.fasterxml.jackson.databind.JsonNode stateJson(java.nio.file.Path file) throws Exception {
        return new ObjectMapper().readTree(file.toFile());
    }

    private Runnable completeAfterRound2() {
        return () -> {
            if (events.contains("not sampled 2")) {
                roundStatus.put(ROUND_2, "COMPLETED");
                federationStatus.set("COMPLETED");
            }
        };
    }

    @Test
    void aSiteThatStoppedBeforeItsUpdateLandedResendsTheSameBytesWithoutTrainingAgain() throws Exception {
        LocalTrainingOptions.LocalDp dp = new LocalTrainingOptions.LocalDp(1.0, 1.5);
        java.nio.file.Path stateFile = tmp.resolve("fl").resolve(FEDERATION + ".json");
        String updates = "/api/federated/rounds/" + ROUND_1 + "/updates";
        // The gateway is down when the update is sent (503 beyond the retry budget): the run stops there.
        gateway.on("POST", updates, r -> Reply.problem(503, null, "gateway restarting"));
        FederationException down = assertThrows(FederationException.class,
                () -> participant(SITE, dp, stateFile, () -> { }).run());
        assertEquals(503, down.status());
        assertEquals(1, gateway.requests("POST", updates).size());
        byte[] firstAttempt = gateway.requests("POST", updates).get(0).body();

        // What survived the crash: the round answered, the charge, and the signed update.
        var saved = stateJson(stateFile);
        assertEquals("custos-fl-site-state/v1", saved.get("format").asText());
        assertEquals("c-1", saved.get("clientId").asText());
        assertEquals(List.of(ROUND_1), List.of(saved.get("answeredRounds").get(0).asText()));
        assertEquals(1, saved.at("/localPrivacy/rounds").asInt());
        assertTrue(saved.at("/unconfirmedSubmissions/" + ROUND_1).isObject());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(stateFile)));

        // Restarted: the gateway is back and accepts the update (the original handler of the test).
        gateway.close();
        start();
        events.clear();
        FederationParticipant restarted = participant(SITE, dp, stateFile, completeAfterRound2());
        FederationParticipant.Outcome outcome = restarted.run();

        assertEquals(List.of("joined c-1 200", "resumed 1 1", "resent 1 ACCEPTED", "closed 1 COMPLETED",
                "not sampled 2"), events);
        assertTrue(gateway.requests("GET", "/api/federated/rounds/" + ROUND_1 + "/model").isEmpty(),
                "the round is not trained again");
        assertEquals(1, received.size());
        byte[] resent = gateway.requests("POST", updates).get(0).body();
        assertEquals(new String(firstAttempt, java.nio.charset.StandardCharsets.UTF_8),
                new String(resent, java.nio.charset.StandardCharsets.UTF_8), "the very bytes signed before the crash");
        UpdateSubmission first = Json.MAPPER.readValue(firstAttempt, UpdateSubmission.class);
        assertEquals(first.nonce(), received.get(0).nonce());
        assertEquals(first.signature(), received.get(0).signature());

        assertEquals(1, restarted.account().rounds(), "charged once, not again on the restart");
        double once = RdpAccountant.dpSgdEpsilon(16.0 / 200, 1.5, 13, 1e-5, Conversion.IMPROVED).epsilon();
        assertEquals(once, outcome.localEpsilon().epsilon(), 1e-9);
        assertEquals(1, outcome.roundsContributed());
        var after = stateJson(stateFile);
        assertTrue(after.get("unconfirmedSubmissions").isEmpty(), "confirmed, so not to be sent again");
        assertEquals(ROUND_1, after.get("acceptedRounds").get(0).asText());
    }

    @Test
    void anUpdateThatDidLandBeforeTheCrashCountsWhenTheServerSaysDuplicate() throws Exception {
        java.nio.file.Path stateFile = tmp.resolve("site.json");
        String updates = "/api/federated/rounds/" + ROUND_1 + "/updates";
        // The update arrives, but the answer is lost (the connection drops: no retry budget left).
        gateway.on("POST", updates, r -> Reply.problem(502, null, "upstream reset"));
        assertThrows(FederationException.class, () -> participant(SITE, null, stateFile, () -> { }).run());
        byte[] firstAttempt = gateway.requests("POST", updates).get(0).body();

        gateway.on("POST", updates, r -> {
            received.add(readSubmission(r.body()));
            roundStatus.put(ROUND_1, "COMPLETED");
            current.set(ROUND_2);
            return Reply.problem(409, "DUPLICATE", "this client already sent an update for round 1");
        });
        events.clear();
        FederationParticipant.Outcome outcome = participant(SITE, null, stateFile, completeAfterRound2()).run();
        assertEquals(List.of("joined c-1 200", "resumed 1 -", "resent 1 ALREADY_ACCEPTED", "closed 1 COMPLETED",
                "not sampled 2"), events);
        assertEquals(new String(firstAttempt), new String(gateway.requests("POST", updates).get(1).body()));
        assertEquals(1, outcome.roundsContributed());
        assertEquals(1, gateway.requests("GET", "/api/federated/rounds/" + ROUND_1 + "/model").size(),
                "trained once, before the crash");
    }

    @Test
    void aRestartedSiteDoesNotTrainRoundsItAnsweredAndKeepsItsEpsilon() throws Exception {
        LocalTrainingOptions.LocalDp dp = new LocalTrainingOptions.LocalDp(1.0, 1.5);
        java.nio.file.Path stateFile = tmp.resolve("site.json");
        FederationParticipant first = participant(SITE, dp, stateFile, () -> {
            if (events.contains("not sampled 2")) {
                throw new IllegalStateException("Ctrl-C"); // stopped while round 2 runs without it
            }
        });
        assertThrows(IllegalStateException.class, first::run);
        double spent = first.account().epsilon().epsilon();
        assertEquals(1, received.size());

        // Restarted while round 1 is (as far as this site can tell) still open, then round 2.
        roundStatus.put(ROUND_1, "WAITING");
        current.set(ROUND_1);
        events.clear();
        FederationParticipant restarted = participant(SITE, dp, stateFile, () -> {
            if (current.get().equals(ROUND_1)) {
                roundStatus.put(ROUND_1, "COMPLETED");
                current.set(ROUND_2);
            } else {
                roundStatus.put(ROUND_2, "COMPLETED");
                federationStatus.set("COMPLETED");
            }
        });
        FederationParticipant.Outcome outcome = restarted.run();

        assertEquals(List.of("joined c-1 200", "resumed 2 1"), events, "nothing trained, nothing sent");
        assertEquals(1, received.size());
        assertEquals(1, gateway.requests("GET", "/api/federated/rounds/" + ROUND_1 + "/model").size());
        assertEquals(1, restarted.account().rounds());
        assertEquals(spent, outcome.localEpsilon().epsilon(), 0.0, "the epsilon goes on from where it was");
        assertEquals(1, outcome.roundsContributed(), "the accepted round before the restart still counts");
    }

    @Test
    void aStateOfAnotherClientIsRefusedBeforeAnyRound() throws Exception {
        java.nio.file.Path stateFile = tmp.resolve("site.json");
        java.nio.file.Files.writeString(stateFile, """
                {"format":"custos-fl-site-state/v1","federationId":"%s","clientId":"c-7","answeredRounds":[]}
                """.formatted(FEDERATION));
        ParticipantStateException e = assertThrows(ParticipantStateException.class,
                () -> participant(SITE, null, stateFile, () -> { }).run());
        assertTrue(e.getMessage().contains(stateFile.toString()) && e.getMessage().contains("c-7"), e.getMessage());
        assertTrue(gateway.requests("GET", FED + "/rounds/current").isEmpty());
        assertTrue(java.nio.file.Files.readString(stateFile).contains("c-7"), "not overwritten");
    }

    @Test
    void anAnsweredSecureRoundIsSatOutAfterARestart() throws Exception {
        secure.set(true);
        java.nio.file.Path stateFile = tmp.resolve("site.json");
        java.nio.file.Files.writeString(stateFile, """
                {"format":"custos-fl-site-state/v1","federationId":"%s","clientId":"c-1","answeredRounds":["%s"],
                 "acceptedRounds":[],"unconfirmedSubmissions":{},"localPrivacy":null}
                """.formatted(FEDERATION, ROUND_1));
        int[] polls = {0};
        FederationParticipant.Outcome outcome = participant(SITE, null, stateFile, () -> {
            if (++polls[0] == 3) {
                roundStatus.put(ROUND_1, "COMPLETED");
                federationStatus.set("COMPLETED");
            }
        }).run();
        assertTrue(outcome.completed());
        assertEquals(List.of("joined c-1 200", "resumed 1 -"), events);
        assertEquals(1, warnings.size(), "said once, not at every poll: " + warnings);
        assertTrue(warnings.get(0).contains("round 1") && warnings.get(0).contains("dropped"), warnings.get(0));
        assertTrue(gateway.requests("GET", "/api/federated/rounds/" + ROUND_1 + "/secagg").isEmpty());
        assertTrue(gateway.requests("GET", "/api/federated/rounds/" + ROUND_1 + "/model").isEmpty());
        assertEquals(0, outcome.roundsContributed());
    }

    private static UpdateSubmission readSubmission(byte[] body) {
        try {
            return Json.MAPPER.readValue(body, UpdateSubmission.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Events as short strings. */
    private final class Recorder implements FederationParticipant.Listener {
        @Override
        public void joined(FederationInfo federation, ClientInfo me, int localRows) {
            events.add("joined " + me.id() + " " + localRows);
        }

        @Override
        public void notSampled(FederationInfo federation, RoundInfo round) {
            events.add("not sampled " + round.number());
        }

        @Override
        public void updateSent(FederationInfo federation, RoundInfo round, LocalUpdate update,
                SubmissionResult result) {
            events.add("sent " + round.number() + " " + result);
        }

        @Override
        public void resumed(ParticipantState state, LocalPrivacyAccount account) {
            events.add("resumed " + state.answeredRounds().size() + " " + (account == null ? "-" : account.rounds()));
        }

        @Override
        public void updateResent(FederationInfo federation, RoundInfo round, SubmissionResult result) {
            events.add("resent " + round.number() + " " + result);
        }

        @Override
        public void warning(String message) {
            warnings.add(message);
        }

        @Override
        public void roundClosed(FederationInfo federation, RoundInfo round) {
            events.add("closed " + round.number() + " " + round.status());
        }
    }
}
