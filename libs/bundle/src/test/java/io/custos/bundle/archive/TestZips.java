package io.custos.bundle.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds zips, hostile or not, in memory. */
final class TestZips {

    private TestZips() {
    }

    interface Body {
        void write(ZipArchiveOutputStream zip) throws IOException;
    }

    /** A zip written by commons-compress to a plain stream (so with data descriptors for deflated entries). */
    static byte[] zip(Body body) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
                body.write(zip);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void add(ZipArchiveOutputStream zip, String name, byte[] data) throws IOException {
        zip.putArchiveEntry(new ZipArchiveEntry(name));
        zip.write(data);
        zip.closeArchiveEntry();
    }

    static void add(ZipArchiveOutputStream zip, String name, String text) throws IOException {
        add(zip, name, text.getBytes(StandardCharsets.UTF_8));
    }

    static void addWithMode(ZipArchiveOutputStream zip, String name, int unixMode, byte[] data) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setUnixMode(unixMode);
        zip.putArchiveEntry(entry);
        zip.write(data);
        zip.closeArchiveEntry();
    }

    /**
     * Adds an entry whose headers say whatever the test wants: the data is given already
     * compressed, and size, compressed size and CRC are taken as given.
     */
    static void addRaw(ZipArchiveOutputStream zip, ZipArchiveEntry entry, byte[] raw) throws IOException {
        zip.addRawArchiveEntry(entry, new ByteArrayInputStream(raw));
    }

    static ZipArchiveEntry rawEntry(String name, int method, long size, long compressedSize, long crc) {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(method);
        entry.setSize(size);
        entry.setCompressedSize(compressedSize);
        entry.setCrc(crc);
        return entry;
    }

    private static byte[] zerosBomb;

    /** 300 MiB of zeros, deflated (about 300 KB), made once: deflating it takes most of a second. */
    static synchronized byte[] deflated300MiBOfZeros() {
        if (zerosBomb == null) {
            zerosBomb = deflateZeros(300L << 20, null);
        }
        return zerosBomb;
    }

    static byte[] deflate(byte[] data) {
        return deflateZeros(0, data);
    }

    /** Raw deflate of {@code zeros} zero bytes (streamed, never held uncompressed) or of {@code data}. */
    static byte[] deflateZeros(long zeros, byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            if (data != null) {
                deflater.setInput(data);
            } else {
                byte[] chunk = new byte[1 << 20];
                for (long left = zeros; left > 0; left -= chunk.length) {
                    deflater.setInput(chunk, 0, (int) Math.min(chunk.length, left));
                    while (!deflater.needsInput()) {
                        out.write(buffer, 0, deflater.deflate(buffer));
                    }
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    static long crcOfZeros(long count) {
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[1 << 20];
        for (long left = count; left > 0; left -= chunk.length) {
            crc.update(chunk, 0, (int) Math.min(chunk.length, left));
        }
        return crc.getValue();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Deterministic, incompressible bytes. */
    static byte[] noise(int length, long seed) {
        byte[] data = new byte[length];
        new java.util.Random(seed).nextBytes(data);
        return data;
    }

    /** Replaces every occurrence of {@code from} with {@code to} (same length) in a copy. */
    static byte[] replaceAll(byte[] data, byte[] from, byte[] to) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("same length only");
        }
        byte[] copy = data.clone();
        int hits = 0;
        outer:
        for (int i = 0; i + from.length <= copy.length; i++) {
            for (int j = 0; j < from.length; j++) {
                if (copy[i + j] != from[j]) {
                    continue outer;
                }
            }
            System.arraycopy(to, 0, copy, i, to.length);
            hits++;
        }
        if (hits == 0) {
            throw new IllegalArgumentException("pattern not found");
        }
        return copy;
    }

    /** Offset of the first occurrence of a 4-byte little-endian signature at or after {@code from}. */
    static int find(byte[] data, int signature, int from) {
        for (int i = from; i + 4 <= data.length; i++) {
            if (ZipStructure.u32(data, i) == (signature & 0xFFFFFFFFL)) {
                return i;
            }
        }
        throw new IllegalArgumentException("signature not found");
    }

    static void putU16(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }

    static void putU32(byte[] b, int i, long v) {
        putU16(b, i, (int) (v & 0xFFFF));
        putU16(b, i + 2, (int) ((v >>> 16) & 0xFFFF));
    }

    /**
     * A zip assembled record by record, for layouts no zip library would write: entries the
     * central directory does not list, entries sharing bytes.
     */
    static final class RawZip {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final ByteArrayOutputStream central = new ByteArrayOutputStream();
        private int records;
        private int flags = 0x0800;

        /** General-purpose flags for the records written from now on (default: UTF-8 names). */
        RawZip flags(int flags) {
            this.flags = flags;
            return this;
        }

        /** A stored entry, local header and central record alike. */
        RawZip add(String name, byte[] data) {
            return central(name, data, local(name, data));
        }

        /** A stored local entry; returns its offset. */
        long local(String name, byte[] data) {
            long offset = body.size();
            byte[] rawName = bytes(name);
            byte[] header = new byte[30];
            putU32(header, 0, ZipStructure.LOCAL_HEADER_SIG);
            putU16(header, 4, 20);
            putU16(header, 6, flags);
            putU16(header, 8, 0);
            putU16(header, 12, 0x21);
            putU32(header, 14, crc(data));
            putU32(header, 18, data.length);
            putU32(header, 22, data.length);
            putU16(header, 26, rawName.length);
            body.writeBytes(header);
            body.writeBytes(rawName);
            body.writeBytes(data);
            return offset;
        }

        /** A central directory record for a stored entry at {@code offset}. */
        RawZip central(String name, byte[] data, long offset) {
            byte[] rawName = bytes(name);
            byte[] header = new byte[46];
            putU32(header, 0, ZipStructure.CENTRAL_HEADER_SIG);
            putU16(header, 4, (3 << 8) | 20);
            putU16(header, 6, 20);
            putU16(header, 8, flags);
            putU16(header, 10, 0);
            putU16(header, 14, 0x21);
            putU32(header, 16, crc(data));
            putU32(header, 20, data.length);
            putU32(header, 24, data.length);
            putU16(header, 28, rawName.length);
            putU32(header, 38, 0100644L << 16);
            putU32(header, 42, offset);
            central.writeBytes(header);
            central.writeBytes(rawName);
            records++;
            return this;
        }

        byte[] finish() {
            byte[] end = new byte[22];
            putU32(end, 0, ZipStructure.END_SIG);
            putU16(end, 8, records);
            putU16(end, 10, records);
            putU32(end, 12, central.size());
            putU32(end, 16, body.size());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(body.toByteArray());
            out.writeBytes(central.toByteArray());
            out.writeBytes(end);
            return out.toByteArray();
        }
    }
}
