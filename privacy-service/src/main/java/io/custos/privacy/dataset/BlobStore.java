package io.custos.privacy.dataset;

import io.custos.crypto.Sha256;
import io.custos.privacy.config.PrivacyConfig;
import io.custos.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Content-addressed storage on a file system: a blob lives at {@code <dir>/<sha[0:2]>/<sha>},
 * so identical content is stored once and a blob's name proves its integrity.
 */
@ApplicationScoped
public class BlobStore {

    @Inject
    PrivacyConfig config;

    /** A stored blob: its digest, size and path. */
    public record Blob(String sha256, long size, Path path) {
    }

    /** Streams {@code in} into the store (hashing on the way, at most {@code maxBytes}). */
    public Blob put(InputStream in, long maxBytes) {
        Path dir = Path.of(config.storage().blobDir());
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "upload-", ".part");
            String sha;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                sha = Sha256.copy(in, out, maxBytes);
            }
            Path target = path(sha);
            Files.createDirectories(target.getParent());
            long size = Files.size(tmp);
            if (Files.exists(target)) {
                Files.delete(tmp);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Blob(sha, size, target);
        } catch (Sha256.TooLargeException e) {
            deleteQuietly(tmp);
            throw new ProblemException(413, "Payload too large", "the upload exceeds the limit of " + maxBytes
                    + " bytes");
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException(e);
        }
    }

    public Path path(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return Path.of(config.storage().blobDir(), sha256.substring(0, 2), sha256);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }
}
