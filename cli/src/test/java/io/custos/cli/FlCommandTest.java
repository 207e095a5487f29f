package io.custos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.custos.crypto.Ed25519PrivateKey;
import io.custos.crypto.Ed25519PublicKey;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code custos fl}: the key, and everything join checks before it talks to a server. */
class FlCommandTest {

    @TempDir
    Path tmp;

    private Path key;
    private Path csv;
    private String server;

    @BeforeEach
    void files() throws Exception {
        key = tmp.resolve("client.key");
        Files.writeString(key, Ed25519PrivateKey.generate().toPem());
        csv = tmp.resolve("ward.csv");
        Files.writeString(csv, "age,sex,income\n39,Male,small\n50,Female,large\n");
        try (ServerSocket s = new ServerSocket(0)) { // a port nothing listens on
            server = "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    /** join with valid arguments, then {@code changes} (option, value or null to drop the option). */
    private Cli join(Map<String, String> env, String... changes) {
        java.util.LinkedHashMap<String, String> options = new java.util.LinkedHashMap<>();
        options.put("--server", server);
        options.put("--api-key", "ck_test");
        options.put("--key", key.toString());
        options.put("--data", csv.toString());
        options.put("--federation", "fed-1");
        options.put("--max-retries", "0");
        options.put("--timeout", "2");
        for (int i = 0; i < changes.length; i += 2) {
            if (changes[i + 1] == null) {
                options.remove(changes[i]);
            } else {
                options.put(changes[i], changes[i + 1]);
            }
        }
        List<String> args = new ArrayList<>(List.of("fl", "join"));
        options.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return Cli.run(env, "", args.toArray(String[]::new));
    }

    private Cli join(String... changes) {
        return join(Map.of(), changes);
    }

    @Test
    void validArgumentsGetAsFarAsTheServer() {
        Cli r = join();
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("no answer from " + server) && r.err().contains("1 attempt(s)"), r.err());
        assertFalse(r.err().contains("ck_test"), "the API key is never printed");

        Cli fromEnv = join(Map.of("CUSTOS_API_KEY", "ck_env"), "--api-key", null);
        assertEquals(1, fromEnv.exitCode(), "the key may come from the environment: " + fromEnv.err());
        assertTrue(fromEnv.err().contains("no answer"), fromEnv.err());
    }

    @Test
    void aBadServerUrlIsAUsageError() {
        for (String url : new String[] {"ftp://example.org", "example.org", "http://exa mple.org"}) {
            Cli r = join("--server", url);
            assertEquals(2, r.exitCode(), url);
            assertTrue(r.err().contains("--server"), r.err());
        }
    }

    @Test
    void missingOrUnreadableFilesAreUsageErrors() throws Exception {
        Cli noKey = join("--key", tmp.resolve("nope.key").toString());
        assertEquals(2, noKey.exitCode());
        assertTrue(noKey.err().contains("--key: no such file") && noKey.err().contains("nope.key"), noKey.err());

        Cli noData = join("--data", tmp.resolve("nope.csv").toString());
        assertEquals(2, noData.exitCode());
        assertTrue(noData.err().contains("--data: no such file"), noData.err());

        Cli dir = join("--data", tmp.toString());
        assertEquals(2, dir.exitCode());
        assertTrue(dir.err().contains("is not a regular file"), dir.err());
    }

    @Test
    void anUnreadableKeyIsAUsageError() throws Exception {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("-w-------"));
        assumeFalse(Files.isReadable(key), "root reads every file");
        Cli unreadable = join();
        assertEquals(2, unreadable.exitCode());
        assertTrue(unreadable.err().contains("--key: " + key + " is not readable"), unreadable.err());
    }

    @Test
    void filesWithTheWrongContentFail() throws Exception {
        Path notAKey = tmp.resolve("id_rsa");
        Files.writeString(notAKey, "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        Cli wrongKey = join("--key", notAKey.toString());
        assertEquals(1, wrongKey.exitCode());
        assertTrue(wrongKey.err().contains("is not an Ed25519 private key PEM"), wrongKey.err());

        Path ragged = tmp.resolve("ragged.csv");
        Files.writeString(ragged, "age,sex,income\n39,Male\n");
        Cli badCsv = join("--data", ragged.toString());
        assertEquals(1, badCsv.exitCode());
        assertTrue(badCsv.err().contains("--data " + ragged) && badCsv.err().contains("line"), badCsv.err());
    }

    @Test
    void optionsOutOfRangeAreUsageErrors() {
        String[][] cases = {
            {"--local-noise-multiplier", "1.1"}, // without --local-clip
            {"--local-clip", "1.0"},
            {"--api-key", null},
            {"--federation", " "},
            {"--poll-seconds", "0"},
            {"--max-retries", "-1"},
            {"--timeout", "0"},
            {"--local-delta", "1"},
        };
        for (String[] c : cases) {
            Cli r = join(c);
            assertEquals(2, r.exitCode(), String.join(" ", c) + ": " + r.err());
        }
        Cli both = join("--local-noise-multiplier", "0", "--local-clip", "1");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("noise multiplier must be positive"), both.err());
        assertTrue(join("--local-clip", "1").err().contains("needs both"));
        assertTrue(join("--api-key", null).err().contains("CUSTOS_API_KEY"));
        assertEquals(2, join("--federation", null).exitCode(), "required");
    }

    @Test
    void anUnusableStateFileIsAUsageErrorBeforeAnyRequest() throws Exception {
        Path bad = tmp.resolve("site-state.json");
        Files.writeString(bad, "{\"format\":\"something-else/v9\"}");
        Cli r = join("--state", bad.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("site state " + bad) && r.err().contains("unknown format 'something-else/v9'"),
                r.err());
        assertFalse(r.err().contains("no answer"), "refused before talking to the server: " + r.err());

        Files.writeString(bad, "{\"format\":\"custos-fl-site-state/v1\",\"federationId\":\"fed-2\",\"clientId\":\"c-1\"}");
        Cli other = join("--state", bad.toString());
        assertEquals(2, other.exitCode(), other.err());
        assertTrue(other.err().contains(bad.toString()) && other.err().contains("fed-2"), other.err());

        Cli dir = join("--state", tmp.toString());
        assertEquals(2, dir.exitCode(), dir.err());
        assertTrue(dir.err().contains("--state") && dir.err().contains("is a directory"), dir.err());

        // The default is $CUSTOS_HOME/fl/<federation>-<key id>.json: one state per federation and site key.
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("fl"));
        String keyId = io.custos.crypto.Ed25519PrivateKey.fromPem(Files.readString(key)).publicKey().keyId()
                .substring("ed25519:".length());
        Path defaultState = home.resolve("fl/fed-1-" + keyId + ".json");
        Files.writeString(defaultState, "not json");
        Cli byDefault = join(Map.of("CUSTOS_HOME", home.toString()));
        assertEquals(2, byDefault.exitCode(), byDefault.err());
        assertTrue(byDefault.err().contains("site state " + defaultState), byDefault.err());

        Cli unsafeName = join(Map.of("CUSTOS_HOME", home.toString()), "--federation", "../fed-1");
        assertEquals(2, unsafeName.exitCode(), unsafeName.err());
        assertTrue(unsafeName.err().contains("pass --state"), unsafeName.err());
    }

    @Test
    void keygenWritesAKeyPairThatJoinAcceptsAndKeepsAnExistingOne() throws Exception {
        Path out = tmp.resolve("site").resolve("client.key");
        Cli r = Cli.run("fl", "keygen", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Path pub = tmp.resolve("site").resolve("client.pub");
        Ed25519PrivateKey privateKey = Ed25519PrivateKey.fromPem(Files.readString(out));
        Ed25519PublicKey publicKey = Ed25519PublicKey.parse(Files.readString(pub));
        assertEquals(privateKey.publicKey(), publicKey);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertTrue(r.out().contains(publicKey.keyId()) && r.out().contains("BEGIN PUBLIC KEY"), r.out());

        Cli again = Cli.run("fl", "keygen", "--out", out.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("exists"), again.err());
        assertEquals(privateKey.publicKey(), Ed25519PrivateKey.fromPem(Files.readString(out)).publicKey(), "kept");
        assertEquals(0, Cli.run("fl", "keygen", "--out", out.toString(), "--force").exitCode());
        assertFalse(privateKey.publicKey().equals(Ed25519PrivateKey.fromPem(Files.readString(out)).publicKey()));

        Cli joinWithIt = join("--key", out.toString());
        assertEquals(1, joinWithIt.exitCode());
        assertTrue(joinWithIt.err().contains("no answer"), "the key was accepted: " + joinWithIt.err());
    }

    @Test
    void theGroupShowsItsCommands() {
        Cli group = Cli.run("fl");
        assertEquals(2, group.exitCode());
        assertTrue(group.err().contains("join") && group.err().contains("keygen"), group.err());
        Cli help = Cli.run("fl", "join", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--local-noise-multiplier") && help.out().contains("CUSTOS_API_KEY"), help.out());
        assertTrue(Cli.run("--help").out().contains("fl"));
    }
}
