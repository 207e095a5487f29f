package io.custos.bundle.archive;

import static io.custos.bundle.archive.ZipStructure.malformed;
import static io.custos.bundle.archive.ZipStructure.malformedEntry;

import io.custos.bundle.archive.HostileBundleException.Reason;
import io.custos.bundle.archive.ZipStructure.CentralDirectory;
import io.custos.bundle.archive.ZipStructure.LocalHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/**
 * Reads a zip bundle from a seekable channel, refusing it at the first sign of hostility.
 *
 * <p>The central directory (parsed by commons-compress's {@link ZipFile}) is the list of
 * entries, but it is not trusted on its own: zip has two descriptions of every entry, and
 * attacks live in the gap between them (a streaming tool reads local headers, a random-access
 * tool reads the central directory). So before any data is read, this reader checks that:
 * <ul>
 *   <li>the end records and central directory agree with each other and with the file's length;</li>
 *   <li>every local header exists where the central directory says, with the same name, method
 *       and flags (and sizes and CRC when it states them);</li>
 *   <li>the entries tile the archive exactly, from offset 0 to the central directory, each followed
 *       only by its data descriptor: no prepended data, no hidden entries between entries (which
 *       only a streaming reader would see), no overlapping entries (which multiply one compressed
 *       stream into many files);</li>
 *   <li>no entry carries a Unicode Path extra field naming it differently.</li>
 * </ul>
 * Then data is inflated here with {@link Inflater}, counting the compressed bytes consumed and
 * the bytes produced, and stops the moment a limit is crossed or the output passes the size the
 * headers declared. Only STORED and DEFLATED entries are accepted: every tool that writes bundles
 * uses them, and each extra decompressor is more attack surface.
 */
final class ZipArchiveReader {

    private static final int CHUNK = 64 * 1024;
    /** General-purpose flag bits that change how an entry is read; the two headers must agree on them. */
    private static final int SIGNIFICANT_FLAGS = 0x0001 | 0x0008 | 0x0040 | 0x0800 | 0x2000;
    private static final int FLAG_DATA_DESCRIPTOR = 0x0008;
    private static final int METHOD_AES = 99;
    /** Empty deflate stream: the most a directory entry may carry. */
    private static final int MAX_DIRECTORY_DATA = 2;

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final long WINDOWS_REPARSE_POINT = 0x400;

    private final SeekableByteChannel channel;
    private final ArchiveLimits limits;
    private final Budget budget;

    private ZipArchiveReader(SeekableByteChannel channel, ArchiveLimits limits) {
        this.channel = channel;
        this.limits = limits;
        this.budget = new Budget(limits);
    }

    /** One central directory entry that passed the metadata checks. */
    private record Item(ZipArchiveEntry entry, String name, String path, boolean directory) {
    }

    static TreeMap<String, byte[]> read(SeekableByteChannel channel, ArchiveLimits limits) throws IOException {
        return new ZipArchiveReader(channel, limits).read();
    }

    private TreeMap<String, byte[]> read() throws IOException {
        long size = channel.size();
        if (size > limits.maxArchiveBytes()) {
            throw new HostileBundleException(Reason.TOO_LARGE, null, "the archive is " + size + " bytes; with"
                    + " these limits (maxTotalBytes " + limits.maxTotalBytes() + ", maxEntries "
                    + limits.maxEntries() + ") no valid bundle is larger than " + limits.maxArchiveBytes() + " bytes");
        }
        CentralDirectory directory = ZipStructure.locateCentralDirectory(channel, limits);
        ZipFile zip = open();
        try {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
            if (entries.size() != directory.entries()) {
                throw malformed("has " + directory.entries() + " central directory records but the zip parser"
                        + " found " + entries.size());
            }
            List<Item> items = new ArrayList<>(entries.size());
            PathRegistry registry = new PathRegistry();
            long declaredTotal = 0;
            for (ZipArchiveEntry entry : entries) {
                Item item = checkEntry(entry, registry);
                items.add(item);
                if (!item.directory()) {
                    declaredTotal += entry.getSize();
                    if (declaredTotal > limits.maxTotalBytes()) {
                        throw new HostileBundleException(Reason.TOO_LARGE, item.name(), "the sizes the archive"
                                + " declares add up to more than " + limits.maxTotalBytes() + " bytes (the limit"
                                + " maxTotalBytes) at '" + EntryNames.printable(item.name()) + "'");
                    }
                }
            }
            checkLayout(items, directory);
            TreeMap<String, byte[]> files = new TreeMap<>();
            for (Item item : items) {
                if (!item.directory()) {
                    files.put(item.path(), readData(zip, item));
                }
            }
            return files;
        } finally {
            ZipFile.closeQuietly(zip);
        }
    }

    private ZipFile open() {
        try {
            return ZipFile.builder()
                    .setSeekableByteChannel(channel)
                    .setCharset(StandardCharsets.UTF_8)
                    .setUseUnicodeExtraFields(false)
                    .get();
        } catch (IOException | RuntimeException e) {
            throw new HostileBundleException(Reason.MALFORMED_ARCHIVE, null, "the archive cannot be parsed as a"
                    + " zip: " + e.getMessage(), e);
        }
    }

    /** Everything about one entry that can be judged from the central directory alone. */
    private Item checkEntry(ZipArchiveEntry entry, PathRegistry registry) {
        String name = decodeName(entry.getRawName());
        budget.countEntry(name);
        checkUnicodePath(entry.getCentralDirectoryExtra(), entry.getRawName(), name);
        boolean directory = name.endsWith("/");
        String path = EntryNames.normalize(directory ? name.substring(0, name.length() - 1) : name, directory,
                limits);
        checkType(entry, name, directory);
        if (entry.getGeneralPurposeBit().usesEncryption() || entry.getGeneralPurposeBit().usesStrongEncryption()
                || entry.getMethod() == METHOD_AES) {
            throw new HostileBundleException(Reason.ENCRYPTED_ENTRY, name, "zip entry '"
                    + EntryNames.printable(name) + "' is encrypted; its content cannot be checked");
        }
        int method = entry.getMethod();
        if (method != ZipMethod.STORED.getCode() && method != ZipMethod.DEFLATED.getCode()) {
            ZipMethod known = ZipMethod.getMethodByCode(method);
            throw malformedEntry(name, "uses compression method " + method + (known == null ? "" : " (" + known
                    + ")") + "; only STORED and DEFLATED are accepted");
        }
        if (entry.getDiskNumberStart() != 0) {
            throw malformedEntry(name, "claims to start on disk " + entry.getDiskNumberStart()
                    + "; bundles must be a single file");
        }
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (size < 0 || compressed < 0) {
            throw malformedEntry(name, "has no valid size in the central directory");
        }
        if (directory) {
            if (size != 0 || compressed > MAX_DIRECTORY_DATA) {
                throw malformedEntry(name, "is a directory but carries " + compressed + " bytes of data");
            }
            if (!path.isEmpty()) {
                registry.addDirectory(path);
            }
            return new Item(entry, name, path, true);
        }
        registry.addFile(path);
        checkDeclaredSizes(name, size, compressed, method);
        return new Item(entry, name, path, false);
    }

    /** Refuses early what the central directory admits to; the actual byte counts are checked again later. */
    private void checkDeclaredSizes(String name, long size, long compressed, int method) {
        if (size > ArchiveLimits.RATIO_EXEMPT_BYTES && size > (long) limits.maxCompressionRatio() * compressed) {
            throw zipBomb(name, "declares " + size + " bytes from " + compressed + " compressed bytes");
        }
        if (size > limits.maxFileBytes()) {
            throw new HostileBundleException(Reason.OVERSIZED_FILE, name, "zip entry '" + EntryNames.printable(name)
                    + "' declares " + size + " bytes; the limit maxFileBytes is " + limits.maxFileBytes());
        }
        if (method == ZipMethod.STORED.getCode() && size != compressed) {
            throw malformedEntry(name, "is stored uncompressed but declares " + size + " bytes and "
                    + compressed + " compressed bytes");
        }
    }

    /**
     * Only regular files and directories: a Unix mode of symlink, FIFO, device or socket is
     * refused, as is a Windows reparse point (how Windows zips mark links and junctions).
     */
    private static void checkType(ZipArchiveEntry entry, String name, boolean directory) {
        long attributes = entry.getExternalAttributes();
        if ((attributes & WINDOWS_REPARSE_POINT) != 0) {
            throw new HostileBundleException(Reason.SYMLINK, name, "zip entry '" + EntryNames.printable(name)
                    + "' is a Windows reparse point (a symbolic link or junction); bundles hold only regular files");
        }
        if (entry.getPlatform() != ZipArchiveEntry.PLATFORM_UNIX) {
            return;
        }
        int type = entry.getUnixMode() & S_IFMT;
        switch (type) {
            case 0:
                return;
            case S_IFREG:
                if (directory) {
                    throw malformedEntry(name, "ends with '/' but its mode says it is a regular file");
                }
                return;
            case S_IFDIR:
                if (!directory) {
                    throw malformedEntry(name, "has a directory mode but no trailing '/'");
                }
                return;
            case S_IFLNK:
                throw new HostileBundleException(Reason.SYMLINK, name, "zip entry '" + EntryNames.printable(name)
                        + "' is a symbolic link; bundles hold only regular files, and a link would let later"
                        + " entries or readers escape the bundle");
            default:
                throw new HostileBundleException(Reason.SPECIAL_FILE, name, "zip entry '"
                        + EntryNames.printable(name) + "' is a " + describeType(type)
                        + ", not a regular file or directory");
        }
    }

    private static String describeType(int type) {
        switch (type) {
            case 0010000:
                return "FIFO";
            case 0020000:
                return "character device";
            case 0060000:
                return "block device";
            case 0140000:
                return "socket";
            default:
                return "file of unknown type " + Integer.toOctalString(type);
        }
    }

    /**
     * Names are UTF-8, strictly: whatever the language-encoding flag says, tools that guess an
     * encoding would read undecodable bytes differently, so they are refused.
     */
    private static String decodeName(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            String lossy = new String(raw, StandardCharsets.UTF_8);
            throw new HostileBundleException(Reason.BAD_NAME, lossy, "zip entry '" + EntryNames.printable(lossy)
                    + "' has a name that is not valid UTF-8");
        }
    }

    private static void checkUnicodePath(byte[] extra, byte[] rawName, String name) {
        byte[] field = ZipStructure.findExtraField(extra, ZipStructure.UNICODE_PATH_EXTRA);
        // Layout: version (1 byte), CRC-32 of the header name (4 bytes), then the UTF-8 name.
        if (field != null && (field.length < 5 || !Arrays.equals(Arrays.copyOfRange(field, 5, field.length),
                rawName))) {
            String other = field.length < 5 ? "" : new String(field, 5, field.length - 5, StandardCharsets.UTF_8);
            throw new HostileBundleException(Reason.BAD_NAME, name, "zip entry '" + EntryNames.printable(name)
                    + "' carries a Unicode Path extra field naming it '" + EntryNames.printable(other)
                    + "'; tools disagree on which name to use");
        }
    }

    /**
     * The local headers agree with the central directory, and the entries tile the archive from
     * offset 0 to the central directory with nothing hidden between them and nothing shared.
     */
    private void checkLayout(List<Item> items, CentralDirectory directory) throws IOException {
        List<Item> physical = new ArrayList<>(items);
        physical.sort(Comparator.comparingLong(i -> i.entry().getLocalHeaderOffset()));
        long expected = 0;
        for (int i = 0; i < physical.size(); i++) {
            Item item = physical.get(i);
            ZipArchiveEntry entry = item.entry();
            long offset = entry.getLocalHeaderOffset();
            if (offset != expected) {
                throw malformedEntry(item.name(), offset < expected
                        ? "overlaps the entry before it (offset " + offset + " < " + expected + "); overlapping"
                                + " entries share compressed data and multiply it"
                        : "starts at offset " + offset + " but the previous entry ends at " + expected + "; the "
                                + (offset - expected) + " bytes between are hidden from some zip readers");
            }
            LocalHeader local = ZipStructure.readLocalHeader(channel, offset, item.name());
            compareHeaders(item, local);
            long dataEnd = local.dataOffset() + entry.getCompressedSize();
            long next = i + 1 < physical.size() ? physical.get(i + 1).entry().getLocalHeaderOffset()
                    : directory.offset();
            expected = dataEnd + dataDescriptorLength(item, local, dataEnd, next);
        }
        if (expected != directory.offset()) {
            throw malformed("has " + (directory.offset() - expected) + " bytes between its last entry and its"
                    + " central directory that belong to no entry (hidden data)");
        }
    }

    private void compareHeaders(Item item, LocalHeader local) {
        ZipArchiveEntry entry = item.entry();
        String name = item.name();
        if (!Arrays.equals(local.rawName(), entry.getRawName())) {
            throw malformedEntry(name, "is named '" + EntryNames.printable(new String(local.rawName(),
                    StandardCharsets.UTF_8)) + "' in its local header; streaming and random-access readers would"
                    + " see different files");
        }
        if (local.method() != entry.getMethod()) {
            throw malformedEntry(name, "has compression method " + local.method() + " in its local header but "
                    + entry.getMethod() + " in the central directory");
        }
        if ((local.flags() & SIGNIFICANT_FLAGS) != (entry.getRawFlag() & SIGNIFICANT_FLAGS)) {
            throw malformedEntry(name, "has different flags in its local header (0x" + Integer.toHexString(
                    local.flags()) + ") and the central directory (0x" + Integer.toHexString(entry.getRawFlag())
                    + ")");
        }
        if ((local.flags() & FLAG_DATA_DESCRIPTOR) == 0) {
            boolean zip64 = local.size() == 0xFFFFFFFFL || local.compressedSize() == 0xFFFFFFFFL;
            if (local.crc() != entry.getCrc()
                    || (!zip64 && (local.size() != entry.getSize()
                            || local.compressedSize() != entry.getCompressedSize()))) {
                throw malformedEntry(name, "has a local header whose sizes or CRC (" + local.size() + " bytes, "
                        + local.compressedSize() + " compressed) differ from the central directory's ("
                        + entry.getSize() + ", " + entry.getCompressedSize() + ")");
            }
        }
        if (entry.getDataOffset() >= 0 && entry.getDataOffset() != local.dataOffset()) {
            throw malformedEntry(name, "has its data at an offset the zip parser disagrees about");
        }
        checkUnicodePath(local.extra(), entry.getRawName(), name);
    }

    /**
     * The length of the data descriptor after an entry's data: none unless the entry's flag says
     * so, and then one of the four layouts the specification allows (optional signature, 32- or
     * 64-bit sizes), with values matching the central directory.
     */
    private long dataDescriptorLength(Item item, LocalHeader local, long dataEnd, long next) throws IOException {
        if ((local.flags() & FLAG_DATA_DESCRIPTOR) == 0) {
            return 0;
        }
        long gap = next - dataEnd;
        if (gap != 12 && gap != 16 && gap != 20 && gap != 24) {
            throw malformedEntry(item.name(), "is followed by " + gap + " bytes where its data descriptor should"
                    + " be; a descriptor is 12 to 24 bytes, anything else is hidden data");
        }
        byte[] descriptor = ZipStructure.read(channel, dataEnd, (int) gap);
        int at = ZipStructure.u32(descriptor, 0) == ZipStructure.DATA_DESCRIPTOR_SIG && (gap == 16 || gap == 24)
                ? 4 : 0;
        boolean wide = gap - at == 20;
        if (gap - at != 12 && !wide) {
            throw malformedEntry(item.name(), "has a data descriptor of an impossible length (" + gap + " bytes)");
        }
        long crc = ZipStructure.u32(descriptor, at);
        long compressed = wide ? ZipStructure.i64(descriptor, at + 4) : ZipStructure.u32(descriptor, at + 4);
        long size = wide ? ZipStructure.i64(descriptor, at + 12) : ZipStructure.u32(descriptor, at + 8);
        ZipArchiveEntry entry = item.entry();
        if (crc != entry.getCrc() || compressed != entry.getCompressedSize() || size != entry.getSize()) {
            throw malformedEntry(item.name(), "has a data descriptor that disagrees with the central directory");
        }
        return gap;
    }

    private byte[] readData(ZipFile zip, Item item) throws IOException {
        ZipArchiveEntry entry = item.entry();
        EntryOutput output = new EntryOutput(item.name(), entry.getSize(), entry.getCompressedSize());
        try (InputStream raw = zip.getRawInputStream(entry)) {
            if (raw == null) {
                throw malformedEntry(item.name(), "has no readable data");
            }
            if (entry.getMethod() == ZipMethod.STORED.getCode()) {
                copyStored(raw, output);
            } else {
                inflate(raw, output);
            }
        }
        return output.finish(entry.getCrc());
    }

    private static void copyStored(InputStream raw, EntryOutput output) throws IOException {
        byte[] buffer = new byte[CHUNK];
        for (int n; (n = raw.read(buffer)) >= 0; ) {
            output.write(buffer, n);
        }
    }

    private static void inflate(InputStream raw, EntryOutput output) throws IOException {
        Inflater inflater = new Inflater(true);
        try {
            byte[] input = new byte[CHUNK];
            byte[] buffer = new byte[CHUNK];
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    int n = raw.read(input);
                    if (n < 0) {
                        throw output.malformed("ends before its compressed data does (truncated or corrupt)");
                    }
                    inflater.setInput(input, 0, n);
                }
                int produced = inflater.inflate(buffer);
                if (produced > 0) {
                    output.write(buffer, produced);
                } else if (inflater.needsDictionary()) {
                    throw output.malformed("needs a preset deflate dictionary, which zip does not allow");
                }
            }
            long trailing = inflater.getRemaining() + raw.transferTo(OutputStream.nullOutputStream());
            if (trailing > 0) {
                throw output.malformed("has " + trailing + " bytes after the end of its compressed data");
            }
        } catch (DataFormatException e) {
            throw output.malformed("has corrupt compressed data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /**
     * The bytes of one entry as they are produced, checked against every limit on each chunk: the
     * compression ratio (against the declared compressed size, which bounds what the inflater may
     * consume), the file and total size limits, and the size the headers declared.
     */
    private final class EntryOutput {
        private final String name;
        private final long declaredSize;
        private final long compressedSize;
        private final FileBuffer buffer;
        private final CRC32 crc = new CRC32();

        EntryOutput(String name, long declaredSize, long compressedSize) {
            this.name = name;
            this.declaredSize = declaredSize;
            this.compressedSize = compressedSize;
            this.buffer = new FileBuffer(declaredSize);
        }

        void write(byte[] bytes, int count) {
            long size = buffer.length() + count;
            if (size > ArchiveLimits.RATIO_EXEMPT_BYTES
                    && size > (long) limits.maxCompressionRatio() * compressedSize) {
                throw zipBomb(name, "inflated past " + size + " bytes from " + compressedSize + " compressed bytes");
            }
            budget.grow(name, size, count);
            if (size > declaredSize) {
                throw malformed("inflates to more than the " + declaredSize + " bytes its headers declare"
                        + " (the header lies about the size)");
            }
            crc.update(bytes, 0, count);
            buffer.append(bytes, 0, count);
        }

        byte[] finish(long expectedCrc) {
            if (buffer.length() != declaredSize) {
                throw malformed("holds " + buffer.length() + " bytes but its headers declare " + declaredSize);
            }
            if (crc.getValue() != expectedCrc) {
                throw malformed("fails its CRC-32 check (corrupt or altered)");
            }
            return buffer.toByteArray();
        }

        HostileBundleException malformed(String problem) {
            return malformedEntry(name, problem);
        }
    }

    private HostileBundleException zipBomb(String name, String what) {
        return new HostileBundleException(Reason.ZIP_BOMB, name, "zip entry '" + EntryNames.printable(name) + "' "
                + what + ", more than the limit maxCompressionRatio of " + limits.maxCompressionRatio()
                + ":1 (applied to entries over " + ArchiveLimits.RATIO_EXEMPT_BYTES + " bytes); it looks like a zip"
                + " bomb");
    }
}
