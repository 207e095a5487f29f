package io.custos.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Points the gateway's routes at free local ports. The tests start fake services on the ports of
 * privacy and federated when they need them; packaging and governance have nobody listening
 * (a service that is down).
 */
public class UpstreamPorts implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "custos.gateway.routes.privacy", "http://127.0.0.1:" + freePort(),
                "custos.gateway.routes.federated", "http://127.0.0.1:" + freePort(),
                "custos.gateway.routes.packaging", "http://127.0.0.1:" + freePort(),
                "custos.gateway.routes.governance", "http://127.0.0.1:" + freePort());
    }

    @Override
    public void stop() {
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
