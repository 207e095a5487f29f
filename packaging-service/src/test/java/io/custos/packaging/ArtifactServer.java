package io.custos.packaging;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for privacy-service's model download endpoint (the end-to-end test uses the real
 * one): serves artifacts registered by the test and records the Authorization it received.
 */
public class ArtifactServer implements QuarkusTestResourceLifecycleManager {

    static final Map<String, byte[]> ARTIFACTS = new ConcurrentHashMap<>();
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    static volatile String baseUrl;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/privacy/training-jobs/", exchange -> {
            AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = ARTIFACTS.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("custos.services.privacy-url", baseUrl);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
