package io.custos.bundle.archive;

import io.custos.bundle.archive.HostileBundleException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * The regular files of a bundle, held in memory and keyed by normalized relative path ('/'
 * separators, no leading {@code ./}), in sorted order. Directories are implied by the paths and
 * never listed. An instance only exists once every rule has passed, so code holding one can use
 * any path in it as a file name under a directory of its own.
 *
 * <p>Reading treats the bundle as hostile: see {@link #readZip(Path, ArchiveLimits)} and
 * {@link #readDirectory(Path, ArchiveLimits)} for the rules, {@link HostileBundleException} for
 * what a refusal says. Reading methods report genuine I/O failures of the environment (a file
 * that cannot be opened, a connection that drops) as {@link UncheckedIOException}; anything wrong
 * with the bundle's own bytes is a {@link HostileBundleException}.
 *
 * <p>Instances are immutable: {@link #bytes} returns a copy.
 */
public final class BundleFiles {

    private final SortedMap<String, byte[]> files;
    private final long totalBytes;

    private BundleFiles(TreeMap<String, byte[]> files) {
        this.files = Collections.unmodifiableSortedMap(files);
        long total = 0;
        for (byte[] data : files.values()) {
            total += data.length;
        }
        this.totalBytes = total;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a zip from a stream, for uploads. The stream is read to its end (or until it proves
     * larger than {@link ArchiveLimits#maxArchiveBytes()}, which is refused as TOO_LARGE) into
     * memory, and the buffered archive is then read exactly like a zip file on disk.
     *
     * <p>Why not a streaming zip reader: a stream reader sees local headers only, and the classic
     * zip attacks (entries hidden between entries, local and central names that differ, overlapping
     * entries) are precisely disagreements between local headers and the central directory.
     * Buffering lets the same strict random-access reader check both, so an upload and the same
     * zip opened from disk by the CLI are judged identically. The cost is holding the compressed
     * archive in memory once, bounded by the limits. The caller's stream is not closed.
     */
    public static BundleFiles readZip(InputStream in, ArchiveLimits limits) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        long cap = Math.min(limits.maxArchiveBytes(), ArchiveLimits.MAX_ARRAY_BYTES);
        byte[] archive;
        try {
            archive = in.readNBytes((int) cap);
            if (archive.length == cap && in.read() >= 0) {
                throw new HostileBundleException(Reason.TOO_LARGE, null, "the uploaded archive is larger than "
                        + cap + " bytes, the most a bundle within these limits (maxTotalBytes "
                        + limits.maxTotalBytes() + ", maxEntries " + limits.maxEntries() + ") can take");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the archive stream failed", e);
        }
        return readZip(new SeekableInMemoryByteChannel(archive), limits);
    }

    /**
     * Reads a zip file. It is read through a seekable channel: the central directory lists the
     * entries, and every entry is cross-checked against its local header and its neighbours
     * before any data is inflated. Refused, with the {@link HostileBundleException.Reason}:
     * <ul>
     *   <li>names that are absolute (ABSOLUTE_PATH), climb with {@code ..} (ZIP_SLIP), or contain
     *       backslashes, control or invisible characters, characters or device names Windows
     *       reserves, empty or {@code .} segments, or exceed maxPathLength / maxDepth (BAD_NAME);</li>
     *   <li>symbolic links (SYMLINK), FIFOs, devices and sockets (SPECIAL_FILE);</li>
     *   <li>the same name twice, or names equal ignoring case, or a name that is both a file and a
     *       directory (DUPLICATE_ENTRY);</li>
     *   <li>encrypted entries (ENCRYPTED_ENTRY);</li>
     *   <li>more entries than maxEntries (TOO_MANY_ENTRIES), a file over maxFileBytes
     *       (OVERSIZED_FILE), files over maxTotalBytes in total (TOO_LARGE), an entry over 1 MiB that
     *       inflates more than maxCompressionRatio times its compressed size (ZIP_BOMB): all counted
     *       on the bytes actually inflated, and aborted at the first chunk past the limit;</li>
     *   <li>anything truncated, corrupt or self-contradictory, including entries whose headers lie
     *       about their size, and compression methods other than STORED and DEFLATED
     *       (MALFORMED_ARCHIVE).</li>
     * </ul>
     * A zip inside the bundle is just a file: it is never opened.
     */
    public static BundleFiles readZip(Path zip, ArchiveLimits limits) {
        Objects.requireNonNull(zip, "zip");
        Objects.requireNonNull(limits, "limits");
        try (SeekableByteChannel channel = Files.newByteChannel(zip, StandardOpenOption.READ)) {
            return readZip(channel, limits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + zip, e);
        }
    }

    private static BundleFiles readZip(SeekableByteChannel channel, ArchiveLimits limits) {
        try {
            return new BundleFiles(ZipArchiveReader.read(channel, limits));
        } catch (IOException e) {
            // The archive is in memory or an open file: failures while parsing it are its own fault.
            throw new HostileBundleException(Reason.MALFORMED_ARCHIVE, null, "the archive cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads a bundle laid out as a directory. Links are never followed: a symbolic link anywhere
     * below {@code dir}, to a file or a directory, is refused as SYMLINK; FIFOs, devices and sockets
     * as SPECIAL_FILE. Names, entry count, depth and sizes obey the same rules as in a zip (sizes
     * are counted as bytes are read). {@code dir} itself may be a link, since the caller chose it.
     */
    public static BundleFiles readDirectory(Path dir, ArchiveLimits limits) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(limits, "limits");
        try {
            return new BundleFiles(DirectoryReader.read(dir, limits));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle directory " + dir, e);
        }
    }

    /**
     * Reads a directory with {@link #readDirectory} or a regular file as a zip with
     * {@link #readZip(Path, ArchiveLimits)}, by what the path is. Anything else (a FIFO, a device)
     * is refused as SPECIAL_FILE rather than opened, since opening a FIFO blocks.
     */
    public static BundleFiles read(Path dirOrZip, ArchiveLimits limits) {
        Objects.requireNonNull(dirOrZip, "dirOrZip");
        if (Files.isDirectory(dirOrZip)) {
            return readDirectory(dirOrZip, limits);
        }
        if (Files.isRegularFile(dirOrZip)) {
            return readZip(dirOrZip, limits);
        }
        if (!Files.exists(dirOrZip)) {
            throw new UncheckedIOException(new NoSuchFileException(dirOrZip.toString()));
        }
        throw new HostileBundleException(Reason.SPECIAL_FILE, null, dirOrZip + " is neither a directory nor a"
                + " regular file (a FIFO, device or socket?)");
    }

    // ---------------------------------------------------------------- building

    /**
     * A bundle built in memory, with names checked and normalized exactly as when reading (and
     * refused with the same {@link HostileBundleException} reasons), against the default limits:
     * anything built here can be read back with {@link ArchiveLimits#defaults()}.
     */
    public static BundleFiles of(Map<String, byte[]> files) {
        return of(files, ArchiveLimits.defaults());
    }

    /** Like {@link #of(Map)}, against the given limits. The arrays are copied. */
    public static BundleFiles of(Map<String, byte[]> files, ArchiveLimits limits) {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(limits, "limits");
        Budget budget = new Budget(limits);
        PathRegistry registry = new PathRegistry();
        TreeMap<String, byte[]> copy = new TreeMap<>();
        // Sorted, so which of two colliding names is reported does not depend on the map's order.
        for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
            String name = Objects.requireNonNull(file.getKey(), "file name");
            byte[] data = Objects.requireNonNull(file.getValue(), () -> "content of " + name);
            budget.countEntry(name);
            String path = EntryNames.normalize(name, false, limits);
            registry.addFile(path);
            budget.grow(path, data.length, data.length);
            copy.put(path, data.clone());
        }
        return new BundleFiles(copy);
    }

    // ---------------------------------------------------------------- access

    /** The paths of all files, sorted. */
    public Set<String> paths() {
        return files.keySet();
    }

    public boolean has(String path) {
        return files.containsKey(path);
    }

    /** A copy of the file's bytes. @throws IllegalArgumentException if there is no such file */
    public byte[] bytes(String path) {
        return require(path).clone();
    }

    /** The file's bytes as a stream, without copying them. @throws IllegalArgumentException if absent */
    public InputStream open(String path) {
        return new ByteArrayInputStream(require(path));
    }

    /** The file's size in bytes. @throws IllegalArgumentException if there is no such file */
    public long size(String path) {
        return require(path).length;
    }

    /** The sum of all files' sizes. */
    public long totalBytes() {
        return totalBytes;
    }

    private byte[] require(String path) {
        byte[] data = path == null ? null : files.get(path);
        if (data == null) {
            throw new IllegalArgumentException("the bundle has no file '" + (path == null ? "null"
                    : EntryNames.printable(path)) + "'");
        }
        return data;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes a deterministic zip: entries sorted by path, every timestamp 1980-01-01 00:00:00,
     * Unix mode 0644, UTF-8 names, no extra fields, no directory entries. The same files give the
     * same bytes. The stream is not closed.
     */
    public void writeZip(OutputStream out) throws IOException {
        writeZip(out, DeterministicZipWriter.DEFAULT_TIME);
    }

    /**
     * Like {@link #writeZip(OutputStream)} with the given modification time for every entry
     * (UTC wall-clock, rounded down to the two-second resolution of zip timestamps; 1980 to 2107).
     */
    public void writeZip(OutputStream out, Instant modified) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(modified, "modified");
        DeterministicZipWriter.write(files, out, modified);
    }

    /**
     * Writes the files under {@code dir} (created if missing). Existing files are never
     * overwritten and existing links never followed: if any target file already exists, or any
     * parent on the way is a link or not a directory, nothing is written and a
     * {@link FileAlreadyExistsException} is thrown. Files are then created with CREATE_NEW and
     * NOFOLLOW_LINKS, and parents are re-checked as they are created, so a change made meanwhile
     * still fails rather than being followed.
     */
    public void writeDirectory(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        for (String path : files.keySet()) {
            walkTo(dir, path, false);
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = walkTo(dir, file.getKey(), true);
            Files.write(target, file.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * The target of {@code path} under {@code dir}, checking each parent is a real directory (and
     * creating missing ones if {@code create}) and that the file itself does not exist yet.
     */
    private static Path walkTo(Path dir, String path, boolean create) throws IOException {
        Path target = dir;
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            target = target.resolve(segments[i]);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "exists and is not a directory (or is a link); refusing to write through it");
            }
            if (!create) {
                return target;
            }
            Files.createDirectory(target);
        }
        target = target.resolve(segments[segments.length - 1]);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "refusing to overwrite");
        }
        return target;
    }

    // ---------------------------------------------------------------- identity

    /** Equal when both hold the same paths with the same bytes. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BundleFiles other) || !files.keySet().equals(other.files.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (!Arrays.equals(file.getValue(), other.files.get(file.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            hash = 31 * hash + file.getKey().hashCode();
            hash = 31 * hash + Arrays.hashCode(file.getValue());
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("BundleFiles[");
        String separator = "";
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            s.append(separator).append(file.getKey()).append(" (").append(file.getValue().length).append(" bytes)");
            separator = ", ";
        }
        return s.append(']').toString();
    }
}
