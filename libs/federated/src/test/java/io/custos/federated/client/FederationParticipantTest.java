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
    private final AtomicReference<String> current = new AtomicReference<>(ROUND_1);
    private final Map<String, String> roundStatus = new java.util.concurrent.ConcurrentHashMap<>();
    private CannedGateway gateway;

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
                 "positiveClass":"large","rounds":2,"localEpochs":1,"learningRate":0.5,"batchSize":16,"status":"%s"%s}
                """.formatted(FEDERATION, schema, federationStatus.get(),
                failureReason.get() == null ? "" : ",\"failureReason\":\"" + failureReason.get() + "\"");
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
                Duration.ofSeconds(2), dp, 1e-5), key, data, new Recorder(), new SeededRandomSource(4), sleeper);
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
        public void roundClosed(FederationInfo federation, RoundInfo round) {
            events.add("closed " + round.number() + " " + round.status());
        }
    }
}
