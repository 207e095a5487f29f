package io.custos.federated.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real local HTTP server answering the federated-learning paths with canned answers shaped like
 * the contract (docs/federated-learning.md): each test says what a path answers; nothing here
 * implements the server's logic. Records every request it gets.
 */
final class CannedGateway implements AutoCloseable {

    /** One request as received. */
    record Request(String method, String path, String authorization, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One answer. */
    record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Reply json(int status, String json) {
            return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Reply problem(int status, String reason, String detail) {
            String json = "{\"type\":\"about:blank\",\"title\":\"refused\",\"status\":" + status + ",\"detail\":\""
                    + detail + "\"" + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}";
            return new Reply(status, "application/problem+json", json.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        Reply withHeader(String name, String value) {
            Map<String, String> h = new java.util.HashMap<>(headers);
            h.put(name, value);
            return new Reply(status, contentType, body, Map.copyOf(h));
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Reply>> routes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    CannedGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What {@code METHOD path} answers from now on. */
    CannedGateway on(String method, String path, Function<Request, Reply> reply) {
        routes.put(method + " " + path, reply);
        return this;
    }

    /** The usual token endpoint: token {@code t1}, valid 900 s. */
    CannedGateway withToken() {
        return on("POST", "/api/auth/token", r -> Reply.json(200, "{\"accessToken\":\"t1\",\"expiresIn\":900}"));
    }

    List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestBody().readAllBytes());
            requests.add(request);
            Function<Request, Reply> route = routes.get(request.method() + " " + request.path());
            Reply reply = route == null ? Reply.problem(404, null, "no route " + request.path()) : route.apply(request);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                exchange.getResponseBody().write(reply.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
