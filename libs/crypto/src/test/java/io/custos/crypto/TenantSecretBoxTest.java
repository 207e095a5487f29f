package io.custos.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantSecretBoxTest {

    private static final byte[] SECRET = "s3cr3t-token".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSecretOpensOnlyForItsTenantAndRecord(@TempDir Path dir) throws Exception {
        TenantSecretBox box = TenantSecretBox.fromFile(dir.resolve("master.key"));
        byte[] sealed = box.seal("acme", "source-1", SECRET);

        assertArrayEquals(SECRET, box.open("acme", "source-1", sealed));
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("s3cr3t"), "not stored in clear");
        assertThrows(IllegalArgumentException.class, () -> box.open("globex", "source-1", sealed));
        assertThrows(IllegalArgumentException.class, () -> box.open("acme", "source-2", sealed));
        sealed[sealed.length - 1] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> box.open("acme", "source-1", sealed));
    }

    @Test
    void theMasterKeyFileIsCreatedOnceOwnerOnlyAndReused(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("keys/master.key");
        byte[] sealed = TenantSecretBox.fromFile(key).seal("acme", "x", SECRET);
        assertArrayEquals(SECRET, TenantSecretBox.fromFile(key).open("acme", "x", sealed));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertThrows(IllegalArgumentException.class, () -> TenantSecretBox.fromFile(dir.resolve("other.key"))
                .open("acme", "x", sealed), "another master key cannot open it");
        assertThrows(IllegalArgumentException.class, () -> new TenantSecretBox(new byte[16]));
    }

    @Test
    void twoSealsOfTheSameSecretDiffer(@TempDir Path dir) {
        TenantSecretBox box = TenantSecretBox.fromFile(dir.resolve("k"));
        assertFalse(java.util.Arrays.equals(box.seal("a", "b", SECRET), box.seal("a", "b", SECRET)));
    }
}
