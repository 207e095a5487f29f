package io.custos.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts small secrets (credentials of external systems) at rest, isolated per tenant: each
 * tenant's AES-256 key is derived from one master key with HMAC-SHA256, and every ciphertext is
 * bound (AES-GCM associated data) to its tenant and to the record it belongs to, so a ciphertext
 * copied to another tenant or another record does not decrypt.
 *
 * <p>Sealed form: a 12-byte random nonce followed by the GCM ciphertext and tag.
 */
public final class TenantSecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] masterKey;

    public TenantSecretBox(byte[] masterKey) {
        if (masterKey.length < 32) {
            throw new IllegalArgumentException("the master key must have at least 32 bytes");
        }
        this.masterKey = masterKey.clone();
    }

    /**
     * The master key in {@code file}, created with 32 random bytes (owner-only permissions) when
     * absent: development and tests; in production the file is a mounted Secret.
     */
    public static TenantSecretBox fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                Files.write(file, key, StandardOpenOption.CREATE_NEW);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
            return new TenantSecretBox(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret master key " + file, e);
        }
    }

    /** Encrypts {@code plaintext} for {@code tenant}, bound to {@code context} (e.g. the record id). */
    public byte[] seal(String tenant, String context, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, tenantKey(tenant), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(tenant, context));
            byte[] ct = c.doFinal(plaintext);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + ct.length);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Decrypts what {@link #seal} made for the same tenant and context; anything else is refused. */
    public byte[] open(String tenant, String context, byte[] sealed) {
        if (sealed == null || sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("sealed secret is too short");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, tenantKey(tenant),
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOf(sealed, NONCE_BYTES)));
            c.updateAAD(aad(tenant, context));
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("sealed secret does not belong to this tenant and record, or was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private SecretKeySpec tenantKey(String tenant) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
        return new SecretKeySpec(mac.doFinal(("custos-secret-box/v1:" + tenant).getBytes(StandardCharsets.UTF_8)), "AES");
    }

    private static byte[] aad(String tenant, String context) {
        return (tenant + "\u0000" + context).getBytes(StandardCharsets.UTF_8);
    }
}
