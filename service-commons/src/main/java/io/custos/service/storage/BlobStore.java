package io.custos.service.storage;

import io.custos.crypto.Sha256;
import io.custos.service.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Content-addressed storage on a file system: a blob lives at {@code <dir>/<sha[0:2]>/<sha>},
 * so identical content is stored once and a blob's name proves its integrity. Content arrives in
 * two steps: it is staged (streamed to a temporary file and hashed), checked by the caller, and
 * only then committed under its digest, so a rejected upload leaves nothing behind.
 *
 * <p>Plain class: each service produces its own instance over its own directory.
 */
public class BlobStore {

    private final Path dir;
    private final String limitSetting;

    /**
     * @param dir where blobs live (staging files go to {@code <dir>/staging})
     * @param limitSetting the configuration property that sets upload limits, named in a 413
     */
    public BlobStore(Path dir, String limitSetting) {
        this.dir = dir;
        this.limitSetting = limitSetting;
    }

    /** Content streamed to a temporary file and hashed, not yet in the store. */
    public record Staged(String sha256, long size, Path path) {
        /** Deletes the temporary file (after a rejection, or when the content was already stored). */
        public void discard() {
            deleteQuietly(path);
        }
    }

    /** Streams {@code in} to a temporary file, hashing on the way, at most {@code maxBytes}. */
    public Staged stage(InputStream in, long maxBytes) {
        Path tmp = newTempFile();
        try (OutputStream out = Files.newOutputStream(tmp)) {
            String sha = Sha256.copy(in, out, maxBytes);
            return new Staged(sha, Files.size(tmp), tmp);
        } catch (Sha256.TooLargeException e) {
            deleteQuietly(tmp);
            throw new ProblemException(413, "Payload too large", "the upload exceeds the limit of " + maxBytes
                    + " bytes (" + limitSetting + ")");
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Stages what {@code writer} writes (a transform's output), hashing on the way. */
    public Staged stage(Consumer<OutputStream> writer) {
        Path tmp = newTempFile();
        MessageDigest digest = Sha256.newDigest();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest)) {
            writer.accept(out);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        try {
            return new Staged(HexFormat.of().formatHex(digest.digest()), Files.size(tmp), tmp);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException(e);
        }
    }

    /** Moves staged content under its digest (or drops the copy if the store already holds it). */
    public void commit(Staged staged) {
        Path target = path(staged.sha256());
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                staged.discard();
            } else {
                Files.move(staged.path(), target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(String sha256) {
        return Files.exists(path(sha256));
    }

    /** Removes a blob; returns whether there was one. Callers check that nothing live refers to it. */
    public boolean delete(String sha256) {
        try {
            return Files.deleteIfExists(path(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return dir.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private Path newTempFile() {
        try {
            Path staging = dir.resolve("staging");
            Files.createDirectories(staging);
            return Files.createTempFile(staging, "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file; nothing refers to it
            }
        }
    }
}
