package io.custos.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A real HTTP service behind the gateway, on the port a route points at. It records what reached
 * it (method, URI, headers, body length and SHA-256) and offers the behaviours the proxy tests need.
 *
 * <ul>
 * <li>{@code /.../echo}: reads the body, answers with what it received as JSON</li>
 * <li>{@code /.../gated-upload}: counts body bytes as they arrive ({@link #bytesSoFar})</li>
 * <li>{@code /.../download?size=N}: streams N deterministic bytes; {@code &gate=1} sends the first
 *     MiB and the rest only after {@link #openGate()}</li>
 * <li>{@code /.../slow}: never answers</li>
 * <li>{@code /q/openapi}: the document given to {@link #openapi(JsonObject)}</li>
 * </ul>
 */
public final class FakeService implements AutoCloseable {

    public record Received(String method, String uri, Map<String, List<String>> headers, long length, String sha256) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesSoFar = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final Map<String, JsonObject> docs = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> gate = new CompletableFuture<>();

    private FakeService(Vertx vertx, int port) throws Exception {
        this.vertx = vertx;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Starts a fake service on the port of {@code custos.gateway.routes.<service>}. */
    public static FakeService forRoute(Vertx vertx, String service) throws Exception {
        return new FakeService(vertx, routePort(service));
    }

    public static int routePort(String service) {
        String url = ConfigProvider.getConfig().getValue("custos.gateway.routes." + service, String.class);
        return URI.create(url).getPort();
    }

    public FakeService openapi(JsonObject document) {
        docs.put("doc", document);
        return this;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public Received last() {
        return received.get(received.size() - 1);
    }

    public long hits() {
        return hits.get();
    }

    public long bytesSoFar() {
        return bytesSoFar.get();
    }

    public void openGate() {
        gate.complete(null);
    }

    public void reset() {
        received.clear();
        bytesSoFar.set(0);
        hits.set(0);
        gate = new CompletableFuture<>();
    }

    private void handle(HttpServerRequest req) {
        hits.incrementAndGet();
        String path = req.path();
        if (path.equals("/q/openapi")) {
            JsonObject doc = docs.get("doc");
            req.response().putHeader("Content-Type", "application/json").end(doc == null ? "{}" : doc.encode());
            return;
        }
        if (path.endsWith("/slow")) {
            req.handler(b -> { });
            return; // never answers
        }
        if (path.endsWith("/download")) {
            download(req);
            return;
        }
        MessageDigest sha = sha256();
        long[] length = {0};
        req.handler(buf -> {
            length[0] += buf.length();
            bytesSoFar.addAndGet(buf.length());
            sha.update(buf.getBytes());
        });
        req.endHandler(v -> {
            Map<String, List<String>> headers = new java.util.TreeMap<>();
            req.headers().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(), k -> new ArrayList<>())
                    .add(e.getValue()));
            Received r = new Received(req.method().name(), req.uri(), headers, length[0],
                    HexFormat.of().formatHex(sha.digest()));
            received.add(r);
            HttpServerResponse res = req.response();
            res.putHeader("Content-Type", "application/json");
            // headers the proxy must not pass back
            res.putHeader("Connection", "keep-alive, X-Hop-Secret");
            res.putHeader("X-Hop-Secret", "only-for-the-next-hop");
            res.putHeader("Keep-Alive", "timeout=5");
            res.putHeader("Proxy-Authenticate", "Basic realm=upstream");
            res.putHeader("X-End-To-End", "kept");
            res.end(new JsonObject().put("method", r.method()).put("uri", r.uri()).put("length", r.length())
                    .put("sha256", r.sha256()).encode());
        });
    }

    private void download(HttpServerRequest req) {
        long size = Long.parseLong(req.getParam("size"));
        boolean gated = "1".equals(req.getParam("gate"));
        HttpServerResponse res = req.response();
        res.setChunked(true);
        res.putHeader("Content-Type", "application/octet-stream");
        res.putHeader("X-Expected-Sha256", HexFormat.of().formatHex(sha256().digest(Bytes.pattern(size))));
        long[] written = {0};
        CompletableFuture<Void> myGate = gate;
        io.vertx.core.Context context = vertx.getOrCreateContext(); // the connection's event loop
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (written[0] < size && !res.writeQueueFull()) {
                if (gated && written[0] >= 1024 * 1024 && !myGate.isDone()) {
                    myGate.thenRun(() -> context.runOnContext(v -> pump[0].run()));
                    return;
                }
                int n = (int) Math.min(64 * 1024, size - written[0]);
                Buffer chunk = Buffer.buffer(Bytes.slice(written[0], n));
                written[0] += n; // before write(): it may call the drain handler, re-entering this loop
                res.write(chunk);
            }
            if (written[0] >= size) {
                res.end();
            } else {
                res.drainHandler(v -> pump[0].run());
            }
        };
        req.endHandler(v -> pump[0].run());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        gate.complete(null);
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
