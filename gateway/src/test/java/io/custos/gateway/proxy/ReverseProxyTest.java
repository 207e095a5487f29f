package io.custos.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.gateway.support.Bytes;
import io.custos.gateway.support.FakeService;
import io.custos.gateway.support.RawHttp;
import io.custos.gateway.support.UpstreamPorts;
import io.custos.testsupport.CustosTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamPorts.class, restrictToAnnotatedClass = false)
class ReverseProxyTest {

    private static final int MIB = 1024 * 1024;
    private static final long MAX_BODY = 8L * MIB; // %test.custos.gateway.proxy.max-body-size

    private static Vertx vertx;
    private static FakeService privacy;
    private static HttpClient client;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeAll
    static void startService() throws Exception {
        vertx = Vertx.vertx();
        privacy = FakeService.forRoute(vertx, "privacy");
        client = vertx.createHttpClient();
    }

    @AfterAll
    static void stopService() throws Exception {
        privacy.close();
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void clear() {
        privacy.reset();
    }

    private RequestOptions to(HttpMethod method, String uri) {
        return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(gateway.getPort()).setURI(uri);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void streamsALargeRequestBodyToTheServiceAsItArrives() throws Exception {
        int size = 6 * MIB;
        byte[] data = Bytes.pattern(size);
        HttpClientRequest request = client.request(to(HttpMethod.POST, "/api/privacy/gated-upload?run=1"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        request.setChunked(true);
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        request.response().compose(HttpClientResponse::body)
                .onSuccess(b -> answer.complete(b.toJsonObject())).onFailure(answer::completeExceptionally);

        request.write(Buffer.buffer(java.util.Arrays.copyOfRange(data, 0, MIB)));
        // the service sees the first bytes while the client has not finished: nothing is buffered whole
        await("the first MiB to reach the service", () -> privacy.bytesSoFar() > 0);
        assertTrue(privacy.received().isEmpty(), "the service already got the whole request");
        request.end(Buffer.buffer(java.util.Arrays.copyOfRange(data, MIB, size)));

        JsonObject echoed = answer.get(30, TimeUnit.SECONDS);
        assertEquals(size, echoed.getLong("length"));
        assertEquals(Bytes.sha256(data), echoed.getString("sha256"));
        assertEquals("chunked", privacy.last().header("transfer-encoding"));
    }

    @Test
    void forwardsABodyWithContentLengthIntact() {
        byte[] data = Bytes.pattern(5 * MIB);
        given().contentType("application/octet-stream").body(data)
                .post("/api/privacy/echo")
                .then().statusCode(200)
                .body("length", equalTo(5 * MIB))
                .body("sha256", equalTo(Bytes.sha256(data)));
        assertEquals(String.valueOf(5 * MIB), privacy.last().header("content-length"));
    }

    @Test
    void streamsALargeResponseToTheClientAsItArrives() throws Exception {
        long size = 6L * MIB;
        AtomicLong got = new AtomicLong();
        AtomicLong firstWrong = new AtomicLong(-1);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        CompletableFuture<String> expected = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        client.request(to(HttpMethod.GET, "/api/privacy/download?size=" + size + "&gate=1"))
                .compose(HttpClientRequest::send)
                .onSuccess(response -> {
                    expected.complete(response.getHeader("X-Expected-Sha256"));
                    response.handler(b -> {
                        byte[] bytes = b.getBytes();
                        synchronized (sha) {
                            sha.update(bytes);
                        }
                        long offset = got.get();
                        for (int i = 0; i < bytes.length && firstWrong.get() < 0; i++) {
                            if (bytes[i] != Bytes.at(offset + i)) {
                                firstWrong.set(offset + i);
                            }
                        }
                        got.addAndGet(bytes.length);
                    });
                    response.endHandler(v -> done.complete(null));
                    response.exceptionHandler(done::completeExceptionally);
                })
                .onFailure(done::completeExceptionally);

        // the service holds back everything after the first MiB until the client has some of it
        await("the first bytes to reach the client", () -> got.get() > 0);
        assertTrue(got.get() <= MIB, "more than the service sent");
        privacy.openGate();
        done.get(30, TimeUnit.SECONDS);
        assertEquals(size, got.get());
        assertEquals(-1, firstWrong.get(), "first wrong byte");
        assertEquals(expected.get(), HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    void stripsHopByHopAndIdentityHeadersAndKeepsAuthorizationTraceAndQuery() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String head = String.join("\r\n",
                "POST /api/privacy/echo?a=1&b=two%20words&a=3 HTTP/1.1",
                "Host: gateway.example:8443",
                "Content-Type: application/json",
                "Content-Length: 2",
                "Connection: close, X-Custom-Hop",
                "X-Custom-Hop: must-not-pass",
                "Keep-Alive: timeout=100",
                "TE: trailers",
                "Trailer: X-Checksum",
                "Upgrade: foo/1",
                "Proxy-Authorization: Basic c2VjcmV0",
                "Authorization: Bearer the-users-jwt",
                "traceparent: 00-" + traceId + "-00f067aa0ba902b7-01",
                "tracestate: vendor=value",
                "X-Request-Id: req-12345",
                "X-Forwarded-User: admin",
                "X-Forwarded-Email: admin@example.com",
                "X-Forwarded-Groups: admin",
                "X-Remote-User: admin",
                "Remote-User: admin",
                "X-User: admin",
                "X-User-Id: 1",
                "X-Tenant: other-tenant",
                "X-Tenant-Id: other-tenant",
                "X-Roles: admin",
                "X-Groups: admin",
                "X-Auth-Request-User: admin",
                "X-Auth-Request-Email: admin@example.com",
                "X-Forwarded-For: 6.6.6.6",
                "X-Forwarded-Host: evil.example",
                "X-Forwarded-Proto: https",
                "Forwarded: for=6.6.6.6",
                "X-End-To-End-Request: kept");
        RawHttp.Response response = RawHttp.exchange(gateway.getPort(), head, "{}".getBytes());
        assertEquals(200, response.status(), response.text());

        FakeService.Received r = privacy.last();
        assertEquals("POST", r.method());
        assertEquals("/api/privacy/echo?a=1&b=two%20words&a=3", r.uri(), "path and query forwarded unchanged");
        assertEquals(2, r.length());
        for (String stripped : new String[] {"x-custom-hop", "keep-alive", "te", "trailer", "upgrade",
                "proxy-authorization", "x-forwarded-user", "x-forwarded-email", "x-forwarded-groups", "x-remote-user",
                "remote-user", "x-user", "x-user-id", "x-tenant", "x-tenant-id", "x-roles", "x-groups",
                "x-auth-request-user", "x-auth-request-email", "forwarded"}) {
            assertNull(r.header(stripped), stripped + " reached the service: " + r.headers());
        }
        String connection = r.header("connection");
        assertTrue(connection == null || !connection.toLowerCase().contains("x-custom-hop"), connection);
        assertEquals("Bearer the-users-jwt", r.header("authorization"));
        assertEquals("kept", r.header("x-end-to-end-request"));
        assertEquals("req-12345", r.header("x-request-id"));
        assertEquals("127.0.0.1", r.header("x-forwarded-for"));
        assertEquals("gateway.example:8443", r.header("x-forwarded-host"));
        assertEquals("http", r.header("x-forwarded-proto"));
        assertEquals(1, r.headers().get("x-forwarded-for").size());
        String traceparent = r.header("traceparent");
        assertNotNull(traceparent, "trace context must cross the proxy");
        assertEquals(traceId, traceparent.split("-")[1], "same trace");
        assertEquals("vendor=value", r.header("tracestate"));

        // and back: the service's hop-by-hop headers stay behind
        assertNull(response.header("x-hop-secret"), response.headers().toString());
        assertNull(response.header("keep-alive"));
        assertNull(response.header("proxy-authenticate"));
        assertEquals("kept", response.header("x-end-to-end"));
        assertEquals("req-12345", response.header("x-request-id"));
    }

    @Test
    void addsARequestIdWhenThereIsNone() {
        String id = given().get("/api/privacy/echo").then().statusCode(200).extract().header("X-Request-Id");
        assertNotNull(id);
        assertEquals(id, privacy.last().header("x-request-id"));
        given().get("/governance/").then().statusCode(502); // governance is down in these tests
    }

    @Test
    void aBodyDeclaredOverTheLimitIs413BeforeTheServiceIsContacted() {
        long hits = privacy.hits();
        byte[] body = new byte[(int) MAX_BODY + 1];
        given().contentType("application/octet-stream").body(body).post("/api/privacy/echo")
                .then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("detail", containsString(String.valueOf(MAX_BODY)))
                .body("instance", equalTo("/api/privacy/echo"));
        assertEquals(hits, privacy.hits(), "the service was contacted");

        RawHttp.Response raw = RawHttp.exchange(gateway.getPort(), String.join("\r\n",
                "PUT /api/privacy/echo HTTP/1.1", "Host: x", "Content-Length: 99999999999",
                "Expect: 100-continue"), null);
        assertEquals(413, raw.status());
        assertEquals(hits, privacy.hits());
    }

    @Test
    void aChunkedBodyGrowingOverTheLimitIs413AndTheServiceRequestIsReset() throws Exception {
        HttpClientRequest request = client.request(to(HttpMethod.POST, "/api/privacy/echo?oversized=1"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        request.setChunked(true);
        CompletableFuture<HttpClientResponse> response = new CompletableFuture<>();
        CompletableFuture<Buffer> body = new CompletableFuture<>();
        request.response().onSuccess(r -> {
            response.complete(r);
            r.body().onSuccess(body::complete).onFailure(body::completeExceptionally);
        }).onFailure(response::completeExceptionally);
        for (long sent = 0; sent < MAX_BODY + 2 * MIB; sent += MIB) {
            request.write(Buffer.buffer(Bytes.slice(sent, MIB)));
        }
        request.end();

        HttpClientResponse r = response.get(30, TimeUnit.SECONDS);
        assertEquals(413, r.statusCode());
        assertEquals("application/problem+json", r.getHeader("Content-Type"));
        assertEquals(413, body.get(30, TimeUnit.SECONDS).toJsonObject().getInteger("status"));
        await("the service to have seen the start of the request", () -> privacy.bytesSoFar() > 0);
        Thread.sleep(300);
        assertTrue(privacy.received().stream().noneMatch(x -> x.uri().contains("oversized")),
                "the service received a complete request");
    }

    @Test
    void aSlowServiceIs504() {
        long start = System.nanoTime();
        given().get("/api/privacy/slow").then().statusCode(504).contentType("application/problem+json")
                .body("status", equalTo(504))
                .body("detail", containsString("privacy"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 1900 && ms < 15_000, "took " + ms + " ms with a 2 s response timeout");
    }

    @Test
    void aServiceThatIsDownIs502NamingOnlyTheService() {
        String port = String.valueOf(FakeService.routePort("packaging"));
        String body = given().get("/api/packaging/bundles?x=1").then().statusCode(502)
                .contentType("application/problem+json")
                .body("status", equalTo(502))
                .body("title", equalTo("Bad gateway"))
                .body("detail", containsString("packaging"))
                .body("instance", equalTo("/api/packaging/bundles"))
                .extract().asString();
        assertFalse(body.contains("127.0.0.1"), body);
        assertFalse(body.contains(port), body);
        given().contentType("application/json").body("{\"a\":1}").post("/api/packaging/bundles")
                .then().statusCode(502).contentType("application/problem+json");
    }

    @Test
    void dotSegmentsNeverClimbOutOfAServicePrefix() {
        // normalized to /api/privacy/echo: routed to the proxy, which refuses the raw path
        RawHttp.Response r = RawHttp.exchange(gateway.getPort(), String.join("\r\n",
                "GET /api/governance/../privacy/echo HTTP/1.1", "Host: x", "Connection: close"), null);
        assertEquals(400, r.status(), r.text());
        assertEquals("application/problem+json", r.header("content-type"));
        // normalized to /api/admin/users: the gateway's own endpoint answers (and wants a token)
        RawHttp.Response r2 = RawHttp.exchange(gateway.getPort(), String.join("\r\n",
                "GET /api/privacy/%2e%2e/admin/users HTTP/1.1", "Host: x", "Connection: close"), null);
        assertEquals(401, r2.status(), r2.text());
        assertTrue(privacy.received().isEmpty(), "a dot-segment path reached the service");
    }

    @Test
    void expectContinueIsAnsweredByTheGatewayAndNotForwarded() {
        RawHttp.Response r = RawHttp.exchange(gateway.getPort(), String.join("\r\n",
                "POST /api/privacy/echo HTTP/1.1", "Host: x", "Content-Type: application/json", "Content-Length: 2",
                "Expect: 100-continue", "Connection: close"), "{}".getBytes());
        assertEquals(200, r.status(), r.text());
        assertEquals(2, privacy.last().length());
        assertNull(privacy.last().header("expect"));
    }

    @Test
    void proxiedPathsAreGroupedInTheHttpMetrics() {
        given().get("/api/privacy/echo/" + java.util.UUID.randomUUID()).then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("uri=\"/api/privacy/{path}\""), "no grouped proxy series in /q/metrics");
        assertFalse(metrics.contains("uri=\"/api/privacy/echo"), "one series per proxied path");
    }

    @Test
    void oversizedBodiesForTheGatewaysOwnEndpointsAre413ProblemJson() {
        given().contentType("application/json").body(new byte[2 * MIB]).post("/api/auth/login")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
    }

    @Test
    void gatewayEndpointsAreNotProxied() {
        given().get("/api/privacyx").then().statusCode(404).body(not(containsString("privacy service")));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
