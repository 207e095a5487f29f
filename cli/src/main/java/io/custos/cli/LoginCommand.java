package io.custos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Logs in through the gateway and keeps the tokens in {@code ~/.custos/credentials.json} (rw-------). */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in to a Custos gateway and save the tokens.",
            "The tokens go to $CUSTOS_HOME/credentials.json (default ~/.custos/credentials.json),",
            "readable by you only.",
            "The password comes from standard input with --password-stdin, else from the environment",
            "variable CUSTOS_PASSWORD, else from a prompt (not echoed)."})
class LoginCommand implements Callable<Integer> {

    static final String CREDENTIALS = "credentials.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @ParentCommand
    CustosCli cli;

    @Option(names = "--server", required = true, paramLabel = "URL",
            description = "Gateway base URL, e.g. http://localhost:8080")
    String server;

    @Option(names = {"--username", "-u"}, required = true, paramLabel = "U", description = "User name.")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from standard input (first line).")
    boolean passwordStdin;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        URI base;
        try {
            base = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
        } catch (IllegalArgumentException e) {
            err.println("error: --server " + server + " is not a URL: " + e.getMessage());
            return CustosCli.USAGE;
        }
        if ((!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) || base.getHost() == null) {
            err.println("error: --server must be an http:// or https:// URL with a host, e.g. http://localhost:8080");
            return CustosCli.USAGE;
        }
        String password = password(err);
        if (password == null) {
            return CustosCli.USAGE;
        }
        if ("http".equals(base.getScheme()) && !isLoopback(base.getHost())) {
            err.println("warning: " + base + " is plain http; your password crosses the network unencrypted");
        }

        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", "custos-cli/" + CustosCli.version())
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.min(timeoutSeconds, 10)))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            err.println("login failed: cannot connect to " + base + " (is the gateway running?)");
            return CustosCli.FAILURE;
        } catch (HttpTimeoutException e) {
            err.println("login failed: " + base + " did not answer within " + timeoutSeconds + " s");
            return CustosCli.FAILURE;
        } catch (IOException e) {
            err.println("login failed: " + base + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return CustosCli.FAILURE;
        }

        if (response.statusCode() != 200) {
            err.println("login failed: " + problemDetail(response));
            return CustosCli.FAILURE;
        }
        JsonNode tokens;
        try {
            tokens = JSON.readTree(response.body());
        } catch (IOException e) {
            tokens = null;
        }
        if (tokens == null || !tokens.hasNonNull("accessToken") || tokens.path("accessToken").asText().isBlank()) {
            err.println("login failed: " + base + " answered 200 without an accessToken; is it a Custos gateway?");
            return CustosCli.FAILURE;
        }
        long expiresIn = tokens.path("expiresIn").asLong(0);

        ObjectNode credentials = JSON.createObjectNode();
        credentials.put("server", base.toString());
        credentials.put("username", username);
        credentials.put("accessToken", tokens.path("accessToken").asText());
        if (tokens.hasNonNull("refreshToken")) {
            credentials.put("refreshToken", tokens.path("refreshToken").asText());
        }
        credentials.put("tokenType", tokens.path("tokenType").asText("Bearer"));
        credentials.put("expiresIn", expiresIn);
        credentials.put("obtainedAt", Instant.now().toString());
        Path file = save(credentials);

        out.println("logged in as " + username + " (expires in " + expiresIn + " s)");
        out.println("credentials saved to " + file);
        return CustosCli.OK;
    }

    /** From stdin, CUSTOS_PASSWORD or the console, in that order; null (after saying why) if none. */
    private String password(PrintWriter err) throws IOException {
        if (passwordStdin) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(cli.stdin(), StandardCharsets.UTF_8));
            String line = reader.readLine();
            if (line == null || line.isEmpty()) {
                err.println("error: --password-stdin given but standard input is empty");
                return null;
            }
            return line;
        }
        String fromEnv = cli.env("CUSTOS_PASSWORD");
        if (fromEnv != null) {
            return fromEnv;
        }
        Console console = System.console();
        if (console == null) {
            err.println("error: no password: pipe it with --password-stdin, set CUSTOS_PASSWORD, or run in a terminal");
            return null;
        }
        char[] typed = console.readPassword("Password for %s: ", username);
        if (typed == null || typed.length == 0) {
            err.println("error: no password given");
            return null;
        }
        return new String(typed);
    }

    /** The problem+json {@code detail} (or title), else the status and the start of the body. */
    static String problemDetail(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body();
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem != null && problem.hasNonNull("detail")) {
                return problem.get("detail").asText();
            }
            if (problem != null && problem.hasNonNull("title")) {
                return problem.get("title").asText() + " (HTTP " + response.statusCode() + ")";
            }
        } catch (IOException e) {
            // not JSON; fall through
        }
        String snippet = body.strip();
        if (snippet.length() > 200) {
            snippet = snippet.substring(0, 200) + "...";
        }
        return "HTTP " + response.statusCode() + (snippet.isEmpty() ? "" : ": " + snippet);
    }

    /** Writes the file atomically, created rw------- from the start (never briefly world-readable). */
    private Path save(ObjectNode credentials) throws IOException {
        Path dir = cli.home();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        Path file = dir.resolve(CREDENTIALS);
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, ".credentials-", ".tmp", attrs);
        try {
            Files.write(tmp, JSON.writeValueAsBytes(credentials));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (posix) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }
}
