package io.custos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs in against a real local HTTP server that answers like the gateway. */
class LoginCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private HttpServer server;
    private String url;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/auth/login", this::login);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopGateway() {
        server.stop(0);
    }

    private void login(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        requests.add(body);
        contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
        boolean ok = "POST".equals(exchange.getRequestMethod()) && "alice".equals(body.path("username").asText())
                && "s3cret pass".equals(body.path("password").asText());
        String response;
        if (ok) {
            response = """
                    {"accessToken":"eyJ.access.token","tokenType":"Bearer","expiresIn":900,"refreshToken":"r-123"}""";
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        } else {
            response = """
                    {"type":"https://custos.io/problems/401","title":"Unauthorized","status":401,
                     "detail":"wrong user name or password"}""";
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        }
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(ok ? 200 : 401, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Map<String, String> env() {
        return Map.of("CUSTOS_HOME", tmp.resolve("home").toString());
    }

    @Test
    void aSuccessfulLoginSavesTheTokensReadableByTheOwnerOnly() throws Exception {
        Cli r = Cli.run(env(), "s3cret pass\n", "login", "--server", url + "/", "--username", "alice",
                "--password-stdin");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("logged in as alice (expires in 900 s)"), r.out());
        assertFalse(r.out().contains("s3cret") || r.err().contains("s3cret"), "the password is never printed");

        assertEquals(1, requests.size());
        assertEquals("alice", requests.get(0).path("username").asText());
        assertEquals("s3cret pass", requests.get(0).path("password").asText());
        assertEquals("application/json", contentTypes.get(0));

        Path file = tmp.resolve("home").resolve("credentials.json");
        JsonNode saved = JSON.readTree(file.toFile());
        assertEquals("eyJ.access.token", saved.path("accessToken").asText());
        assertEquals("r-123", saved.path("refreshToken").asText());
        assertEquals(900, saved.path("expiresIn").asLong());
        assertEquals(url, saved.path("server").asText());
        assertEquals("alice", saved.path("username").asText());
        assertFalse(saved.toString().contains("s3cret"), "the password is never stored");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(List.of(file), leftovers.toList(), "no temp files left behind");
        }
    }

    @Test
    void thePasswordMayComeFromTheEnvironmentAndALaterLoginReplacesTheFile() throws Exception {
        Path file = tmp.resolve("home").resolve("credentials.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"accessToken\":\"old\"}");
        Cli r = Cli.run(Map.of("CUSTOS_HOME", file.getParent().toString(), "CUSTOS_PASSWORD", "s3cret pass"), "",
                "login", "--server", url, "-u", "alice");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("eyJ.access.token", JSON.readTree(file.toFile()).path("accessToken").asText());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aRejectedLoginPrintsTheProblemDetailAndExitsOne() {
        Cli r = Cli.run(env(), "wrong\n", "login", "--server", url, "--username", "alice", "--password-stdin");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("wrong user name or password"), r.err());
        assertFalse(r.out().contains("logged in"), r.out());
        assertFalse(Files.exists(tmp.resolve("home").resolve("credentials.json")), "nothing saved");
    }

    @Test
    void anUnreachableServerOrNoPasswordIsReported() throws IOException {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli down = Cli.run(env(), "x\n", "login", "--server", "http://127.0.0.1:" + port, "--username", "alice",
                "--password-stdin");
        assertEquals(1, down.exitCode());
        assertTrue(down.err().contains("cannot connect"), down.err());

        Cli empty = Cli.run(env(), "", "login", "--server", url, "--username", "alice", "--password-stdin");
        assertEquals(2, empty.exitCode());
        assertTrue(empty.err().contains("standard input is empty"), empty.err());
        assertTrue(requests.isEmpty(), "nothing was sent without a password");
    }
}
