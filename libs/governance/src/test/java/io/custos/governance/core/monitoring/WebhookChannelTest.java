package io.custos.governance.core.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on the loopback interface. */
class WebhookChannelTest {

    private static final String PATH = "/services/T000/B000/XyZsecretToken";
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50));

    /** One programmed answer: status, body, and how long to stall before answering. */
    private record Answer(int status, String body, long delayMillis) {
    }

    private record Received(String method, String path, Map<String, List<String>> headers, String body) {
    }

    private HttpServer server;
    private ExecutorService executor;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            Answer a = answers.poll();
            if (a == null) {
                a = new Answer(200, "ok", 0);
            }
            if (a.delayMillis > 0) {
                try {
                    Thread.sleep(a.delayMillis);
                } catch (InterruptedException e) {
                    exchange.close();
                    return;
                }
            }
            byte[] out = a.body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status, out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    private WebhookChannel channel(Duration timeout, Severity minimum, RetryPolicy retry) {
        return new WebhookChannel(url(), timeout, Map.of("Authorization", "Bearer s3cr3t-token"), minimum, retry);
    }

    @Test
    void postsTheExactSlackJson() throws IOException {
        DeliveryResult result = channel(Duration.ofSeconds(5), Severity.WARNING, FAST)
                .deliver(Fixtures.alert(Severity.CRITICAL));

        assertEquals(new DeliveryResult("webhook 127.0.0.1:" + server.getAddress().getPort(), true, 1, null),
                result);
        assertEquals(1, received.size());
        Received r = received.get(0);
        assertEquals("POST", r.method());
        assertEquals(PATH, r.path());
        assertEquals(List.of("Bearer s3cr3t-token"), r.headers().get("Authorization"));
        assertEquals(List.of("application/json; charset=utf-8"), r.headers().get("Content-type"));
        JsonNode expected = new ObjectMapper().readTree("""
                {
                  "text": "[CRITICAL] CRITICAL drift on model fraud-detector@3: 2 of 3 features drifted: age (CRITICAL, PSI 0.41), colour (WARNING, PSI 0.12)",
                  "blocks": [
                    {"type": "header",
                     "text": {"type": "plain_text", "text": "CRITICAL drift on model fraud-detector@3"}},
                    {"type": "section",
                     "text": {"type": "mrkdwn",
                              "text": "2 of 3 features drifted: age (CRITICAL, PSI 0.41), colour (WARNING, PSI 0.12)"}},
                    {"type": "section",
                     "fields": [
                       {"type": "mrkdwn", "text": "*Severity*\\nCRITICAL"},
                       {"type": "mrkdwn", "text": "*Model*\\nfraud-detector@3"},
                       {"type": "mrkdwn", "text": "*Tenant*\\nacme"},
                       {"type": "mrkdwn", "text": "*Raised at*\\n2026-03-01T12:00:00Z"},
                       {"type": "mrkdwn", "text": "*Drifted features*\\nage, colour"},
                       {"type": "mrkdwn", "text": "*Alert id*\\nalert-1"}
                     ]}
                  ]
                }
                """);
        assertEquals(expected, new ObjectMapper().readTree(r.body()));
    }

    @Test
    void retriesAfterA500ThenSucceeds() {
        answers.add(new Answer(500, "internal error", 0));

        DeliveryResult result = channel(Duration.ofSeconds(5), Severity.INFO, FAST).deliver(Fixtures.alert(
                Severity.WARNING));

        assertTrue(result.delivered());
        assertEquals(2, result.attempts());
        assertEquals(2, received.size());
        assertEquals(received.get(0).body(), received.get(1).body(), "the same alert is posted again");
    }

    @Test
    void doesNotRetryA400() {
        answers.add(new Answer(400, "invalid_payload", 0));

        DeliveryResult result = channel(Duration.ofSeconds(5), Severity.INFO, FAST).deliver(Fixtures.alert(
                Severity.WARNING));

        assertFalse(result.delivered());
        assertEquals(1, result.attempts());
        assertEquals(1, received.size());
        assertEquals("HTTP 400 from 127.0.0.1:" + server.getAddress().getPort()
                + ": invalid_payload (not retried: the request was refused)", result.error());
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        for (int i = 0; i < 3; i++) {
            answers.add(new Answer(503, "", 0));
        }

        DeliveryResult result = channel(Duration.ofSeconds(5), Severity.INFO, FAST).deliver(Fixtures.alert(
                Severity.WARNING));

        assertFalse(result.delivered());
        assertEquals(3, result.attempts());
        assertEquals(3, received.size());
        assertTrue(result.error().startsWith("HTTP 503") && result.error().endsWith("(gave up after 3 attempts)"),
                result.error());
    }

    @Test
    void reportsATimeoutAfterRetrying() {
        answers.add(new Answer(200, "late", 3_000));
        answers.add(new Answer(200, "late", 3_000));
        RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10));

        long start = System.nanoTime();
        DeliveryResult result = channel(Duration.ofMillis(200), Severity.INFO, twice)
                .deliver(Fixtures.alert(Severity.WARNING));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertFalse(result.delivered());
        assertEquals(2, result.attempts());
        assertEquals("no response within 200 ms (gave up after 2 attempts)", result.error());
        assertTrue(millis < 2_500, "each attempt is bounded by the timeout, took " + millis + " ms");
    }

    @Test
    void reportsAnUnreachableEndpoint() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        WebhookChannel channel = new WebhookChannel(URI.create("http://127.0.0.1:" + closedPort + "/hook"),
                Duration.ofSeconds(2), Map.of(), Severity.INFO, new RetryPolicy(2, Duration.ZERO, Duration.ZERO));

        DeliveryResult result = channel.deliver(Fixtures.alert(Severity.CRITICAL));

        assertFalse(result.delivered());
        assertEquals(2, result.attempts());
        assertTrue(result.error().startsWith("could not reach the webhook: ConnectException"), result.error());
    }

    @Test
    void errorsNeverCarrySecrets() {
        // A server that echoes what it was sent, as some do in their error pages.
        answers.add(new Answer(401, "bad credentials Bearer s3cr3t-token for " + PATH, 0));

        WebhookChannel channel = channel(Duration.ofSeconds(5), Severity.INFO, FAST);
        DeliveryResult result = channel.deliver(Fixtures.alert(Severity.WARNING));

        assertFalse(result.delivered());
        assertFalse(result.error().contains("s3cr3t-token"), result.error());
        assertFalse(result.error().contains("XyZsecretToken"), result.error());
        assertTrue(result.error().contains("bad credentials *** for ***"), result.error());
        assertFalse(channel.name().contains("secret"), channel.name());
        assertFalse(result.toString().contains("s3cr3t"));
    }

    @Test
    void skipsAlertsBelowItsMinimumSeverity() {
        WebhookChannel criticalOnly = channel(Duration.ofSeconds(5), Severity.CRITICAL, FAST);

        DeliveryResult skipped = criticalOnly.deliver(Fixtures.alert(Severity.WARNING));
        assertTrue(skipped.skipped());
        assertFalse(skipped.delivered());
        assertEquals(0, skipped.attempts());
        assertTrue(received.isEmpty());

        DeliveryResult delivered = criticalOnly.deliver(Fixtures.alert(Severity.CRITICAL));
        assertTrue(delivered.delivered());
        assertFalse(delivered.skipped());
        assertEquals(1, received.size());
    }

    @Test
    void refusesUrlsThatAreNotHttp() {
        for (String url : List.of("file:///etc/passwd", "ftp://example.com/hook", "mailto:ops@example.com",
                "example.com/hook", "jar:file:/x.jar!/", "https://user:pw@example.com/hook")) {
            assertThrows(IllegalArgumentException.class,
                    () -> new WebhookChannel(URI.create(url), Duration.ofSeconds(1), Map.of()), url);
        }
        new WebhookChannel(URI.create("HTTPS://hooks.slack.com/services/T/B/X"), Duration.ofSeconds(1), Map.of());
    }

    @Test
    void refusesHeadersItCannotSendWithoutEchoingTheirValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WebhookChannel(url(),
                Duration.ofSeconds(1), Map.of("Host", "secret-value")));
        assertFalse(e.getMessage().contains("secret-value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WebhookChannel(url(), Duration.ofSeconds(1),
                Map.of("Content-Type", "text/plain")));
    }

    @Test
    void longAndMarkupTextIsCutAndEscapedForSlack() {
        String title = "T".repeat(400);
        Alert alert = new Alert("a", "acme", "m<1>&co", Severity.CRITICAL, title, "x".repeat(5000), List.of(),
                Fixtures.AT);

        JsonNode body = SlackMessage.of(alert);

        String header = body.get("blocks").get(0).get("text").get("text").asText();
        assertEquals(SlackMessage.HEADER_MAX, header.length());
        assertTrue(header.endsWith("\u2026"));
        assertEquals(SlackMessage.SECTION_MAX, body.get("blocks").get(1).get("text").get("text").asText().length());
        assertEquals("*Model*\nm&lt;1&gt;&amp;co", body.get("blocks").get(2).get("fields").get(1).get("text")
                .asText());
        assertEquals("*Drifted features*\nnone", body.get("blocks").get(2).get("fields").get(4).get("text")
                .asText());
    }
}
