package io.custos.federated.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.custos.crypto.Sha256;
import io.custos.federated.protocol.UpdateSubmission;
import io.custos.federated.secagg.SecAggMessages.AdvertisedKeys;
import io.custos.federated.secagg.SecAggMessages.EncryptedShare;
import io.custos.federated.secagg.SecAggMessages.UnmaskingRequest;
import io.custos.federated.secagg.SecAggSubmission;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A site's side of the federated-learning REST contract (docs/federated-learning.md), through the
 * gateway: the API key is exchanged for a short-lived token (again shortly before it expires, or
 * on a 401); round models are checked against their SHA-256; updates are submitted signed.
 *
 * <p>Every request is retried on connection errors, timeouts, 5xx and 429 with exponential backoff
 * and jitter ({@link RetryPolicy}); any other refusal is a {@link FederationException} carrying
 * the problem's detail. Retrying a submission resends the same signed bytes: if the first attempt
 * did land, the server answers DUPLICATE, which counts as accepted.
 *
 * <p>Thread-safe.
 */
public final class FederatedClient {

    static final String PREFIX = "/api/federated";
    private static final String USER_AGENT = "custos-federated-client";
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private final URI server;
    private final String apiKey;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final HttpClient http;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final Clock clock;

    private String accessToken;
    private Instant renewAt = Instant.MIN;

    /**
     * @param server         the gateway's base URL, e.g. {@code https://custos.example.org}
     * @param apiKey         the site's API key (bound to its federation client)
     * @param requestTimeout how long one attempt may take
     */
    public FederatedClient(URI server, String apiKey, Duration requestTimeout, RetryPolicy retry) {
        this(server, apiKey, requestTimeout, retry, Sleeper.SYSTEM, Math::random, Clock.systemUTC());
    }

    FederatedClient(URI server, String apiKey, Duration requestTimeout, RetryPolicy retry, Sleeper sleeper,
            DoubleSupplier jitter, Clock clock) {
        String base = server.toString();
        this.server = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        if (!"http".equals(this.server.getScheme()) && !"https".equals(this.server.getScheme())
                || this.server.getHost() == null) {
            throw new IllegalArgumentException("the server must be an http:// or https:// URL with a host, was " + server);
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("an API key is required");
        }
        this.apiKey = apiKey;
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.sleeper = sleeper;
        this.jitter = jitter;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(requestTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? requestTimeout
                        : Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER) // never hand the bearer token to another host
                .build();
    }

    public URI server() {
        return server;
    }

    /** The client the API key is bound to. */
    public ClientInfo me(String federationId) throws InterruptedException {
        return ClientInfo.from(getJson("the client of this API key",
                PREFIX + "/federations/" + segment(federationId) + "/clients/me"));
    }

    public FederationInfo federation(String federationId) throws InterruptedException {
        return FederationInfo.from(getJson("federation " + federationId,
                PREFIX + "/federations/" + segment(federationId)));
    }

    /** The open (or last) round; empty when the federation has none yet (404). */
    public Optional<RoundInfo> currentRound(String federationId) throws InterruptedException {
        String what = "the current round of federation " + federationId;
        Answer a = send(what, () -> get(PREFIX + "/federations/" + segment(federationId) + "/rounds/current"), true);
        if (a.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(RoundInfo.from(json(what, expect2xx(what, a))));
    }

    public RoundInfo round(String roundId) throws InterruptedException {
        return RoundInfo.from(getJson("round " + roundId, PREFIX + "/rounds/" + segment(roundId) + "/status"));
    }

    /**
     * Downloads the global model a round starts from and checks that its SHA-256 is the
     * {@code ETag} the server sent (quoted or not) and, when given, {@code expectedSha256} (the
     * round view's {@code modelSha256}).
     *
     * @return the verified bytes, for {@code ModelArtifact.parse}
     * @throws FederationException if a digest does not match or none is available to check
     */
    public byte[] roundModel(String roundId, String expectedSha256) throws InterruptedException {
        String what = "the model of round " + roundId;
        HttpResponse<byte[]> r = expect2xx(what, send(what, () -> get(PREFIX + "/rounds/" + segment(roundId) + "/model"),
                true));
        byte[] body = r.body();
        String actual = Sha256.hex(body);
        String etag = r.headers().firstValue("ETag").map(FederatedClient::unquoteEtag).orElse(null);
        if (etag == null && expectedSha256 == null) {
            throw new FederationException(what + " came without an ETag, and the round states no modelSha256: "
                    + "it cannot be verified", r.statusCode(), null);
        }
        for (String expected : new String[] {etag, expectedSha256}) {
            if (expected != null && !Sha256.matches(expected.toLowerCase(Locale.ROOT), actual)) {
                throw new FederationException(what + " has SHA-256 " + actual + ", but the server announced "
                        + expected + "; refusing to train on it", r.statusCode(), null);
            }
        }
        return body;
    }

    /**
     * Submits a signed update.
     *
     * @return ACCEPTED (202), ALREADY_ACCEPTED (409 DUPLICATE), NOT_SAMPLED (403), LATE (410)
     * @throws FederationException for any other refusal, with the problem's detail and reason
     */
    public SubmissionResult submit(String roundId, UpdateSubmission submission) throws InterruptedException {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(submission);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an update submission", e);
        }
        String what = "the update for round " + submission.round();
        Answer a = send(what, () -> HttpRequest.newBuilder(uri(PREFIX + "/rounds/" + segment(roundId) + "/updates"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), true);
        int status = a.status();
        if (status >= 200 && status < 300) {
            return SubmissionResult.ACCEPTED;
        }
        Problem p = Problem.of(a.response());
        if (status == 409 && "DUPLICATE".equals(p.reason())) {
            return SubmissionResult.ALREADY_ACCEPTED;
        }
        // A retry resends the first attempt's nonce; a server that checks nonces before duplicates
        // then says REPLAYED_NONCE, which also means the first attempt arrived.
        if (status == 409 && "REPLAYED_NONCE".equals(p.reason()) && a.attempts() > 1) {
            return SubmissionResult.ALREADY_ACCEPTED;
        }
        if (status == 403 && "NOT_SAMPLED".equals(p.reason())) {
            return SubmissionResult.NOT_SAMPLED;
        }
        if (status == 410) {
            return SubmissionResult.LATE;
        }
        throw p.exception(what + " was refused");
    }

    // --- secure aggregation -----------------------------------------------------------------------

    /** A secure round's parameters, phase and this client's secure-aggregation id. */
    public SecAggRoundInfo secaggRound(String roundId) throws InterruptedException {
        return SecAggRoundInfo.from(getJson("secure aggregation of round " + roundId,
                PREFIX + "/rounds/" + segment(roundId) + "/secagg"));
    }

    /** Phase 1 input: every advertised key set (U1), once phase 0 closed. */
    public List<AdvertisedKeys> secaggKeys(String roundId) throws InterruptedException {
        JsonNode json = getJson("the key list of round " + roundId, PREFIX + "/rounds/" + segment(roundId)
                + "/secagg/keys");
        List<AdvertisedKeys> keys = new ArrayList<>();
        for (JsonNode k : json.path("keys")) {
            keys.add(new AdvertisedKeys(roundId, k.path("secaggId").asInt(), base64(k, "encryptionPublicKey"),
                    base64(k, "maskingPublicKey")));
        }
        return keys;
    }

    /** Phase 2 input: the encrypted shares addressed to this client, once phase 1 closed. */
    public List<EncryptedShare> secaggInbox(String roundId) throws InterruptedException {
        JsonNode json = getJson("the share inbox of round " + roundId, PREFIX + "/rounds/" + segment(roundId)
                + "/secagg/inbox");
        List<EncryptedShare> shares = new ArrayList<>();
        for (JsonNode s : json.path("shares")) {
            shares.add(new EncryptedShare(roundId, s.path("from").asInt(), s.path("to").asInt(), base64(s, "nonce"),
                    base64(s, "ciphertext")));
        }
        return shares;
    }

    /** Phase 3 input: survivors and dropped clients, once phase 2 closed. */
    public UnmaskingRequest secaggUnmaskingRequest(String roundId) throws InterruptedException {
        JsonNode json = getJson("the unmasking request of round " + roundId, PREFIX + "/rounds/" + segment(roundId)
                + "/secagg/unmasking");
        return new UnmaskingRequest(roundId, intSet(json.path("survivors")), intSet(json.path("dropped")));
    }

    /**
     * Posts a signed secure-aggregation message to its phase's path ({@code keys}, {@code shares},
     * {@code masked-input}, {@code unmasking}).
     *
     * @return ACCEPTED (202), ALREADY_ACCEPTED (409 DUPLICATE, e.g. a retry), NOT_SAMPLED (403), LATE (410:
     *     the phase closed, this client counts as dropped)
     * @throws FederationException for any other refusal, with the problem's detail and reason
     */
    public SubmissionResult postSecAgg(String roundId, SecAggSubmission message) throws InterruptedException {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a secure-aggregation message", e);
        }
        String what = "the secure-aggregation '" + message.phase() + "' message for round " + message.round();
        Answer a = send(what, () -> HttpRequest.newBuilder(uri(PREFIX + "/rounds/" + segment(roundId) + "/secagg/"
                + message.phase())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), true);
        int status = a.status();
        if (status >= 200 && status < 300) {
            return SubmissionResult.ACCEPTED;
        }
        Problem p = Problem.of(a.response());
        if (status == 409 && ("DUPLICATE".equals(p.reason())
                || "REPLAYED_NONCE".equals(p.reason()) && a.attempts() > 1)) {
            return SubmissionResult.ALREADY_ACCEPTED;
        }
        if (status == 403 && "NOT_SAMPLED".equals(p.reason())) {
            return SubmissionResult.NOT_SAMPLED;
        }
        if (status == 410) {
            return SubmissionResult.LATE;
        }
        throw p.exception(what + " was refused");
    }

    private static byte[] base64(JsonNode json, String field) {
        try {
            return Base64.getDecoder().decode(json.path(field).asText(""));
        } catch (IllegalArgumentException e) {
            throw new FederationException("the server's '" + field + "' is not base64", 0, null);
        }
    }

    private static SortedSet<Integer> intSet(JsonNode array) {
        SortedSet<Integer> ids = new TreeSet<>();
        array.forEach(n -> ids.add(n.asInt()));
        return ids;
    }

    // --- requests ---------------------------------------------------------------------------------

    private record Answer(HttpResponse<byte[]> response, int attempts) {
        int status() {
            return response.statusCode();
        }
    }

    private JsonNode getJson(String what, String path) throws InterruptedException {
        return json(what, expect2xx(what, send(what, () -> get(path), true)));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    /**
     * Sends a request, retrying what a retry can fix: no answer, 5xx, 429, and (once) a 401 with
     * a fresh token.
     */
    private Answer send(String what, Supplier<HttpRequest.Builder> request, boolean authenticated)
            throws InterruptedException {
        boolean reauthenticated = false;
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder b = request.get().timeout(requestTimeout).header("User-Agent", USER_AGENT)
                    .header("Accept", "application/json, application/problem+json");
            if (authenticated) {
                b.header("Authorization", "Bearer " + accessToken());
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (attempt > retry.maxRetries()) {
                    throw new FederationException(what + ": no answer from " + server + " after " + attempt
                            + " attempt(s): " + describe(e), e);
                }
                sleeper.sleep(retry.delay(attempt - 1, jitter.getAsDouble()));
                continue;
            }
            int status = response.statusCode();
            if (status == 401 && authenticated && !reauthenticated) {
                // The token expired or was revoked early: exchange the key again and repeat once.
                reauthenticated = true;
                invalidateToken();
                attempt--;
                continue;
            }
            if (status >= 500 || status == 429) {
                if (attempt > retry.maxRetries()) {
                    throw Problem.of(response).exception(what + " failed after " + attempt + " attempt(s)");
                }
                Duration delay = retry.delay(attempt - 1, jitter.getAsDouble());
                Duration retryAfter = retryAfter(response);
                sleeper.sleep(retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay);
                continue;
            }
            return new Answer(response, attempt);
        }
    }

    private static HttpResponse<byte[]> expect2xx(String what, Answer a) {
        if (a.status() < 200 || a.status() >= 300) {
            throw Problem.of(a.response()).exception(what);
        }
        return a.response();
    }

    private static JsonNode json(String what, HttpResponse<byte[]> r) {
        try {
            JsonNode node = Json.MAPPER.readTree(r.body());
            if (node == null || !node.isObject()) {
                throw new FederationException(what + ": the server answered " + r.statusCode()
                        + " without a JSON object", r.statusCode(), null);
            }
            return node;
        } catch (IOException e) {
            throw new FederationException(what + ": the server answered " + r.statusCode() + " with invalid JSON: "
                    + e.getMessage(), r.statusCode(), null);
        }
    }

    // --- token ------------------------------------------------------------------------------------

    private synchronized String accessToken() throws InterruptedException {
        if (accessToken == null || !clock.instant().isBefore(renewAt)) {
            exchangeApiKey();
        }
        return accessToken;
    }

    private synchronized void invalidateToken() {
        accessToken = null;
    }

    /** {@code POST /api/auth/token {"apiKey"}} -> {@code {accessToken, expiresIn}}. */
    private synchronized void exchangeApiKey() throws InterruptedException {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(Json.MAPPER.createObjectNode().put("apiKey", apiKey));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String what = "exchanging the API key for a token";
        Answer a = send(what, () -> HttpRequest.newBuilder(uri("/api/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), false);
        if (a.status() == 401 || a.status() == 403) {
            throw Problem.of(a.response()).exception("the API key was refused");
        }
        JsonNode tokens = json(what, expect2xx(what, a));
        String token = Json.text(tokens, "accessToken");
        if (token == null || token.isBlank()) {
            throw new FederationException(what + ": the answer has no accessToken; is " + server
                    + " a Custos gateway?", a.status(), null);
        }
        long lifetime = Math.max(0, tokens.path("expiresIn").asLong(0));
        // Renew a fifth of the lifetime early (5 s to 60 s): a request never leaves with a token
        // that expires on its way.
        long margin = Math.max(5, Math.min(60, lifetime / 5));
        accessToken = token;
        renewAt = clock.instant().plusSeconds(Math.max(0, lifetime - margin));
    }

    // --- helpers ----------------------------------------------------------------------------------

    private URI uri(String path) {
        return URI.create(server + path);
    }

    /** Ids go into paths percent-encoded, so an odd id cannot change the path. */
    static String segment(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an id is required");
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String unquoteEtag(String etag) {
        String v = etag.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v.isEmpty() ? null : v;
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(String::strip).map(Long::parseLong)
                    .map(Duration::ofSeconds).filter(d -> !d.isNegative())
                    .map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d).orElse(null);
        } catch (NumberFormatException e) {
            return null; // an HTTP date: our own backoff will do
        }
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }

    /** An application/problem+json answer (or whatever came instead). */
    record Problem(int status, String title, String detail, String reason, String body) {

        static Problem of(HttpResponse<byte[]> r) {
            String body = r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8);
            try {
                JsonNode p = Json.MAPPER.readTree(body);
                if (p != null && p.isObject()) {
                    return new Problem(r.statusCode(), Json.text(p, "title"), Json.text(p, "detail"),
                            Json.text(p, "reason"), body);
                }
            } catch (IOException e) {
                // not JSON
            }
            return new Problem(r.statusCode(), null, null, null, body);
        }

        FederationException exception(String what) {
            String text = detail != null ? detail : title != null ? title : Json.abbreviate(body.strip());
            return new FederationException(what + ": HTTP " + status + (text.isEmpty() ? "" : ": " + text)
                    + (reason != null ? " (" + reason + ")" : ""), status, reason);
        }
    }
}
