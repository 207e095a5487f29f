package io.custos.governance.core.mlflow;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A read-only client for MLflow's REST API (2.x). Every request is a GET to one of the
 * {@link MlflowEndpoint} reads; there is no way to send anything else, so the customer's MLflow is
 * never changed. Each request has one deadline (the configured timeout) covering connection, headers
 * and body; bodies are bounded while they stream; failures become a typed {@link MlflowException}
 * whose message names the endpoint and never carries a credential.
 *
 * <p>One instance per sync is the intended use; it is safe to share between threads.
 */
public final class MlflowClient {

    /** MLflow's default page for registered models (its maximum is 1000). */
    public static final int REGISTERED_MODELS_PAGE_SIZE = 100;
    /** Well under MLflow's maximum (200 000) and Databricks' (10 000) for model versions. */
    public static final int MODEL_VERSIONS_PAGE_SIZE = 1000;
    /** A server that keeps handing out page tokens past this is treated as broken, not followed forever. */
    static final int MAX_PAGES = 10_000;
    static final long MAX_JSON_BYTES = 32L * 1024 * 1024;
    private static final int MAX_ERROR_BODY_BYTES = 16 * 1024;
    /** Shorter secrets are not redacted from messages: they would mangle ordinary words. */
    private static final int MIN_REDACTED_SECRET_LENGTH = 4;
    private static final String USER_AGENT = "custos-governance-mlflow-connector";

    private final MlflowSourceConfig config;
    private final HttpClient http;
    private final List<String> secrets;

    public MlflowClient(MlflowSourceConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.getDefault() == null ? HttpClient.Builder.NO_PROXY : ProxySelector.getDefault())
                .build();
        this.secrets = secretsOf(config);
    }

    public MlflowSourceConfig config() {
        return config;
    }

    /** One page of registered models; {@code pageToken} null for the first page. */
    public MlflowPage<MlflowRegisteredModel> searchRegisteredModels(String pageToken) throws MlflowException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("max_results", Integer.toString(REGISTERED_MODELS_PAGE_SIZE));
        putIfPresent(query, "page_token", pageToken);
        return getJson(MlflowEndpoint.REGISTERED_MODELS_SEARCH, query, MlflowJson::registeredModelsPage);
    }

    /** Every registered model, following pages to the end. */
    public List<MlflowRegisteredModel> listRegisteredModels() throws MlflowException {
        return allPages(MlflowEndpoint.REGISTERED_MODELS_SEARCH, this::searchRegisteredModels);
    }

    /**
     * One page of the versions of one model ({@code filter=name='...'}); MLflow accepts single or
     * double quotes around the value, so a name holding both cannot be expressed and is refused.
     */
    public MlflowPage<MlflowModelVersion> searchModelVersions(String modelName, String pageToken)
            throws MlflowException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("filter", nameFilter(modelName));
        query.put("max_results", Integer.toString(MODEL_VERSIONS_PAGE_SIZE));
        putIfPresent(query, "page_token", pageToken);
        return getJson(MlflowEndpoint.MODEL_VERSIONS_SEARCH, query, MlflowJson::modelVersionsPage);
    }

    /** Every version of one model, following pages to the end. */
    public List<MlflowModelVersion> listModelVersions(String modelName) throws MlflowException {
        return allPages(MlflowEndpoint.MODEL_VERSIONS_SEARCH, token -> searchModelVersions(modelName, token));
    }

    public MlflowRun getRun(String runId) throws MlflowException {
        return getJson(MlflowEndpoint.RUNS_GET, Map.of("run_id", requireId(runId, "run id")), MlflowJson::run);
    }

    public MlflowExperiment getExperiment(String experimentId) throws MlflowException {
        return getJson(MlflowEndpoint.EXPERIMENTS_GET,
                Map.of("experiment_id", requireId(experimentId, "experiment id")), MlflowJson::experiment);
    }

    /** The entries directly below {@code path} (null or empty: the artifact root) of a run. */
    public MlflowArtifactListing listArtifacts(String runId, String path, String pageToken) throws MlflowException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("run_id", requireId(runId, "run id"));
        putIfPresent(query, "path", path);
        putIfPresent(query, "page_token", pageToken);
        return getJson(MlflowEndpoint.ARTIFACTS_LIST, query, MlflowJson::artifactListing);
    }

    /**
     * Streams one artifact file to hash it, stopping past {@code maxBytes}. The bytes are never
     * interpreted here; only the first {@code keepBytes} are handed back, for the caller to read
     * as text when the file is an environment spec.
     */
    public MlflowArtifactDownload downloadArtifact(String runId, String path, long maxBytes, int keepBytes)
            throws MlflowException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("run_id", requireId(runId, "run id"));
        query.put("path", requireId(path, "artifact path"));
        String label = label(MlflowEndpoint.GET_ARTIFACT, query);
        Exchange exchange = exchange(MlflowEndpoint.GET_ARTIFACT, query, label, maxBytes,
                (int) Math.min(keepBytes, maxBytes));
        failUnlessOk(exchange, label);
        BoundedBody.Result body = exchange.body();
        return new MlflowArtifactDownload(path, body.bytesSeen(), body.overLimit(), body.sha256(), body.kept());
    }

    private <T> T getJson(MlflowEndpoint endpoint, Map<String, String> query, Function<JsonNode, T> reader)
            throws MlflowException {
        String label = label(endpoint, query);
        Exchange exchange = exchange(endpoint, query, label, MAX_JSON_BYTES, (int) MAX_JSON_BYTES);
        failUnlessOk(exchange, label);
        if (exchange.body().overLimit()) {
            throw error(MlflowException.Kind.MALFORMED_RESPONSE, label, 200,
                    "answer larger than " + MAX_JSON_BYTES + " bytes", null);
        }
        try {
            return reader.apply(MlflowJson.parseObject(exchange.body().kept()));
        } catch (MlflowJson.Malformed e) {
            throw error(MlflowException.Kind.MALFORMED_RESPONSE, label, 200, e.getMessage(), null);
        }
    }

    private interface PageFetcher<T> {
        MlflowPage<T> fetch(String pageToken) throws MlflowException;
    }

    private <T> List<T> allPages(MlflowEndpoint endpoint, PageFetcher<T> fetcher) throws MlflowException {
        List<T> all = new ArrayList<>();
        Set<String> tokensSeen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            MlflowPage<T> page = fetcher.fetch(token);
            all.addAll(page.items());
            token = page.nextPageToken();
            pages++;
            if (token != null && (!tokensSeen.add(token) || pages >= MAX_PAGES)) {
                throw error(MlflowException.Kind.MALFORMED_RESPONSE, MlflowEndpoint.METHOD + " " + endpoint.path(),
                        200, "pagination does not end (next_page_token repeated or more than " + MAX_PAGES
                                + " pages)", null);
            }
        } while (token != null);
        return all;
    }

    private record Exchange(int status, BoundedBody.Result body) {
    }

    /** The one place a request is made: always GET, always to an allowed read endpoint. */
    private Exchange exchange(MlflowEndpoint endpoint, Map<String, String> query, String label, long limitBytes,
            int keepBytes) throws MlflowException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(endpoint, query))
                .GET()
                .timeout(config.timeout());
        // Extra headers may replace these two defaults (a gateway that routes on User-Agent), never add a second.
        if (!hasExtraHeader("Accept")) {
            request.header("Accept", endpoint == MlflowEndpoint.GET_ARTIFACT ? "*/*" : "application/json");
        }
        if (!hasExtraHeader("User-Agent")) {
            request.header("User-Agent", USER_AGENT);
        }
        config.extraHeaders().forEach(request::header);
        String authorization = config.auth().authorizationHeader();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse.BodyHandler<BoundedBody.Result> handler = info -> info.statusCode() == 200
                ? new BoundedBody(limitBytes, keepBytes)
                : new BoundedBody(MAX_ERROR_BODY_BYTES, MAX_ERROR_BODY_BYTES);
        CompletableFuture<HttpResponse<BoundedBody.Result>> future = http.sendAsync(request.build(), handler);
        Duration timeout = config.timeout();
        try {
            HttpResponse<BoundedBody.Result> response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Exchange(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw error(MlflowException.Kind.TIMEOUT, label, null, "no complete answer within " + timeout, null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw error(MlflowException.Kind.UNREACHABLE, label, null, "interrupted while waiting for the answer",
                    null);
        } catch (ExecutionException e) {
            throw transportError(e.getCause(), label, timeout);
        }
    }

    private boolean hasExtraHeader(String name) {
        return config.extraHeaders().keySet().stream().anyMatch(name::equalsIgnoreCase);
    }

    private MlflowException transportError(Throwable cause, String label, Duration timeout) {
        if (cause instanceof HttpConnectTimeoutException) {
            return error(MlflowException.Kind.UNREACHABLE, label, null, "could not connect within " + timeout, cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return error(MlflowException.Kind.TIMEOUT, label, null, "no answer within " + timeout, cause);
        }
        if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) {
            return error(MlflowException.Kind.UNREACHABLE, label, null,
                    "could not connect to " + config.trackingUri().getHost() + ":" + port(), cause);
        }
        if (cause instanceof SSLException) {
            return error(MlflowException.Kind.UNREACHABLE, label, null, "TLS failed: " + cause.getMessage(), cause);
        }
        if (cause instanceof IOException) {
            return error(MlflowException.Kind.UNREACHABLE, label, null,
                    "connection failed: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : " " + cause.getMessage()), cause);
        }
        return error(MlflowException.Kind.UNREACHABLE, label, null,
                "request failed: " + (cause == null ? "unknown" : cause.getClass().getSimpleName()), cause);
    }

    private void failUnlessOk(Exchange exchange, String label) throws MlflowException {
        int status = exchange.status();
        if (status == 200) {
            return;
        }
        String detail = MlflowJson.errorDetail(exchange.body().kept());
        MlflowException.Kind kind;
        if (status == 401 || status == 403) {
            kind = MlflowException.Kind.UNAUTHORIZED;
        } else if (status == 404) {
            kind = MlflowException.Kind.NOT_FOUND;
        } else if (status >= 500) {
            kind = MlflowException.Kind.SERVER_ERROR;
        } else if (status >= 300 && status < 400) {
            kind = MlflowException.Kind.REJECTED;
            detail = "redirect not followed; set the tracking URI to the address the server redirects to";
        } else if (status >= 400) {
            kind = MlflowException.Kind.REJECTED;
        } else {
            kind = MlflowException.Kind.MALFORMED_RESPONSE;
            detail = "unexpected status";
        }
        throw error(kind, label, status, detail, null);
    }

    /** Every message passes here: server text is flattened and any configured secret is blanked out. */
    private MlflowException error(MlflowException.Kind kind, String label, Integer status, String detail,
            Throwable cause) {
        return new MlflowException(kind, redact(label), status, detail == null ? null : redact(MlflowJson.oneLine(detail)),
                cause);
    }

    /** Blanks out every configured secret (password, its basic-auth encoding, token, extra header values). */
    String redact(String text) {
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, "***");
        }
        return result;
    }

    private URI uri(MlflowEndpoint endpoint, Map<String, String> query) {
        String q = query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(config.trackingUri() + endpoint.path() + (q.isEmpty() ? "" : "?" + q));
    }

    /** {@code GET /path?k=v}: what the message names; paging parameters are left out to keep it readable. */
    private static String label(MlflowEndpoint endpoint, Map<String, String> query) {
        String q = query.entrySet().stream()
                .filter(e -> !e.getKey().equals("page_token") && !e.getKey().equals("max_results"))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        return MlflowEndpoint.METHOD + " " + endpoint.path() + (q.isEmpty() ? "" : "?" + q);
    }

    private int port() {
        int port = config.trackingUri().getPort();
        return port >= 0 ? port : config.trackingUri().getScheme().equals("https") ? 443 : 80;
    }

    private String nameFilter(String modelName) throws MlflowException {
        requireId(modelName, "model name");
        if (modelName.indexOf('\'') < 0) {
            return "name='" + modelName + "'";
        }
        if (modelName.indexOf('"') < 0) {
            return "name=\"" + modelName + "\"";
        }
        throw error(MlflowException.Kind.REJECTED,
                MlflowEndpoint.METHOD + " " + MlflowEndpoint.MODEL_VERSIONS_SEARCH.path(), null,
                "model name " + modelName + " holds both quote characters and cannot be searched by name", null);
    }

    private static String requireId(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    private static void putIfPresent(Map<String, String> query, String key, String value) {
        if (value != null && !value.isEmpty()) {
            query.put(key, value);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String> secretsOf(MlflowSourceConfig config) {
        List<String> list = new ArrayList<>();
        if (config.auth() instanceof MlflowSourceConfig.Auth.Basic basic) {
            list.add(basic.password());
            list.add(basic.authorizationHeader().substring("Basic ".length()));
        } else if (config.auth() instanceof MlflowSourceConfig.Auth.Bearer bearer) {
            list.add(bearer.token());
        }
        list.addAll(config.extraHeaders().values());
        // Longest first, so a secret that contains another is blanked whole.
        return list.stream()
                .filter(s -> s.length() >= MIN_REDACTED_SECRET_LENGTH)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }
}
