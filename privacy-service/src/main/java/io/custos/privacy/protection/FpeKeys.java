package io.custos.privacy.protection;

import io.custos.privacy.config.PrivacyConfig;
import io.custos.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys of format-preserving redaction. One 32-byte master key lives in a file (a mounted secret
 * in Kubernetes; created with owner-only permissions on first use in development); each tenant's
 * FF1 key is HMAC-SHA256(master, tenant), so tenants' pseudonyms never coincide and a tenant's
 * key can be reproduced without storing it.
 */
@ApplicationScoped
public class FpeKeys {

    @Inject
    PrivacyConfig config;

    private volatile byte[] master;

    public byte[] forTenant(String tenant) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master(), "HmacSHA256"));
            return mac.doFinal(("custos-fpe-v1:" + tenant).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }

    private byte[] master() {
        byte[] m = master;
        if (m == null) {
            synchronized (this) {
                if (master == null) {
                    master = loadOrCreate(Path.of(config.dataProtection().fpeKeyFile()));
                }
                m = master;
            }
        }
        return m;
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.write(file, fresh);
                } catch (FileAlreadyExistsException raced) {
                    // another replica created it first; use theirs
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != 32) {
                throw new IllegalStateException("the FPE master key " + file + " must hold exactly 32 bytes, not "
                        + key.length);
            }
            return key;
        } catch (IOException e) {
            throw new ProblemException(503, "Key unavailable", "format-preserving redaction needs its master key at "
                    + file + " (custos.privacy.data-protection.fpe-key-file; 32 bytes): " + e.getMessage());
        }
    }
}
