package io.custos.federated.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.federated.client.CannedGateway.Reply;
import io.custos.federated.secagg.FixedPoint;
import io.custos.federated.secagg.SecAggMessages.AdvertisedKeys;
import io.custos.federated.secagg.SecAggMessages.EncryptedShare;
import io.custos.federated.secagg.SecAggMessages.UnmaskingRequest;
import io.custos.federated.secagg.SecAggParameters;
import io.custos.federated.secagg.SecAggServer;
import io.custos.federated.secagg.SecAggSubmission;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A site's secure-aggregation session against a gateway whose secagg paths relay to the library's
 * {@link SecAggServer}: every message is signed by the site's key, the phases follow the server's, the
 * unmasked sum is the sum of the clipped, encoded updates, and a site that misses a phase drops out.
 */
class SecAggSessionTest {

    private static final String ROUND = "round-7";
    private static final String FEDERATION = "fed-1";
    private static final String BASE = "/api/federated/rounds/" + ROUND + "/secagg";
    private static final int D = 4;
    private static final double CLIP = 2.0;

    private CannedGateway gateway;
    private SecAggServer server;
    private final Map<String, Integer> tokens = new ConcurrentHashMap<>();
    private final Map<Integer, Ed25519PrivateKey> keys = new ConcurrentHashMap<>();
    private volatile Map<Integer, List<EncryptedShare>> inboxes;
    private volatile UnmaskingRequest unmasking;
    private volatile String phase = "ADVERTISE_KEYS";

    @BeforeEach
    void start() throws Exception {
        gateway = new CannedGateway();
        server = new SecAggServer(new SecAggParameters(ROUND, 2, D));
        gateway.on("POST", "/api/auth/token", r -> {
            int site = Integer.parseInt(r.bodyText().replaceAll("[^0-9]", ""));
            tokens.put("Bearer t-" + site, site);
            return Reply.json(200, "{\"accessToken\":\"t-" + site + "\",\"expiresIn\":900}");
        });
        gateway.on("POST", BASE + "/keys", signed(s -> server.receiveKeys(SecAggSubmission.decodeKeys(ROUND,
                s.secaggId(), s.payloadBytes()))));
        gateway.on("POST", BASE + "/shares", signed(s -> server.receiveShares(s.secaggId(),
                SecAggSubmission.decodeShares(ROUND, s.secaggId(), s.payloadBytes()))));
        gateway.on("POST", BASE + "/masked-input", signed(s -> server.receiveMaskedInput(
                SecAggSubmission.decodeMaskedInput(ROUND, s.secaggId(), s.payloadBytes()))));
        gateway.on("POST", BASE + "/unmasking", signed(s -> server.receiveUnmaskingResponse(
                SecAggSubmission.decodeUnmasking(ROUND, s.secaggId(), s.payloadBytes()))));
        gateway.on("GET", BASE + "/keys", r -> {
            StringBuilder json = new StringBuilder("{\"roundId\":\"" + ROUND + "\",\"keys\":[");
            List<String> items = new ArrayList<>();
            for (AdvertisedKeys k : advertised) {
                items.add("{\"secaggId\":" + k.clientId() + ",\"encryptionPublicKey\":\"" + b64(k.encryptionPublicKey())
                        + "\",\"maskingPublicKey\":\"" + b64(k.maskingPublicKey()) + "\"}");
            }
            return Reply.json(200, json.append(String.join(",", items)).append("]}").toString());
        });
        gateway.on("GET", BASE + "/inbox", r -> {
            List<String> items = new ArrayList<>();
            for (EncryptedShare s : inboxes.get(tokens.get(r.authorization()))) {
                items.add("{\"from\":" + s.from() + ",\"to\":" + s.to() + ",\"nonce\":\"" + b64(s.nonce())
                        + "\",\"ciphertext\":\"" + b64(s.ciphertext()) + "\"}");
            }
            return Reply.json(200, "{\"shares\":[" + String.join(",", items) + "]}");
        });
        gateway.on("GET", BASE + "/unmasking", r -> Reply.json(200, "{\"roundId\":\"" + ROUND + "\",\"survivors\":"
                + unmasking.survivors() + ",\"dropped\":" + unmasking.dropped() + "}"));
    }

    private volatile List<AdvertisedKeys> advertised;

    @AfterEach
    void stop() {
        gateway.close();
    }

    private interface Receive {
        void accept(SecAggSubmission s);
    }

    /** Checks the message is signed by the calling site's key, then hands it to the library's server. */
    private Function<CannedGateway.Request, Reply> signed(Receive receive) {
        return r -> {
            try {
                SecAggSubmission s = Json.MAPPER.readValue(r.body(), SecAggSubmission.class);
                int site = tokens.get(r.authorization());
                if (s.secaggId() != site || s.problem(keys.get(site).publicKey()) != null) {
                    return Reply.problem(403, "BAD_SIGNATURE", "bad");
                }
                if (!phaseOf(s.phase()).equals(phase)) {
                    return Reply.problem(410, "LATE", "phase closed");
                }
                receive.accept(s);
                return Reply.json(202, "{}");
            } catch (Exception e) {
                return Reply.problem(400, "MALFORMED", e.getMessage().replace('"', '\''));
            }
        };
    }

    private static String phaseOf(String messagePhase) {
        return switch (messagePhase) {
            case "keys" -> "ADVERTISE_KEYS";
            case "shares" -> "SHARE_KEYS";
            case "masked-input" -> "MASKED_INPUT";
            default -> "UNMASKING";
        };
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private SecAggRoundInfo info(int site) {
        return new SecAggRoundInfo(ROUND, 7, "WAITING", phase, null, 2, D, CLIP, 0x1p40, 10, CLIP, false, site, null);
    }

    private SecAggSession session(int site, double[] delta) throws Exception {
        keys.put(site, Ed25519PrivateKey.generate());
        FederatedClient api = new FederatedClient(gateway.uri(), "ck_site_" + site, Duration.ofSeconds(5),
                new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)), d -> { }, () -> 0.5,
                java.time.Clock.systemUTC());
        RoundInfo round = new RoundInfo(ROUND, 7, "WAITING", null, null, null, null, null, null);
        return SecAggSession.start(api, keys.get(site), FEDERATION, "client-" + site, round, info(site), delta,
                new SecureRandom());
    }

    @Test
    void threeSitesRunThePhasesAndOneThatMissesTheMaskedInputDropsOut() throws Exception {
        double[][] deltas = {{0.5, -0.25, 1, 0}, {3, 4, 0, 0}, {-1, 0.125, 0.5, 0.75}};
        List<SecAggSession> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sessions.add(session(i + 1, deltas[i]));
        }
        sessions.forEach(s -> assertEquals(SecAggSession.Step.KEYS_SENT, s.step()));

        advertised = server.closeKeyAdvertisement();
        phase = "SHARE_KEYS";
        for (int i = 0; i < 3; i++) {
            assertFalse(sessions.get(i).step(info(i + 1)));
        }
        inboxes = server.closeShareCollection();
        phase = "MASKED_INPUT";
        assertTrue(sessions.get(0).step(info(1)), "the masked input is the update sent");
        assertTrue(sessions.get(1).step(info(2)));
        unmasking = server.closeMaskedInputCollection(); // site 3 missed it
        phase = "UNMASKING";
        sessions.get(0).step(info(1));
        sessions.get(1).step(info(2));
        sessions.get(2).step(info(3));
        assertEquals(SecAggSession.Step.UNMASKED, sessions.get(0).step());
        assertEquals(SecAggSession.Step.UNMASKED, sessions.get(1).step());
        assertEquals(SecAggSession.Step.DROPPED, sessions.get(2).step());
        assertTrue(sessions.get(2).dropReason().contains("before this site sent its masked input"));

        FixedPoint encoding = new FixedPoint(0x1p40, CLIP, 10);
        double[] sum = encoding.decode(server.finish());
        // Site 2's update (norm 5) is clipped to norm 2 before encoding.
        double[] expected = {0.5 + 1.2, -0.25 + 1.6, 1, 0};
        assertArrayEquals(expected, sum, 1e-9);
        for (CannedGateway.Request r : gateway.requests) {
            if (r.method().equals("POST") && r.path().startsWith(BASE)) {
                JsonNode body = Json.MAPPER.readTree(r.body());
                assertEquals(FEDERATION, body.get("federationId").asText());
                assertTrue(body.hasNonNull("signature"));
            }
        }
    }

    @Test
    void clippingScalesOnlyLongUpdates() {
        assertArrayEquals(new double[] {0.6, 0.8}, SecAggSession.clip(new double[] {3, 4}, 1.0), 1e-12);
        assertArrayEquals(new double[] {0.3, 0.4}, SecAggSession.clip(new double[] {0.3, 0.4}, 1.0), 1e-12);
        assertArrayEquals(new double[] {30, 40}, SecAggSession.clip(new double[] {30, 40}, null), 1e-12);
    }

    @Test
    void theClippingBitIsAppendedOnlyWhenTheRoundAsksForIt() {
        assertArrayEquals(new double[] {0.6, 0.8, 0}, SecAggSession.maskedVector(new double[] {3, 4}, 1.0, true),
                1e-12);
        assertArrayEquals(new double[] {0.3, 0.4, 1}, SecAggSession.maskedVector(new double[] {0.3, 0.4}, 1.0, true),
                1e-12);
        assertArrayEquals(new double[] {0.6, 0.8}, SecAggSession.maskedVector(new double[] {3, 4}, 1.0, false),
                1e-12);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SecAggSession.maskedVector(new double[] {3, 4}, null, true));
    }
}
