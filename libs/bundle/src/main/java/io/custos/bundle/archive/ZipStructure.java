package io.custos.bundle.archive;

import io.custos.bundle.archive.HostileBundleException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The raw zip records this package checks itself, next to commons-compress's parser: the end
 * records and the central directory framing (so that a central directory of millions of tiny
 * records is refused before a parser builds an object for each), and local file headers (which
 * commons-compress reads only for their lengths, while streaming tools trust their names).
 *
 * <p>Offsets are those of the APPNOTE zip specification; all numbers are little-endian.
 */
final class ZipStructure {

    static final int LOCAL_HEADER_SIG = 0x04034b50;
    static final int CENTRAL_HEADER_SIG = 0x02014b50;
    static final int END_SIG = 0x06054b50;
    static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    static final int ZIP64_END_SIG = 0x06064b50;
    static final int DATA_DESCRIPTOR_SIG = 0x08074b50;

    static final int LOCAL_HEADER_SIZE = 30;
    static final int CENTRAL_HEADER_SIZE = 46;
    static final int END_SIZE = 22;
    static final int ZIP64_LOCATOR_SIZE = 20;
    static final int ZIP64_END_SIZE = 56;
    static final int MAX_COMMENT = 0xFFFF;
    /** Real extra fields and entry comments are tens of bytes; more only costs memory in the parser. */
    static final int MAX_EXTRA_OR_COMMENT = 16 * 1024;

    /** The Info-ZIP Unicode Path extra field: an alternative name some tools prefer to the header's. */
    static final int UNICODE_PATH_EXTRA = 0x7075;

    private ZipStructure() {
    }

    /** Where the central directory is, according to the end records, and how many records it has. */
    record CentralDirectory(long offset, long end, long entries) {
    }

    /** What a local file header says about its entry. */
    record LocalHeader(int flags, int method, long crc, long compressedSize, long size, byte[] rawName,
            byte[] extra, long dataOffset) {
    }

    /**
     * Finds the end of central directory record the way commons-compress does (the last signature
     * within comment range of the end), then insists that everything agrees: the comment reaches
     * exactly to the end of the file, the central directory ends exactly where the end records
     * begin, its records are well framed, and their number matches the count in the end record.
     * Counting stops at {@code maxEntries + 1}.
     */
    static CentralDirectory locateCentralDirectory(SeekableByteChannel channel, ArchiveLimits limits)
            throws IOException {
        long size = channel.size();
        if (size < END_SIZE) {
            throw malformed("is not a zip archive: it is only " + size + " bytes long, shorter than an end of"
                    + " central directory record");
        }
        int tailLength = (int) Math.min(size, END_SIZE + MAX_COMMENT);
        byte[] tail = read(channel, size - tailLength, tailLength);
        int end = -1;
        for (int i = tailLength - END_SIZE; i >= 0; i--) {
            if (u32(tail, i) == END_SIG) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw malformed("is not a zip archive (no end of central directory record); it is truncated or not"
                    + " a zip at all");
        }
        long endOffset = size - tailLength + end;
        int commentLength = u16(tail, end + 20);
        if (endOffset + END_SIZE + commentLength != size) {
            throw malformed("has an end of central directory record whose comment length (" + commentLength
                    + ") does not reach the end of the file (" + (size - endOffset - END_SIZE) + " bytes follow);"
                    + " the archive is truncated, has data appended, or hides a record in its comment");
        }
        long disk = u16(tail, end + 4);
        long directoryDisk = u16(tail, end + 6);
        long entriesOnDisk = u16(tail, end + 8);
        long entries = u16(tail, end + 10);
        long directorySize = u32(tail, end + 12);
        long directoryOffset = u32(tail, end + 16);
        long directoryEnd = endOffset;

        long locatorOffset = endOffset - ZIP64_LOCATOR_SIZE;
        if (locatorOffset >= 0 && u32(read(channel, locatorOffset, 4), 0) == ZIP64_LOCATOR_SIG) {
            byte[] locator = read(channel, locatorOffset, ZIP64_LOCATOR_SIZE);
            long zip64Disk = u32(locator, 4);
            long zip64EndOffset = i64(locator, 8);
            long disks = u32(locator, 16);
            if (zip64Disk != 0 || disks > 1) {
                throw malformed("spans several disks (a split archive); bundles must be a single file");
            }
            if (zip64EndOffset < 0 || zip64EndOffset > locatorOffset - ZIP64_END_SIZE) {
                throw malformed("has a ZIP64 end locator pointing outside the archive");
            }
            byte[] zip64End = read(channel, zip64EndOffset, ZIP64_END_SIZE);
            if (u32(zip64End, 0) != ZIP64_END_SIG) {
                throw malformed("has a ZIP64 end locator that points to no ZIP64 end record");
            }
            if (zip64EndOffset + 12 + i64(zip64End, 4) != locatorOffset) {
                throw malformed("has a ZIP64 end record whose size does not reach its locator");
            }
            disk = u32(zip64End, 16);
            directoryDisk = u32(zip64End, 20);
            entriesOnDisk = i64(zip64End, 24);
            entries = i64(zip64End, 32);
            directorySize = i64(zip64End, 40);
            directoryOffset = i64(zip64End, 48);
            directoryEnd = zip64EndOffset;
        }
        if (disk != 0 || directoryDisk != 0 || entriesOnDisk != entries) {
            throw malformed("spans several disks (a split archive); bundles must be a single file");
        }
        if (entries < 0 || entries > limits.maxEntries()) {
            throw Budget.tooManyEntries(null, limits);
        }
        if (directoryOffset < 0 || directorySize < 0 || directoryOffset + directorySize != directoryEnd) {
            throw malformed("has a central directory (offset " + directoryOffset + ", " + directorySize
                    + " bytes) that does not end where the end records begin (offset " + directoryEnd
                    + "); data was prepended, appended or spliced in");
        }
        long records = 0;
        long position = directoryOffset;
        while (position < directoryEnd) {
            if (directoryEnd - position < CENTRAL_HEADER_SIZE) {
                throw malformed("has a truncated central directory record at offset " + position);
            }
            byte[] header = read(channel, position, CENTRAL_HEADER_SIZE);
            if (u32(header, 0) != CENTRAL_HEADER_SIG) {
                throw malformed("has a corrupt central directory: no record signature at offset " + position);
            }
            if (++records > limits.maxEntries()) {
                throw Budget.tooManyEntries(null, limits);
            }
            int nameLength = u16(header, 28);
            int extraLength = u16(header, 30);
            int entryCommentLength = u16(header, 32);
            // UTF-8 takes at most 4 bytes per code point; 3 more for a "./" prefix and a trailing '/'.
            if (nameLength > 4L * limits.maxPathLength() + 3) {
                String name = new String(read(channel, position + CENTRAL_HEADER_SIZE, nameLength),
                        StandardCharsets.UTF_8);
                throw new HostileBundleException(Reason.BAD_NAME, name, "'" + EntryNames.printable(name) + "' is "
                        + nameLength + " bytes long; the limit maxPathLength is " + limits.maxPathLength()
                        + " characters");
            }
            if (extraLength > MAX_EXTRA_OR_COMMENT || entryCommentLength > MAX_EXTRA_OR_COMMENT) {
                throw malformed("has a central directory record at offset " + position + " with "
                        + extraLength + " bytes of extra fields and a " + entryCommentLength + "-byte comment; more"
                        + " than " + MAX_EXTRA_OR_COMMENT + " is refused");
            }
            position += CENTRAL_HEADER_SIZE + nameLength + extraLength + entryCommentLength;
        }
        if (position != directoryEnd) {
            throw malformed("has a central directory whose last record runs past its end");
        }
        if (records != entries) {
            throw malformed("says it has " + entries + " entries but its central directory has " + records
                    + "; tools that trust one or the other would see different files");
        }
        return new CentralDirectory(directoryOffset, directoryEnd, entries);
    }

    /** Reads the local file header at {@code offset}, or refuses the archive if there is none. */
    static LocalHeader readLocalHeader(SeekableByteChannel channel, long offset, String entry) throws IOException {
        if (offset < 0 || offset > channel.size() - LOCAL_HEADER_SIZE) {
            throw malformedEntry(entry, "points to a local header outside the archive (offset " + offset + ")");
        }
        byte[] fixed = read(channel, offset, LOCAL_HEADER_SIZE);
        if (u32(fixed, 0) != LOCAL_HEADER_SIG) {
            throw malformedEntry(entry, "points to offset " + offset + ", where there is no local file header");
        }
        int nameLength = u16(fixed, 26);
        int extraLength = u16(fixed, 28);
        long dataOffset = offset + LOCAL_HEADER_SIZE + nameLength + extraLength;
        if (dataOffset > channel.size()) {
            throw malformedEntry(entry, "has a local header that runs past the end of the archive");
        }
        byte[] variable = read(channel, offset + LOCAL_HEADER_SIZE, nameLength + extraLength);
        return new LocalHeader(u16(fixed, 6), u16(fixed, 8), u32(fixed, 14), u32(fixed, 18), u32(fixed, 22),
                Arrays.copyOfRange(variable, 0, nameLength), Arrays.copyOfRange(variable, nameLength,
                        variable.length), dataOffset);
    }

    /** The data of the first extra field with this id in an extra-field block, or null. */
    static byte[] findExtraField(byte[] extra, int id) {
        if (extra == null) {
            return null;
        }
        int i = 0;
        while (i + 4 <= extra.length) {
            int fieldId = u16(extra, i);
            int length = u16(extra, i + 2);
            if (i + 4 + length > extra.length) {
                return null;
            }
            if (fieldId == id) {
                return Arrays.copyOfRange(extra, i + 4, i + 4 + length);
            }
            i += 4 + length;
        }
        return null;
    }

    static byte[] read(SeekableByteChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        synchronized (channel) {
            channel.position(offset);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new EOFException("unexpected end of archive at offset " + (offset + buffer.position()));
                }
            }
        }
        return buffer.array();
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int i) {
        return (u16(b, i) | (long) u16(b, i + 2) << 16) & 0xFFFFFFFFL;
    }

    /** A 64-bit field; values past Long.MAX_VALUE come back negative, which callers refuse. */
    static long i64(byte[] b, int i) {
        return u32(b, i) | u32(b, i + 4) << 32;
    }

    static HostileBundleException malformed(String problem) {
        return new HostileBundleException(Reason.MALFORMED_ARCHIVE, null, "the archive " + problem);
    }

    static HostileBundleException malformedEntry(String entry, String problem) {
        return new HostileBundleException(Reason.MALFORMED_ARCHIVE, entry, "zip entry '"
                + EntryNames.printable(entry) + "' " + problem);
    }
}
