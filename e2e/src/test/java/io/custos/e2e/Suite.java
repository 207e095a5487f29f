package io.custos.e2e;

import io.custos.testsupport.KafkaBroker;
import io.custos.testsupport.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole suite as {@code make run} starts it: {@code deploy/run-suite.sh} launching the
 * packaged jars, here on free ports, against the test database and this JVM's broker.
 */
final class Suite implements AutoCloseable {

    static final String ADMIN = "root";
    static final String ADMIN_PASSWORD = "e2e-admin-password-42";

    final Path root;
    final Path runDir;
    final Path keysDir;
    final int gatewayPort;
    final KafkaBroker broker;
    private final Map<String, String> env;

    private Suite(Path root, Path runDir, Path keysDir, KafkaBroker broker, Map<String, String> env, int gatewayPort) {
        this.root = root;
        this.runDir = runDir;
        this.keysDir = keysDir;
        this.broker = broker;
        this.env = env;
        this.gatewayPort = gatewayPort;
    }

    /**
     * The suite every end-to-end class of this test run drives: started by the first class that
     * asks (through {@link Shared}) and stopped when the whole run ends (JUnit closes the
     * AutoCloseable values of its root store), so the jars start once per {@code mvn verify}, not
     * once per class. Each class works in names and tenants of its own.
     */
    static final class Shared implements BeforeAllCallback {

        private Suite suite;

        @Override
        public void beforeAll(ExtensionContext context) {
            suite = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(Suite.class, k -> {
                        try {
                            return start();
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new IllegalStateException("the suite did not start: " + e.getMessage(), e);
                        }
                    }, Suite.class);
        }

        Suite suite() {
            if (suite == null) {
                throw new IllegalStateException("the suite is started before the class's @BeforeAll methods");
            }
            return suite;
        }
    }

    static Suite start() throws Exception {
        Path root = Path.of(System.getProperty("custos.root", "..")).toAbsolutePath().normalize();
        for (String module : List.of("gateway", "privacy-service", "federation-service", "packaging-service",
                "governance-service")) {
            Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: the end-to-end test runs after `mvn verify` "
                        + "has packaged every service (use `make test`)");
            }
        }
        for (String schema : List.of("gateway", "privacy", "federation", "packaging", "governance")) {
            TestDatabase.recreateSchema(schema);
        }
        KafkaBroker broker = KafkaBroker.shared();
        Path runDir = Files.createTempDirectory("custos-e2e-run-");
        Path keysDir = Files.createTempDirectory("custos-e2e-keys-");
        Files.delete(keysDir); // run-suite.sh creates the keys the way make run does
        int gateway = freePort();
        Map<String, String> env = Map.ofEntries(
                Map.entry("CUSTOS_RUN_DIR", runDir.toString()),
                Map.entry("CUSTOS_KEYS_DIR", keysDir.toString()),
                Map.entry("CUSTOS_DB_URL", TestDatabase.url()),
                Map.entry("CUSTOS_DB_USER", TestDatabase.user()),
                Map.entry("CUSTOS_DB_PASSWORD", TestDatabase.password()),
                Map.entry("CUSTOS_KAFKA_BOOTSTRAP", broker.bootstrapServers()),
                Map.entry("CUSTOS_GATEWAY_PORT", String.valueOf(gateway)),
                Map.entry("CUSTOS_PRIVACY_PORT", String.valueOf(freePort())),
                Map.entry("CUSTOS_FEDERATION_PORT", String.valueOf(freePort())),
                Map.entry("CUSTOS_PACKAGING_PORT", String.valueOf(freePort())),
                Map.entry("CUSTOS_GOVERNANCE_PORT", String.valueOf(freePort())),
                Map.entry("CUSTOS_ADMIN_USERNAME", ADMIN),
                Map.entry("CUSTOS_ADMIN_PASSWORD", ADMIN_PASSWORD));
        Suite suite = new Suite(root, runDir, keysDir, broker, env, gateway);
        try {
            suite.script("start", 300);
        } catch (Exception e) {
            String logs = suite.logs();
            suite.close();
            throw new IllegalStateException("the suite did not start: " + e.getMessage() + "\n" + logs, e);
        }
        return suite;
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    Path gatewayPrivateKey() {
        return keysDir.resolve("gateway-private.pem");
    }

    @Override
    public void close() {
        try {
            script("stop", 120);
        } catch (Exception e) {
            System.err.println("stopping the suite failed: " + e);
        }
    }

    private void script(String command, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("deploy/run-suite.sh").toString(), command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("run-suite.out").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("run-suite.sh " + command + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("run-suite.sh " + command + " exited " + p.exitValue() + ": "
                    + Files.readString(runDir.resolve("run-suite.out")));
        }
    }

    String logs() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".out")).toList()) {
                String s = Files.readString(f);
                sb.append("==== ").append(f.getFileName()).append('\n')
                        .append(s.length() > 6000 ? s.substring(s.length() - 6000) : s).append('\n');
            }
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
