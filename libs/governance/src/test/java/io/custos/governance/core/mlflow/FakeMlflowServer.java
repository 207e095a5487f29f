package io.custos.governance.core.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for an MLflow 2.17 tracking server, which we cannot run here, using only its recorded
 * answers (see {@code src/test/resources/mlflow/README.md}): it picks, filters, paginates or wraps
 * those bodies, and answers 404 with no body for anything that was not recorded. It can be told to
 * require credentials, lose a run, hang, truncate or fail an answer, and split lists into pages,
 * and it records every request so tests can check that only reads were made.
 */
public final class FakeMlflowServer implements AutoCloseable {

    /** One request as received; {@code path} is below the prefix the server was started with. */
    public record Request(String method, String path, String rawQuery, Map<String, String> params,
            Map<String, List<String>> headers) {

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** Which requests a behaviour applies to: a path, and optionally one query parameter's value. */
    private record Match(String path, String param, String value) {
        boolean test(String p, Map<String, String> params) {
            return path.equals(p) && (param == null || value.equals(params.get(param)));
        }
    }

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY each answer waits out
        // the peer's delayed ACK (~40 ms on loopback). Read once per JVM, so set before the first server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME_FILTER = Pattern.compile("^\\s*name\\s*=\\s*(['\"])(.*)\\1\\s*$");
    private static final String API = "/api/2.0/mlflow";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String prefix;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Set<String> missingRuns = ConcurrentHashMap.newKeySet();
    private final List<Match> hangs = new CopyOnWriteArrayList<>();
    private final List<Match> truncated = new CopyOnWriteArrayList<>();
    private final List<Match> serverErrors = new CopyOnWriteArrayList<>();
    private volatile String requiredAuthorization;
    private volatile boolean basicRealm;
    private volatile int pageSize = Integer.MAX_VALUE;
    private volatile boolean repeatPageToken;
    private volatile boolean noModelsVisible;

    private FakeMlflowServer(String prefix) throws IOException {
        this.prefix = prefix;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-mlflow");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeMlflowServer start() {
        return start("");
    }

    /** A server under a path prefix, as MLflow behind a reverse proxy. */
    public static FakeMlflowServer start(String prefix) {
        try {
            return new FakeMlflowServer(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Answers 401 with MLflow's recorded text unless HTTP basic credentials match. */
    public FakeMlflowServer requireBasicAuth(String username, String password) {
        requiredAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        basicRealm = true;
        return this;
    }

    /** Answers 401 with the recorded text unless the bearer token matches (as a token-checking proxy would). */
    public FakeMlflowServer requireBearer(String token) {
        requiredAuthorization = "Bearer " + token;
        basicRealm = false;
        return this;
    }

    /** runs/get for this run answers the recorded 404 RESOURCE_DOES_NOT_EXIST. */
    public FakeMlflowServer runNotFound(String runId) {
        missingRuns.add(runId);
        return this;
    }

    /** Requests to this path never get an answer (until the server closes). */
    public FakeMlflowServer hang(String path) {
        return hang(path, null, null);
    }

    public FakeMlflowServer hang(String path, String param, String value) {
        hangs.add(new Match(path, param, value));
        return this;
    }

    /** Answers to this path are cut in half: a recorded body that stops mid-JSON. */
    public FakeMlflowServer truncate(String path) {
        truncated.add(new Match(path, null, null));
        return this;
    }

    /** Requests to this path get the recorded HTML 500 page. */
    public FakeMlflowServer serverError(String path) {
        serverErrors.add(new Match(path, null, null));
        return this;
    }

    /** Lists are split into pages of this size, with MLflow-style next_page_token. */
    public FakeMlflowServer pageSize(int size) {
        pageSize = size;
        return this;
    }

    /** A broken paginator: always the first page, always the same next_page_token. */
    public FakeMlflowServer repeatPageToken() {
        repeatPageToken = true;
        pageSize = 1;
        return this;
    }

    /** registered-models/search answers the recorded {@code {}} of a user with no model permissions. */
    public FakeMlflowServer noModelsVisible() {
        noModelsVisible = true;
        return this;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String fullPath = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            Map<String, String> params = parseQuery(rawQuery);
            String path = fullPath.startsWith(prefix) ? fullPath.substring(prefix.length()) : fullPath;
            requests.add(new Request(exchange.getRequestMethod(), path, rawQuery, params,
                    Map.copyOf(exchange.getRequestHeaders())));

            if (!fullPath.startsWith(prefix)) {
                send(exchange, 404, null, null);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, null, null);
                return;
            }
            String required = requiredAuthorization;
            if (required != null) {
                String given = exchange.getRequestHeaders().getFirst("Authorization");
                if (!required.equals(given)) {
                    if (basicRealm) {
                        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"mlflow\"");
                    }
                    send(exchange, 401, "text/plain",
                            Fixtures.bytes(given == null ? "auth-no-credentials.txt" : "auth-bad-credentials.txt"));
                    return;
                }
            }
            if (matches(hangs, path, params)) {
                closing.await(30, TimeUnit.SECONDS);
                return;
            }
            if (matches(serverErrors, path, params)) {
                send(exchange, 500, "text/html; charset=utf-8", Fixtures.bytes("graphql-test.json"));
                return;
            }
            Answer answer = route(path, params);
            byte[] body = answer.body();
            if (answer.status() == 200 && body != null && matches(truncated, path, params)) {
                body = Arrays.copyOf(body, body.length / 2);
            }
            send(exchange, answer.status(), answer.contentType(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private record Answer(int status, String contentType, byte[] body) {
        static final Answer NOT_RECORDED = new Answer(404, null, null);

        static Answer json(byte[] body) {
            return new Answer(200, "application/json", body);
        }
    }

    private Answer route(String path, Map<String, String> params) throws IOException {
        switch (path) {
            case API + "/registered-models/search":
                if (noModelsVisible) {
                    return Answer.json(Fixtures.bytes("auth-connector-registered-models-search.json"));
                }
                return Answer.json(page(recorded("registered-models-search.json"), "registered_models", params));
            case API + "/model-versions/search":
                return Answer.json(page(versionsOf(params.get("filter")), "model_versions", params));
            case API + "/runs/get":
                return run(params.get("run_id"));
            case API + "/experiments/get":
                if ("1".equals(params.get("experiment_id"))) {
                    return Answer.json(Fixtures.bytes("experiments-get.json"));
                }
                if ("2".equals(params.get("experiment_id"))) {
                    return Answer.json(Fixtures.bytes("experiments-get-by-name.json"));
                }
                return Answer.NOT_RECORDED;
            case API + "/artifacts/list":
                if (Fixtures.CREDIT_V1_RUN.equals(params.get("run_id"))) {
                    String folder = params.getOrDefault("path", "");
                    if (folder.isEmpty()) {
                        return Answer.json(Fixtures.bytes("artifacts-list.json"));
                    }
                    if (folder.equals("model")) {
                        return Answer.json(Fixtures.bytes("artifacts-list-model.json"));
                    }
                }
                return Answer.NOT_RECORDED;
            case "/get-artifact":
                String run = params.containsKey("run_id") ? params.get("run_id") : params.get("run_uuid");
                if (Fixtures.CREDIT_V1_RUN.equals(run) && "model/MLmodel".equals(params.get("path"))) {
                    return new Answer(200, "text/plain; charset=utf-8", Fixtures.bytes("get-artifact-MLmodel.txt"));
                }
                return Answer.NOT_RECORDED;
            default:
                return Answer.NOT_RECORDED;
        }
    }

    private Answer run(String runId) throws IOException {
        if (runId != null && !missingRuns.contains(runId)) {
            if (runId.equals(Fixtures.CREDIT_V1_RUN)) {
                return Answer.json(Fixtures.bytes("runs-get.json"));
            }
            for (JsonNode run : recorded("runs-search.json").path("runs")) {
                if (runId.equals(run.path("info").path("run_id").asText())) {
                    ObjectNode wrapped = JSON.createObjectNode();
                    wrapped.set("run", run);
                    return Answer.json(JSON.writeValueAsBytes(wrapped));
                }
            }
        }
        return new Answer(404, "application/json", Fixtures.bytes("error-runs-get-missing.json"));
    }

    /** The recorded version search, narrowed to one model when filtered by name as the client does. */
    private ObjectNode versionsOf(String filter) throws IOException {
        ObjectNode all = recorded("model-versions-search.json");
        if (filter == null) {
            return all;
        }
        Matcher m = NAME_FILTER.matcher(filter);
        String name = m.matches() ? m.group(2) : "\u0000no match";
        ArrayNode kept = JSON.createArrayNode();
        all.path("model_versions").forEach(v -> {
            if (name.equals(v.path("name").asText())) {
                kept.add(v);
            }
        });
        all.set("model_versions", kept);
        return all;
    }

    /** One page of a recorded list; MLflow leaves out an empty list and the token of the last page. */
    private byte[] page(ObjectNode answer, String listKey, Map<String, String> params) throws IOException {
        ArrayNode items = answer.has(listKey) ? (ArrayNode) answer.get(listKey) : JSON.createArrayNode();
        int size = pageSize;
        if (params.containsKey("max_results")) {
            size = Math.min(size, Integer.parseInt(params.get("max_results")));
        }
        int offset = repeatPageToken ? 0 : offsetOf(params.get("page_token"));
        ArrayNode page = JSON.createArrayNode();
        for (int i = offset; i < Math.min(items.size(), offset + size); i++) {
            page.add(items.get(i));
        }
        ObjectNode out = answer.deepCopy();
        out.remove(listKey);
        if (!page.isEmpty()) {
            out.set(listKey, page);
        }
        if (offset + size < items.size()) {
            out.put("next_page_token", tokenFor(offset + size));
        }
        return JSON.writeValueAsBytes(out);
    }

    /** MLflow's page token: base64 of the JSON {@code {"offset": N}}. */
    static String tokenFor(int offset) {
        return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static int offsetOf(String token) throws IOException {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        return JSON.readTree(Base64.getDecoder().decode(token)).path("offset").asInt();
    }

    private static ObjectNode recorded(String name) throws IOException {
        return (ObjectNode) JSON.readTree(Fixtures.bytes(name));
    }

    private static boolean matches(List<Match> rules, String path, Map<String, String> params) {
        return rules.stream().anyMatch(r -> r.test(path, params));
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        if (body == null || body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Every request a test made, for asserting that nothing but allowed reads reached MLflow. */
    List<String> nonReadRequests() {
        List<String> bad = new ArrayList<>();
        for (Request r : requests) {
            if (!r.method().equals(MlflowEndpoint.METHOD) || !MlflowEndpoint.isAllowedPath(r.path())) {
                bad.add(r.method() + " " + r.path());
            }
        }
        return bad;
    }
}
