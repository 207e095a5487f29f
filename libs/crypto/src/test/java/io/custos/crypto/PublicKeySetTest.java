package io.custos.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.crypto.SigningKeyRing.KeyInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicKeySetTest {

    @TempDir
    Path tmp;

    @Test
    void readsASinglePemPublicKey() throws Exception {
        Ed25519PublicKey key = Ed25519PrivateKey.generate().publicKey();
        Path file = Files.writeString(tmp.resolve("key.pub.pem"), key.toPem());
        assertEquals(Map.of(key.keyId(), key), PublicKeySet.read(file));
    }

    @Test
    void writesAndReadsTheServiceDocumentShape() throws Exception {
        SigningKeyRing ring = SigningKeyRing.openOrCreate(tmp.resolve("ring"));
        ring.rotate();
        byte[] json = PublicKeySet.toJson(ring.keys());

        JsonNode root = Json.MAPPER.readTree(json);
        assertEquals(1, root.size(), "only \"keys\" at the top");
        JsonNode active = root.get("keys").get(0);
        assertEquals(List.of("keyId", "algorithm", "publicKeyPem", "status", "createdAt", "retiredAt"),
                iterable(active.fieldNames()));
        assertEquals(ring.activeKeyId(), active.get("keyId").asText());
        assertEquals("Ed25519", active.get("algorithm").asText());
        assertTrue(active.get("publicKeyPem").asText().startsWith("-----BEGIN PUBLIC KEY-----"));
        assertEquals("active", active.get("status").asText());
        assertEquals(ring.keys().get(0).createdAt(), Instant.parse(active.get("createdAt").asText()));
        assertTrue(active.get("retiredAt").isNull());
        assertEquals("retired", root.get("keys").get(1).get("status").asText());
        assertEquals(ring.keys().get(1).retiredAt(), Instant.parse(root.get("keys").get(1).get("retiredAt").asText()));

        Path saved = Files.write(tmp.resolve("keys-from-service.json"), json);
        assertEquals(ring.trustedKeys(), PublicKeySet.read(saved));
        assertEquals(ring.trustedKeys(), PublicKeySet.read(tmp.resolve("ring").resolve(SigningKeyRing.INDEX_FILE)),
                "the ring's own keys.json is a valid key set");
        assertEquals(ring.keys(), PublicKeySet.parseKeyInfos(json), "strict round trip");
    }

    @Test
    void documentNeedsOnlyThePemAndToleratesNewFields() throws Exception {
        Ed25519PublicKey key = Ed25519PrivateKey.generate().publicKey();
        String json = "{\"keys\":[{\"publicKeyPem\":" + quote(key.toPem()) + ",\"usage\":\"bundles\"}],\"next\":null}";
        assertEquals(Map.of(key.keyId(), key), PublicKeySet.read(Files.writeString(tmp.resolve("k.json"), json)));
    }

    @Test
    void mismatchedKeyIdIsRejected() throws Exception {
        Ed25519PublicKey trustedLooking = Ed25519PrivateKey.generate().publicKey();
        Ed25519PublicKey attacker = Ed25519PrivateKey.generate().publicKey();
        String json = entry(trustedLooking.keyId(), attacker.toPem(), "Ed25519", "active");
        Path file = Files.writeString(tmp.resolve("keys.json"), json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicKeySet.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("does not match"),
                e.getMessage());
    }

    @Test
    void rejectsWhatCouldMakeAVerifierTrustTheWrongKey() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        String pem = key.publicKey().toPem();
        assertRejected(entry(key.publicKey().keyId(), pem, "RSA", "active"), "not supported");
        assertRejected(entry(key.publicKey().keyId(), pem, "Ed25519", "revoked"), "revoked");
        assertRejected("{\"keys\":[]}", "no keys");
        assertRejected("{\"keys\":[{\"keyId\":\"x\"}]}", "publicKeyPem");
        assertRejected("{\"keys\":", "not valid JSON");
        assertRejected("hello", "neither a PEM public key nor a key set JSON");
        assertRejected(key.toPem(), "private key");
    }

    @Test
    void unreadableFileIsAnIoError() {
        assertThrows(java.io.UncheckedIOException.class, () -> PublicKeySet.read(tmp.resolve("missing.pem")));
    }

    private void assertRejected(String content, String expected) throws Exception {
        Path file = Files.writeString(tmp.resolve("candidate"), content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicKeySet.read(file));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private static String entry(String keyId, String pem, String algorithm, String status) {
        return "{\"keys\":[{\"keyId\":" + quote(keyId) + ",\"algorithm\":" + quote(algorithm) + ",\"publicKeyPem\":"
                + quote(pem) + ",\"status\":" + quote(status) + ",\"createdAt\":\"2025-01-01T00:00:00Z\","
                + "\"retiredAt\":null}]}";
    }

    private static String quote(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
