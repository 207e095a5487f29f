package io.custos.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.crypto.SigningKeyRing.KeyInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyRingTest {

    private static final String TYPE = "application/vnd.in-toto+json";
    private static final byte[] PAYLOAD = "{\"subject\":[]}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    @Test
    void createsTheDirectoryAndAFirstKeyWithPrivatePermissions() throws Exception {
        Path dir = tmp.resolve("signing-keys");
        SigningKeyRing ring = SigningKeyRing.openOrCreate(dir);

        assertEquals(1, ring.keys().size());
        KeyInfo first = ring.keys().get(0);
        assertEquals(KeyInfo.ACTIVE, first.status());
        assertNull(first.retiredAt());
        assertEquals(ring.activeKeyId(), first.keyId());
        assertEquals(ring.activeKey().publicKey(), first.publicKey());

        Path pem = dir.resolve(SigningKeyRing.privateKeyFileName(first.keyId()));
        assertEquals("ed25519_" + first.keyId().substring("ed25519:".length()) + ".pem",
                pem.getFileName().toString());
        assertTrue(Files.exists(dir.resolve(SigningKeyRing.INDEX_FILE)));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pem)));
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no temp files left");
        }

        SigningKeyRing reopened = SigningKeyRing.openOrCreate(dir);
        assertEquals(ring.activeKeyId(), reopened.activeKeyId(), "an existing ring is kept");
        assertEquals(ring.keys(), reopened.keys());
    }

    @Test
    void bundlesSignedBeforeTwoRotationsStillVerify() throws Exception {
        SigningKeyRing ring = SigningKeyRing.openOrCreate(tmp);
        String firstId = ring.activeKeyId();
        Dsse.Envelope oldBundle = Dsse.sign(TYPE, PAYLOAD, ring.activeKey());

        KeyInfo second = ring.rotate();
        KeyInfo third = ring.rotate();

        assertNotEquals(firstId, second.keyId());
        assertNotEquals(second.keyId(), third.keyId());
        assertEquals(third.keyId(), ring.activeKeyId());
        assertEquals(third.publicKey(), ring.activeKey().publicKey());

        List<KeyInfo> keys = ring.keys();
        assertEquals(List.of(third.keyId(), second.keyId(), firstId), keys.stream().map(KeyInfo::keyId).toList(),
                "newest first");
        assertEquals(List.of(KeyInfo.ACTIVE, KeyInfo.RETIRED, KeyInfo.RETIRED),
                keys.stream().map(KeyInfo::status).toList());
        assertTrue(keys.get(1).retiredAt() != null && keys.get(2).retiredAt() != null);
        assertFalse(keys.get(2).retiredAt().isBefore(keys.get(2).createdAt()));

        assertFalse(Files.exists(tmp.resolve(SigningKeyRing.privateKeyFileName(firstId))), "retired key file deleted");
        assertFalse(Files.exists(tmp.resolve(SigningKeyRing.privateKeyFileName(second.keyId()))));
        assertTrue(Files.exists(tmp.resolve(SigningKeyRing.privateKeyFileName(third.keyId()))));

        assertEquals(firstId, Dsse.verify(oldBundle, ring.trustedKeys()).keyId());
        assertEquals(firstId, Dsse.verify(oldBundle, SigningKeyRing.readOnly(tmp).trustedKeys()).keyId(),
                "a verifier reading the directory trusts retired keys too");
        Dsse.Envelope newBundle = Dsse.sign(TYPE, PAYLOAD, ring.activeKey());
        assertEquals(third.keyId(), Dsse.verify(newBundle, ring.trustedKeys()).keyId());

        SigningKeyRing reopened = SigningKeyRing.openOrCreate(tmp);
        assertEquals(keys, reopened.keys(), "the index round-trips through keys.json");
    }

    @Test
    void readOnlyRingHasPublicKeysButCannotSignOrRotate() {
        SigningKeyRing writer = SigningKeyRing.openOrCreate(tmp);
        writer.rotate();
        SigningKeyRing reader = SigningKeyRing.readOnly(tmp);

        assertEquals(writer.keys(), reader.keys());
        assertEquals(writer.trustedKeys(), reader.trustedKeys());
        assertEquals(writer.activeKeyId(), reader.activeKeyId());
        IllegalStateException sign = assertThrows(IllegalStateException.class, reader::activeKey);
        assertTrue(sign.getMessage().contains("read-only"), sign.getMessage());
        assertThrows(IllegalStateException.class, reader::rotate);
    }

    @Test
    void readOnlyWithoutARingFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SigningKeyRing.readOnly(tmp.resolve("nothing-here")));
        assertTrue(e.getMessage().contains(SigningKeyRing.INDEX_FILE), e.getMessage());
    }

    @Test
    void corruptedIndexIsReportedWithTheFileName() throws Exception {
        SigningKeyRing.openOrCreate(tmp);
        Path index = tmp.resolve(SigningKeyRing.INDEX_FILE);
        String valid = Files.readString(index);

        for (String broken : List.of("{\"keys\":[", "{}", "{\"keys\":[]}", valid.replace("\"active\"", "\"retired\""),
                valid.replace("\"keyId\" : \"ed25519:", "\"keyId\" : \"ed25519:0"),
                valid.replace("\"algorithm\"", "\"unexpected\" : 1, \"algorithm\""))) {
            Files.writeString(index, broken);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SigningKeyRing.openOrCreate(tmp),
                    broken);
            assertTrue(e.getMessage().contains(index.toString()), e.getMessage());
            assertThrows(IllegalStateException.class, () -> SigningKeyRing.readOnly(tmp));
        }
    }

    @Test
    void missingOrForeignActivePrivateKeyIsReported() throws Exception {
        SigningKeyRing ring = SigningKeyRing.openOrCreate(tmp);
        Path pem = tmp.resolve(SigningKeyRing.privateKeyFileName(ring.activeKeyId()));

        Files.writeString(pem, Ed25519PrivateKey.generate().toPem());
        IllegalStateException foreign = assertThrows(IllegalStateException.class, () -> SigningKeyRing.openOrCreate(tmp));
        assertTrue(foreign.getMessage().contains("does not belong"), foreign.getMessage());

        Files.delete(pem);
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> SigningKeyRing.openOrCreate(tmp));
        assertTrue(missing.getMessage().contains("missing") && missing.getMessage().contains(pem.toString()),
                missing.getMessage());
    }

    @Test
    void refusesToStartANewRingOverPrivateKeysWithoutAnIndex() throws Exception {
        SigningKeyRing.openOrCreate(tmp);
        Files.delete(tmp.resolve(SigningKeyRing.INDEX_FILE));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SigningKeyRing.openOrCreate(tmp));
        assertTrue(e.getMessage().contains("no " + SigningKeyRing.INDEX_FILE), e.getMessage());
    }

    @Test
    void openingDeletesRetiredPrivateKeysLeftByAnInterruptedRotation() throws Exception {
        SigningKeyRing ring = SigningKeyRing.openOrCreate(tmp);
        Ed25519PrivateKey first = ring.activeKey();
        ring.rotate();
        Path leftover = tmp.resolve(SigningKeyRing.privateKeyFileName(first.publicKey().keyId()));
        Files.writeString(leftover, first.toPem()); // as if the process died before deleting it

        SigningKeyRing.openOrCreate(tmp);
        assertFalse(Files.exists(leftover));
    }

    @Test
    void rotationsThroughTwoInstancesAreNotLost() throws Exception {
        SigningKeyRing.openOrCreate(tmp);
        SigningKeyRing a = SigningKeyRing.openOrCreate(tmp);
        SigningKeyRing b = SigningKeyRing.openOrCreate(tmp);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (SigningKeyRing ring : List.of(a, b)) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 3; i++) {
                        ring.rotate();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        SigningKeyRing after = SigningKeyRing.readOnly(tmp);
        assertEquals(7, after.keys().size(), "1 + 2 x 3 keys");
        assertEquals(1, after.keys().stream().filter(KeyInfo::isActive).count());
        try (var pems = Files.list(tmp)) {
            assertEquals(1, pems.filter(p -> p.getFileName().toString().endsWith(".pem")).count(),
                    "only the active private key is on disk");
        }
    }

    @Test
    void keyInfoRejectsInconsistentEntries() {
        Ed25519PublicKey key = Ed25519PrivateKey.generate().publicKey();
        java.time.Instant now = java.time.Instant.now();
        assertThrows(IllegalArgumentException.class, () -> new KeyInfo("ed25519:x", key, KeyInfo.ACTIVE, now, null));
        assertThrows(IllegalArgumentException.class, () -> new KeyInfo(key.keyId(), key, "revoked", now, null));
        assertThrows(IllegalArgumentException.class, () -> new KeyInfo(key.keyId(), key, KeyInfo.ACTIVE, now, now));
        assertThrows(IllegalArgumentException.class, () -> new KeyInfo(key.keyId(), key, KeyInfo.RETIRED, now, null));
    }
}
