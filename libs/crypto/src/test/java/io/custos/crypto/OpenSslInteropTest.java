package io.custos.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM and signatures against the openssl binary; skipped when there is none (or it predates Ed25519). */
class OpenSslInteropTest {

    private static final byte[] MESSAGE = "DSSEv1 4 type 7 payload".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    @BeforeAll
    static void requireOpenSsl() {
        boolean usable;
        try {
            usable = run("openssl", "version").exit == 0
                    && run("openssl", "genpkey", "-algorithm", "ed25519").exit == 0;
        } catch (IOException e) {
            usable = false;
        }
        Assumptions.assumeTrue(usable, "openssl with Ed25519 support is not available");
    }

    @Test
    void weReadOpenSslKeysAndOpenSslVerifiesOurSignatures() throws Exception {
        Path privatePem = tmp.resolve("openssl.pem");
        check(run("openssl", "genpkey", "-algorithm", "ed25519", "-out", privatePem.toString()));
        Ed25519PrivateKey key = Ed25519PrivateKey.fromPem(Files.readString(privatePem));

        Result pubDer = check(run("openssl", "pkey", "-in", privatePem.toString(), "-pubout", "-outform", "DER"));
        assertArrayEquals(pubDer.stdout, key.publicKey().spkiDer(), "same public key and SPKI encoding");
        assertEquals("ed25519:" + Sha256.hex(pubDer.stdout).substring(0, 32), key.publicKey().keyId(),
                "the key id can be computed with openssl and sha256");

        Result pubPem = check(run("openssl", "pkey", "-in", privatePem.toString(), "-pubout"));
        assertEquals(key.publicKey(), Ed25519PublicKey.fromPem(new String(pubPem.stdout, StandardCharsets.US_ASCII)));

        Path message = Files.write(tmp.resolve("message"), MESSAGE);
        Path sig = Files.write(tmp.resolve("sig"), key.sign(MESSAGE));
        Result verify = run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", writePublic(key),
                "-rawin", "-in", message.toString(), "-sigfile", sig.toString());
        assertEquals(0, verify.exit, "openssl rejects our signature: " + verify.stderrText());
    }

    @Test
    void openSslReadsOurKeysAndWeVerifyItsSignatures() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        Path privatePem = Files.writeString(tmp.resolve("ours.pem"), key.toPem());

        Result text = check(run("openssl", "pkey", "-in", privatePem.toString(), "-noout", "-text"));
        assertTrue(text.stdoutText().contains("ED25519"), text.stdoutText());
        check(run("openssl", "pkey", "-pubin", "-in", writePublic(key), "-noout"));

        Path message = Files.write(tmp.resolve("message"), MESSAGE);
        Result sig = check(run("openssl", "pkeyutl", "-sign", "-inkey", privatePem.toString(), "-rawin",
                "-in", message.toString()));
        assertArrayEquals(key.sign(MESSAGE), sig.stdout, "Ed25519 is deterministic: same signature");
        assertTrue(key.publicKey().verify(MESSAGE, sig.stdout));
    }

    private String writePublic(Ed25519PrivateKey key) throws IOException {
        return Files.writeString(tmp.resolve("pub-" + System.nanoTime() + ".pem"), key.publicKey().toPem()).toString();
    }

    private record Result(int exit, byte[] stdout, byte[] stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    private static Result check(Result result) {
        assertEquals(0, result.exit, "openssl failed: " + result.stderrText());
        return result;
    }

    private static Result run(String... command) throws IOException {
        Process process = new ProcessBuilder(List.of(command)).start();
        process.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
        errReader.start();
        byte[] out = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("openssl timed out: " + String.join(" ", command));
            }
            errReader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(process.exitValue(), out, err.toByteArray());
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // the process ended; what was read is enough for a message
        }
    }
}
