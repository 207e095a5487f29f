package io.custos.governance.core.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AlertDispatcherTest {

    /** A channel whose own code is broken: the dispatcher must carry on past it. */
    private static final class BrokenChannel implements AlertChannel {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public Severity minimumSeverity() {
            return Severity.INFO;
        }

        @Override
        public DeliveryResult deliver(Alert alert) {
            throw new IllegalStateException("password=hunter22");
        }
    }

    @Test
    void everyChannelGetsItsChanceAndItsFilter() throws IOException {
        AtomicInteger posts = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            posts.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
            WebhookChannel chat = new WebhookChannel(url, Duration.ofSeconds(5), Map.of(), Severity.WARNING,
                    RetryPolicy.none());
            WebhookChannel pager = new WebhookChannel(url, Duration.ofSeconds(5), Map.of(), Severity.CRITICAL,
                    RetryPolicy.none());
            AlertDispatcher dispatcher = new AlertDispatcher(List.of(new BrokenChannel(), chat, pager));

            List<DeliveryResult> results = dispatcher.dispatch(Fixtures.alert(Severity.WARNING));

            assertEquals(3, results.size());
            assertEquals(new DeliveryResult("broken", false, 1, "unexpected IllegalStateException in the channel"),
                    results.get(0));
            assertTrue(results.get(1).delivered());
            assertTrue(results.get(2).skipped());
            assertEquals(1, posts.get());
            assertFalse(results.toString().contains("hunter22"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void alertsAreWellFormed() {
        assertThrows(MonitoringInputException.class, () -> new Alert("a", "t", "m", Severity.NONE, "x", "y",
                List.of(), Fixtures.AT));
        assertThrows(MonitoringInputException.class, () -> new Alert("a", " ", "m", Severity.INFO, "x", "y",
                List.of(), Fixtures.AT));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryResult("c", true, 1, "boom"));
        assertEquals(Duration.ofMillis(400),
                new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(500)).backoffAfter(3));
        assertEquals(Duration.ofMillis(500),
                new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(500)).backoffAfter(5));
    }
}
