package io.custos.federated.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.crypto.Sha256;
import io.custos.federated.client.CannedGateway.Reply;
import io.custos.federated.protocol.SubmissionVerifier;
import io.custos.federated.protocol.UpdateSubmission;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The protocol client against a real local HTTP server with canned, contract-shaped answers. */
class FederatedClientTest {

    static final String FEDERATION = "4b6f1c2e-0000-4000-8000-000000000001";
    static final String ROUND = "9a1d3e2f-0000-4000-8000-000000000003";
    static final String FEDERATION_PATH = "/api/federated/federations/" + FEDERATION;
    static final String FEDERATION_JSON = """
            {"id":"%s","name":"adult-sites","modelType":"logistic",
             "featureSchema":[{"name":"age","kind":"numeric","lower":17,"upper":90},
                              {"name":"sex","kind":"categorical","categories":["Female","Male"]}],
             "target":"income","positiveClass":"large","rounds":10,"minClients":2,"maxClients":3,
             "roundTimeoutSeconds":600,"strategy":"fedavg","localEpochs":2,"learningRate":0.5,"batchSize":16,
             "maxSamplesPerClient":10000,"status":"RUNNING","createdBy":"alice","createdAt":"2025-01-01T00:00:00Z"}
            """.formatted(FEDERATION);

    private CannedGateway gateway;
    private final List<Duration> sleeps = new ArrayList<>();
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void start() throws Exception {
        gateway = new CannedGateway().withToken();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private FederatedClient client(int maxRetries) {
        return client(gateway.uri(), maxRetries);
    }

    private FederatedClient client(URI uri, int maxRetries) {
        return new FederatedClient(uri, "ck_site_a", Duration.ofSeconds(5),
                new RetryPolicy(maxRetries, Duration.ofMillis(100), Duration.ofMillis(1000)), sleeps::add, () -> 0.5,
                clock);
    }

    @Test
    void theApiKeyIsExchangedOnceAndTheTokenSentAsBearer() throws Exception {
        gateway.on("GET", FEDERATION_PATH, r -> Reply.json(200, FEDERATION_JSON));
        gateway.on("GET", FEDERATION_PATH + "/clients/me", r -> Reply.json(200, """
                {"id":"c-1","federationId":"%s","clientName":"site-a","keyAlgorithm":"Ed25519"}""".formatted(FEDERATION)));
        FederatedClient client = client(0);

        FederationInfo f = client.federation(FEDERATION);
        ClientInfo me = client.me(FEDERATION);

        assertEquals(new ClientInfo("c-1", "site-a"), me);
        assertEquals("adult-sites", f.name());
        assertEquals("RUNNING", f.status());
        assertEquals(10, f.rounds());
        assertEquals(List.of("age", "sex"), f.featureNames());
        assertEquals(new LocalTrainingOptions(2, 16, 0.5, 0, null), f.trainingOptions(null));
        List<CannedGateway.Request> exchanges = gateway.requests("POST", "/api/auth/token");
        assertEquals(1, exchanges.size(), "one exchange for both requests");
        JsonNode body = Json.MAPPER.readTree(exchanges.get(0).body());
        assertEquals("ck_site_a", body.path("apiKey").asText());
        assertEquals("Bearer t1", gateway.requests("GET", FEDERATION_PATH).get(0).authorization());
    }

    @Test
    void aFederationThatDoesNotStateHowToTrainIsRefusedWhenTrainingWouldStart() throws Exception {
        gateway.on("GET", FEDERATION_PATH, r -> Reply.json(200, "{\"id\":\"" + FEDERATION
                + "\",\"status\":\"RUNNING\",\"rounds\":3,\"localEpochs\":1}"));
        FederationInfo f = client(0).federation(FEDERATION);
        FederationException e = assertThrows(FederationException.class, () -> f.trainingOptions(null));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
    }

    @Test
    void aRejectedTokenIsExchangedAgainOnceAndAnExpiringOneRenewedEarly() throws Exception {
        AtomicInteger issued = new AtomicInteger();
        gateway.on("POST", "/api/auth/token", r -> Reply.json(200,
                "{\"accessToken\":\"t" + issued.incrementAndGet() + "\",\"expiresIn\":100}"));
        // t1 is revoked server-side; any later token works.
        gateway.on("GET", FEDERATION_PATH, r -> "Bearer t1".equals(r.authorization())
                ? Reply.problem(401, null, "token expired") : Reply.json(200, FEDERATION_JSON));
        FederatedClient client = client(0);

        client.federation(FEDERATION);
        assertEquals(2, issued.get(), "401 -> one new exchange, then the request again");
        assertEquals(List.of("Bearer t1", "Bearer t2"),
                gateway.requests("GET", FEDERATION_PATH).stream().map(CannedGateway.Request::authorization).toList());

        clock.advance(Duration.ofSeconds(75)); // lifetime 100 s, renewed 20 s before the end
        client.federation(FEDERATION);
        assertEquals(2, issued.get(), "still valid long enough");
        clock.advance(Duration.ofSeconds(6));
        client.federation(FEDERATION);
        assertEquals(3, issued.get(), "renewed before it expires");
        assertEquals("Bearer t3", gateway.requests("GET", FEDERATION_PATH).get(3).authorization());
    }

    @Test
    void aRefusedApiKeyOrAPersistent401IsAnError() throws Exception {
        gateway.on("POST", "/api/auth/token", r -> Reply.problem(401, null, "unknown or revoked API key"));
        FederationException refused = assertThrows(FederationException.class, () -> client(3).federation(FEDERATION));
        assertTrue(refused.getMessage().contains("API key was refused")
                && refused.getMessage().contains("unknown or revoked API key"), refused.getMessage());
        assertEquals(401, refused.status());
        assertTrue(sleeps.isEmpty(), "a refusal is not retried");

        gateway.withToken().on("GET", FEDERATION_PATH, r -> Reply.problem(401, null, "not for you"));
        FederationException twice = assertThrows(FederationException.class, () -> client(3).federation(FEDERATION));
        assertEquals(401, twice.status());
        assertEquals(2, gateway.requests("GET", FEDERATION_PATH).size(), "retried once with a fresh token, no more");
    }

    @Test
    void serverErrorsAndRateLimitsAreRetriedWithJitteredExponentialBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        gateway.on("GET", FEDERATION_PATH, r -> switch (calls.incrementAndGet()) {
            case 1 -> Reply.problem(503, null, "restarting");
            case 2 -> Reply.problem(502, null, "bad gateway");
            case 3 -> Reply.problem(429, null, "slow down").withHeader("Retry-After", "3");
            default -> Reply.json(200, FEDERATION_JSON);
        });
        assertEquals("adult-sites", client(5).federation(FEDERATION).name());
        // jitter 0.5: half the ceiling fixed plus half of the other half; ceilings 100, 200 ms; then Retry-After wins
        assertEquals(List.of(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofSeconds(3)), sleeps);

        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int retry = 0; retry < 8; retry++) {
            long ceiling = Math.min(1000, 100L << retry);
            assertEquals(ceiling, policy.ceiling(retry).toMillis());
            assertEquals(ceiling / 2, policy.delay(retry, 0).toMillis());
            assertTrue(policy.delay(retry, 0.999_999).toMillis() <= ceiling);
        }
    }

    @Test
    void afterTheLastRetryTheProblemIsReported() {
        gateway.on("GET", FEDERATION_PATH, r -> Reply.problem(500, null, "database down"));
        FederationException e = assertThrows(FederationException.class, () -> client(2).federation(FEDERATION));
        assertEquals(500, e.status());
        assertTrue(e.getMessage().contains("after 3 attempt(s)") && e.getMessage().contains("database down"),
                e.getMessage());
        assertEquals(2, sleeps.size());
        assertEquals(3, gateway.requests("GET", FEDERATION_PATH).size());
    }

    @Test
    void anUnreachableServerIsRetriedThenReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        FederationException e = assertThrows(FederationException.class,
                () -> client(URI.create("http://127.0.0.1:" + port), 2).federation(FEDERATION));
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("no answer") && e.getMessage().contains("3 attempt(s)"), e.getMessage());
        assertEquals(2, sleeps.size());
    }

    @Test
    void otherRefusalsCarryTheProblemDetailAndAreNotRetried() {
        gateway.on("GET", FEDERATION_PATH, r -> Reply.problem(403, null, "this API key is bound to another federation"));
        FederationException e = assertThrows(FederationException.class, () -> client(3).federation(FEDERATION));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains("bound to another federation"), e.getMessage());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void theRoundModelMustMatchItsEtagAndTheRoundsModelSha256() throws Exception {
        byte[] model = "{\"format\":\"custos-model/v1\"}".getBytes(StandardCharsets.UTF_8);
        String sha = Sha256.hex(model);
        String path = "/api/federated/rounds/" + ROUND + "/model";
        FederatedClient client = client(0);

        gateway.on("GET", path, r -> new Reply(200, "application/json", model, java.util.Map.of("ETag", "\"" + sha + "\"")));
        assertArrayEquals(model, client.roundModel(ROUND, sha), "quoted ETag");
        assertArrayEquals(model, client.roundModel(ROUND, null), "ETag alone");

        gateway.on("GET", path, r -> new Reply(200, "application/json", model, java.util.Map.of("ETag", sha.toUpperCase())));
        assertArrayEquals(model, client.roundModel(ROUND, null), "unquoted, any case");

        FederationException other = assertThrows(FederationException.class,
                () -> client.roundModel(ROUND, "0".repeat(64)));
        assertTrue(other.getMessage().contains("refusing to train"), other.getMessage());

        gateway.on("GET", path, r -> new Reply(200, "application/json", model, java.util.Map.of("ETag", "\"" + "1".repeat(64) + "\"")));
        FederationException tampered = assertThrows(FederationException.class, () -> client.roundModel(ROUND, null));
        assertTrue(tampered.getMessage().contains(sha) && tampered.getMessage().contains("1".repeat(64)),
                tampered.getMessage());

        gateway.on("GET", path, r -> new Reply(200, "application/json", model, java.util.Map.of()));
        assertArrayEquals(model, client.roundModel(ROUND, sha), "no ETag: the round's modelSha256 suffices");
        FederationException unverifiable = assertThrows(FederationException.class, () -> client.roundModel(ROUND, null));
        assertTrue(unverifiable.getMessage().contains("cannot be verified"), unverifiable.getMessage());
    }

    @Test
    void submissionAnswersMapToWhatTheClientDoesNext() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        double[] delta = {0.25, -1.5, 3.0};
        UpdateSubmission submission = UpdateSubmission.sign(FEDERATION, 3, "c-1", 412, delta, key);
        String path = "/api/federated/rounds/" + ROUND + "/updates";
        FederatedClient client = client(0);

        gateway.on("POST", path, r -> Reply.json(202, "{\"round\":3,\"accepted\":true}"));
        assertEquals(SubmissionResult.ACCEPTED, client.submit(ROUND, submission));
        // What arrived is the contract's JSON, and it verifies with the client's public key.
        UpdateSubmission received = Json.MAPPER.readValue(gateway.requests("POST", path).get(0).body(),
                UpdateSubmission.class);
        assertEquals(submission, received);
        assertArrayEquals(delta, new SubmissionVerifier(FEDERATION, 3).verify(received, "c-1", key.publicKey(), 3,
                new HashSet<>()), 0);

        gateway.on("POST", path, r -> Reply.problem(409, "DUPLICATE", "client c-1 already submitted to round 3"));
        assertEquals(SubmissionResult.ALREADY_ACCEPTED, client.submit(ROUND, submission));
        gateway.on("POST", path, r -> Reply.problem(403, "NOT_SAMPLED", "client c-1 was not sampled for round 3"));
        assertEquals(SubmissionResult.NOT_SAMPLED, client.submit(ROUND, submission));
        gateway.on("POST", path, r -> Reply.problem(410, "LATE", "round 3 closed at 12:00:00Z"));
        assertEquals(SubmissionResult.LATE, client.submit(ROUND, submission));

        gateway.on("POST", path, r -> Reply.problem(400, "WRONG_SHAPE", "the model has 5 parameters, the update 3"));
        FederationException shape = assertThrows(FederationException.class, () -> client.submit(ROUND, submission));
        assertEquals("WRONG_SHAPE", shape.reason());
        assertTrue(shape.getMessage().contains("the model has 5 parameters"), shape.getMessage());
        gateway.on("POST", path, r -> Reply.problem(403, "BAD_SIGNATURE", "signature does not verify"));
        assertEquals("BAD_SIGNATURE", assertThrows(FederationException.class, () -> client.submit(ROUND, submission))
                .reason());
        gateway.on("POST", path, r -> Reply.problem(409, "REPLAYED_NONCE", "nonce seen before"));
        assertEquals("REPLAYED_NONCE", assertThrows(FederationException.class, () -> client.submit(ROUND, submission))
                .reason(), "on a first attempt a replayed nonce is a real refusal");
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void aSubmissionWhoseAnswerWasLostIsResentAsIsAndItsDuplicateCountsAsAccepted() throws Exception {
        UpdateSubmission submission = UpdateSubmission.sign(FEDERATION, 3, "c-1", 10, new double[] {1, 2},
                Ed25519PrivateKey.generate());
        String path = "/api/federated/rounds/" + ROUND + "/updates";
        AtomicInteger calls = new AtomicInteger();
        // The first attempt lands but its answer is lost (the gateway reports 502); the retry is a duplicate.
        gateway.on("POST", path, r -> calls.incrementAndGet() == 1 ? Reply.problem(502, null, "upstream reset")
                : Reply.problem(409, "DUPLICATE", "already submitted"));
        assertEquals(SubmissionResult.ALREADY_ACCEPTED, client(3).submit(ROUND, submission));
        List<CannedGateway.Request> sent = gateway.requests("POST", path);
        assertEquals(2, sent.size());
        assertArrayEquals(sent.get(0).body(), sent.get(1).body(), "the same signed bytes, same nonce");
        assertEquals(1, sleeps.size());

        // A server that checks nonces first answers REPLAYED_NONCE to the retry: the first attempt arrived too.
        calls.set(0);
        gateway.on("POST", path, r -> calls.incrementAndGet() == 1 ? Reply.problem(503, null, "busy")
                : Reply.problem(409, "REPLAYED_NONCE", "nonce seen before"));
        assertEquals(SubmissionResult.ALREADY_ACCEPTED, client(3).submit(ROUND, submission));
    }

    @Test
    void roundsAreReadWithTheirParticipantsAndAMissingCurrentRoundIsEmpty() throws Exception {
        gateway.on("GET", FEDERATION_PATH + "/rounds/current", r -> Reply.json(200, """
                {"id":"%s","federationId":"%s","number":3,"status":"WAITING","openedAt":"2025-01-01T00:00:00Z",
                 "deadline":"2025-01-01T00:10:00Z","closedAt":null,"expectedClients":2,"participants":["c-1","c-2"],
                 "submissions":0,"accepted":0,"rejected":0,"modelUri":"/api/federated/rounds/%s/model",
                 "modelSha256":"%s","resultSha256":null,"epsilon":null,"failureReason":null}
                """.formatted(ROUND, FEDERATION, ROUND, "ab".repeat(32))));
        gateway.on("GET", "/api/federated/rounds/" + ROUND + "/status", r -> Reply.json(200, """
                {"id":"%s","number":3,"status":"COMPLETED","participants":2,"resultSha256":"%s","epsilon":1.5}
                """.formatted(ROUND, "cd".repeat(32))));
        FederatedClient client = client(0);

        RoundInfo current = client.currentRound(FEDERATION).orElseThrow();
        assertEquals(3, current.number());
        assertEquals("WAITING", current.status());
        assertEquals(List.of("c-1", "c-2"), current.participantIds());
        assertTrue(current.mayTakePart("c-2"));
        assertTrue(!current.mayTakePart("c-9"));
        assertEquals("ab".repeat(32), current.modelSha256());
        assertNull(current.resultSha256());

        RoundInfo closed = client.round(ROUND);
        assertNull(closed.participantIds(), "a count, not a list");
        assertTrue(closed.mayTakePart("anyone"));
        assertEquals("cd".repeat(32), closed.resultSha256());
        assertEquals(1.5, closed.epsilon());

        gateway.on("GET", FEDERATION_PATH + "/rounds/current", r -> Reply.problem(404, null, "no round yet"));
        assertEquals(Optional.empty(), client.currentRound(FEDERATION));
    }

    @Test
    void idsAreEncodedIntoThePathAndTheServerMustBeAnHttpUrl() {
        assertEquals("a%2F..%2Fb%20c", FederatedClient.segment("a/../b c"));
        assertThrows(IllegalArgumentException.class, () -> client(URI.create("ftp://example.org"), 0));
        assertThrows(IllegalArgumentException.class, () -> new FederatedClient(gateway.uri(), " ",
                Duration.ofSeconds(1), RetryPolicy.defaults(1)));
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
