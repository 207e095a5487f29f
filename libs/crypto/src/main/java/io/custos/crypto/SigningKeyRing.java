package io.custos.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The packaging service's Ed25519 signing keys, in a directory, with rotation.
 *
 * <p>Files:
 * <ul>
 * <li>{@code keys.json}: the index, every key ever used, newest first (key id, public PEM, status, times), in the
 * {@link PublicKeySet} document shape, so it can be handed to a verifier as is. Replaced atomically (temp file +
 * ATOMIC_MOVE), so a reader sees the old or the new index, never half of one.</li>
 * <li>{@code <key id with ':' as '_'>.pem}: the PKCS#8 private key of the <em>active</em> key only, mode 0600
 * (on POSIX file systems) in a 0700 directory.</li>
 * </ul>
 *
 * <p>Rotation: {@link #rotate()} makes a new active key and retires the previous one. A retired key's public key stays
 * in the index forever, so bundles it signed keep verifying with {@link #trustedKeys()}; its private key file is
 * deleted, so a leaked old backup of the directory cannot be used to sign new bundles with a key that is no longer in
 * use (it can still forge signatures that verify under that retired key; only removing the key from every verifier's
 * trust set stops that). Opening a ring also deletes private key files of retired keys left over by an interrupted
 * rotation.
 *
 * <p>Concurrency: designed for a single writer (the packaging service); rotation is an admin action. Creation and
 * rotation hold an exclusive lock file ({@code .keys.lock}) and re-read the index under it, so two processes cannot
 * both create a first key or lose each other's rotation. A process that opened the ring before another one rotated
 * keeps signing with the key it loaded (whose private file is now gone) until it reopens the ring; its bundles still
 * verify, because the retired key stays trusted. Readers ({@link #readOnly}) take no lock. An instance is thread-safe.
 */
public final class SigningKeyRing {

    /** The index file name. */
    public static final String INDEX_FILE = "keys.json";
    static final String LOCK_FILE = ".keys.lock";

    /** Serialises ring writers within this JVM (FileLock only excludes other processes). */
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final boolean readOnly;
    private List<KeyInfo> keys; // newest first; the first one is active
    private Ed25519PrivateKey activeKey; // null when read-only

    /**
     * One key of the ring.
     *
     * @param keyId {@link Ed25519PublicKey#keyId()} of {@code publicKey}
     * @param status {@link #ACTIVE} or {@link #RETIRED}
     * @param retiredAt when the key was retired; null while active
     */
    public record KeyInfo(String keyId, Ed25519PublicKey publicKey, String status, Instant createdAt,
            Instant retiredAt) {

        public static final String ACTIVE = "active";
        public static final String RETIRED = "retired";

        public KeyInfo {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(createdAt, "createdAt");
            if (!keyId.equals(publicKey.keyId())) {
                throw new IllegalArgumentException("keyId " + keyId + " is not the id of its key, " + publicKey.keyId());
            }
            if (!isKnownStatus(status)) {
                throw new IllegalArgumentException("status must be active or retired, not " + status);
            }
            if (status.equals(ACTIVE) != (retiredAt == null)) {
                throw new IllegalArgumentException("retiredAt must be null exactly when the key is active");
            }
        }

        public boolean isActive() {
            return ACTIVE.equals(status);
        }

        static boolean isKnownStatus(String status) {
            return ACTIVE.equals(status) || RETIRED.equals(status);
        }

        KeyInfo retire(Instant when) {
            return isActive() ? new KeyInfo(keyId, publicKey, RETIRED, createdAt, when) : this;
        }
    }

    private SigningKeyRing(Path dir, boolean readOnly, List<KeyInfo> keys, Ed25519PrivateKey activeKey) {
        this.dir = dir;
        this.readOnly = readOnly;
        this.keys = keys;
        this.activeKey = activeKey;
    }

    /**
     * Opens the ring in {@code dir} for signing, creating the directory (0700) and a first key when there is no
     * {@code keys.json} yet.
     *
     * @throws IllegalStateException when {@code keys.json} is corrupted, the active private key is missing or does not
     *         match, or {@code dir} holds private keys but no index (refusing to start a new ring over them)
     * @throws UncheckedIOException on I/O failure
     */
    public static SigningKeyRing openOrCreate(Path dir) {
        Path directory = dir.toAbsolutePath().normalize();
        try {
            createPrivateDirectory(directory);
            return withWriteLock(directory, () -> {
                Path index = directory.resolve(INDEX_FILE);
                if (!Files.exists(index)) {
                    refuseIfOrphanedKeys(directory);
                    Ed25519PrivateKey first = Ed25519PrivateKey.generate();
                    writePrivateKey(directory, first);
                    writeIndex(directory, List.of(new KeyInfo(first.publicKey().keyId(), first.publicKey(),
                            KeyInfo.ACTIVE, now(), null)));
                }
                List<KeyInfo> keys = readIndex(directory);
                deleteRetiredPrivateKeys(directory, keys);
                return new SigningKeyRing(directory, false, keys, loadActiveKey(directory, keys.get(0)));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the signing key ring in " + directory, e);
        }
    }

    /**
     * Opens the ring in {@code dir} for its public keys only (verifiers, the key listing endpoint). Reads no private
     * key and writes nothing; {@link #activeKey()} and {@link #rotate()} throw.
     *
     * @throws IllegalStateException when there is no {@code keys.json} or it is corrupted
     */
    public static SigningKeyRing readOnly(Path dir) {
        Path directory = dir.toAbsolutePath().normalize();
        try {
            return new SigningKeyRing(directory, true, readIndex(directory), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key ring in " + directory, e);
        }
    }

    /** The key new bundles are signed with. */
    public synchronized Ed25519PrivateKey activeKey() {
        requireWritable("sign");
        return activeKey;
    }

    public synchronized String activeKeyId() {
        return keys.get(0).keyId();
    }

    /** Every key ever used by this ring, newest first; the first one is active. */
    public synchronized List<KeyInfo> keys() {
        return keys;
    }

    /** Key id to public key for every key, active and retired: what a verifier of this ring's bundles trusts. */
    public synchronized Map<String, Ed25519PublicKey> trustedKeys() {
        Map<String, Ed25519PublicKey> trusted = new LinkedHashMap<>();
        keys.forEach(k -> trusted.put(k.keyId(), k.publicKey()));
        return Collections.unmodifiableMap(trusted);
    }

    /**
     * Makes a new active key and retires the current one (its public key stays, its private key file is deleted).
     * Starts from the index on disk, so a rotation by another process is not lost.
     *
     * @return the new active key
     */
    public synchronized KeyInfo rotate() {
        requireWritable("rotate");
        try {
            return withWriteLock(dir, () -> {
                List<KeyInfo> current = readIndex(dir);
                Ed25519PrivateKey next = Ed25519PrivateKey.generate();
                String nextId = next.publicKey().keyId();
                if (current.stream().anyMatch(k -> k.keyId().equals(nextId))) {
                    throw new IllegalStateException("generated key " + nextId + " is already in the ring");
                }
                Instant now = now();
                KeyInfo added = new KeyInfo(nextId, next.publicKey(), KeyInfo.ACTIVE, now, null);
                List<KeyInfo> updated = new ArrayList<>();
                updated.add(added);
                current.forEach(k -> updated.add(k.retire(now)));
                // Order matters for crash safety: the new private key exists before the index names it, and an
                // old private key is deleted only once the index no longer calls it active.
                writePrivateKey(dir, next);
                writeIndex(dir, updated);
                deleteRetiredPrivateKeys(dir, updated);
                keys = List.copyOf(updated);
                activeKey = next;
                return added;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the signing key ring in " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "SigningKeyRing[" + dir + (readOnly ? ", read-only" : "") + ", active=" + activeKeyId() + "]";
    }

    /** The private key file name for a key id: the id with every character outside [A-Za-z0-9._-] as '_'. */
    static String privateKeyFileName(String keyId) {
        return keyId.replaceAll("[^A-Za-z0-9._-]", "_") + ".pem";
    }

    private void requireWritable(String action) {
        if (readOnly) {
            throw new IllegalStateException("cannot " + action + ": the key ring in " + dir
                    + " was opened read-only and holds public keys only");
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    // --- files ---------------------------------------------------------------------------------------------------

    /** Reads and checks the index: newest first, exactly one active key and it is the first. */
    private static List<KeyInfo> readIndex(Path dir) throws IOException {
        Path index = dir.resolve(INDEX_FILE);
        byte[] json;
        try {
            json = Files.readAllBytes(index);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("no signing key ring in " + dir + ": " + index + " does not exist", e);
        }
        List<KeyInfo> keys;
        try {
            keys = PublicKeySet.parseKeyInfos(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("corrupted key ring index " + index + ": " + e.getMessage(), e);
        }
        long active = keys.stream().filter(KeyInfo::isActive).count();
        if (active != 1 || !keys.get(0).isActive()) {
            throw new IllegalStateException("corrupted key ring index " + index + ": expected exactly one active key,"
                    + " listed first, but found " + active);
        }
        return List.copyOf(keys);
    }

    private static void writeIndex(Path dir, List<KeyInfo> keys) throws IOException {
        writeAtomically(dir, dir.resolve(INDEX_FILE), PublicKeySet.toJson(keys));
    }

    private static void writePrivateKey(Path dir, Ed25519PrivateKey key) throws IOException {
        writeAtomically(dir, dir.resolve(privateKeyFileName(key.publicKey().keyId())),
                key.toPem().getBytes(StandardCharsets.US_ASCII));
    }

    private static Ed25519PrivateKey loadActiveKey(Path dir, KeyInfo active) throws IOException {
        Path file = dir.resolve(privateKeyFileName(active.keyId()));
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the private key of the active key " + active.keyId() + " is missing: "
                    + file + "; restore it from a backup, or the ring cannot sign", e);
        }
        Ed25519PrivateKey key;
        try {
            key = Ed25519PrivateKey.fromPem(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("corrupted private key file " + file + ": " + e.getMessage(), e);
        }
        if (!key.publicKey().equals(active.publicKey())) {
            throw new IllegalStateException("private key file " + file + " does not belong to key " + active.keyId()
                    + " listed in " + dir.resolve(INDEX_FILE));
        }
        return key;
    }

    private static void deleteRetiredPrivateKeys(Path dir, List<KeyInfo> keys) throws IOException {
        for (KeyInfo key : keys) {
            if (!key.isActive()) {
                Files.deleteIfExists(dir.resolve(privateKeyFileName(key.keyId())));
            }
        }
    }

    /** Private key files without an index would be silently abandoned by a fresh ring: a person must decide. */
    private static void refuseIfOrphanedKeys(Path dir) throws IOException {
        try (DirectoryStream<Path> pems = Files.newDirectoryStream(dir, "ed25519_*.pem")) {
            Iterator<Path> found = pems.iterator();
            if (found.hasNext()) {
                throw new IllegalStateException(dir + " holds private key " + found.next().getFileName() + " but no "
                        + INDEX_FILE + "; restore " + INDEX_FILE + " from a backup, or remove the key files to start"
                        + " a new key ring");
            }
        }
    }

    /**
     * Writes {@code content} to a new owner-only temp file in {@code dir}, syncs it, then renames it over {@code
     * target} with ATOMIC_MOVE.
     */
    private static void writeAtomically(Path dir, Path target, byte[] content) throws IOException {
        Path temp = isPosix(dir)
                ? Files.createTempFile(dir, ".tmp-", ".part", ownerOnly("rw-------"))
                : Files.createTempFile(dir, ".tmp-", ".part");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (isPosix(dir.getParent() == null ? dir : dir.getParent())) {
            Files.createDirectories(dir, ownerOnly("rwx------"));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the ring's lock file (other processes) and a per-directory monitor (this JVM). */
    private static <T> T withWriteLock(Path dir, IoAction<T> action) throws IOException {
        synchronized (JVM_LOCKS.computeIfAbsent(dir, d -> new Object())) {
            try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                return action.run();
            }
        }
    }
}
