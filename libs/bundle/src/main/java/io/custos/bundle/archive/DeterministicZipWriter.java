package io.custos.bundle.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a zip whose bytes depend only on the files and the timestamp: entries in sorted order,
 * one fixed modification time, Unix mode 0644, UTF-8 names with the language-encoding flag, no
 * extra fields, no directory entries, no data descriptors, no comment.
 *
 * <p>The records are written here rather than through a zip library because libraries add
 * things that vary: commons-compress converts times through the JVM's default time zone and adds
 * extended-timestamp extra fields for some times, the JDK adds data descriptors. Each file is
 * compressed first, so every local header carries the real sizes and CRC and a streaming reader
 * sees exactly what the central directory says. A file that deflate does not shrink is stored.
 * The deflate level is fixed; compressed bytes are identical for the same zlib (the JDK's).
 *
 * <p>ZIP64 is not written: an archive past 4 GiB or 65,535 files is refused with an
 * {@link IOException} (the default limits stop far below that).
 */
final class DeterministicZipWriter {

    /** The earliest time a zip (MS-DOS) timestamp can hold, used when none is given. */
    static final Instant DEFAULT_TIME = Instant.parse("1980-01-01T00:00:00Z");
    private static final Instant LATEST_TIME = Instant.parse("2107-12-31T23:59:59Z");

    private static final int LEVEL = 6;
    private static final int VERSION = 20;
    private static final int MADE_BY_UNIX = 3 << 8 | VERSION;
    private static final int FLAG_UTF8 = 0x0800;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    private static final long MODE_REGULAR_0644 = 0100644;
    private static final long MAX_32 = 0xFFFFFFFFL;
    private static final int MAX_ENTRIES = 0xFFFF;

    private DeterministicZipWriter() {
    }

    private record Written(byte[] name, int method, long crc, long compressedSize, long size, long offset) {
    }

    static void write(SortedMap<String, byte[]> files, OutputStream out, Instant modified) throws IOException {
        int[] dos = dosDateTime(modified);
        if (files.size() > MAX_ENTRIES) {
            throw new IOException("a bundle of " + files.size() + " files needs ZIP64, which is not written");
        }
        Counter counter = new Counter(out);
        List<Written> written = new ArrayList<>(files.size());
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            written.add(writeLocal(counter, file.getKey(), file.getValue(), dos));
        }
        long directoryOffset = counter.count;
        for (Written w : written) {
            writeCentral(counter, w, dos);
        }
        long directorySize = counter.count - directoryOffset;
        requireFits(directoryOffset + directorySize);
        byte[] end = new byte[ZipStructure.END_SIZE];
        putU32(end, 0, ZipStructure.END_SIG);
        putU16(end, 8, written.size());
        putU16(end, 10, written.size());
        putU32(end, 12, directorySize);
        putU32(end, 16, directoryOffset);
        counter.write(end);
        out.flush();
    }

    private static Written writeLocal(Counter out, String path, byte[] data, int[] dos) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        byte[] deflated = deflate(data);
        boolean store = deflated.length >= data.length;
        byte[] payload = store ? data : deflated;
        Written w = new Written(path.getBytes(StandardCharsets.UTF_8), store ? STORED : DEFLATED, crc.getValue(),
                payload.length, data.length, out.count);
        requireFits(w.offset());
        byte[] header = new byte[ZipStructure.LOCAL_HEADER_SIZE];
        putU32(header, 0, ZipStructure.LOCAL_HEADER_SIG);
        putU16(header, 4, VERSION);
        putU16(header, 6, FLAG_UTF8);
        putU16(header, 8, w.method());
        putU16(header, 10, dos[1]);
        putU16(header, 12, dos[0]);
        putU32(header, 14, w.crc());
        putU32(header, 18, w.compressedSize());
        putU32(header, 22, w.size());
        putU16(header, 26, w.name().length);
        out.write(header);
        out.write(w.name());
        out.write(payload);
        return w;
    }

    private static void writeCentral(Counter out, Written w, int[] dos) throws IOException {
        byte[] header = new byte[ZipStructure.CENTRAL_HEADER_SIZE];
        putU32(header, 0, ZipStructure.CENTRAL_HEADER_SIG);
        putU16(header, 4, MADE_BY_UNIX);
        putU16(header, 6, VERSION);
        putU16(header, 8, FLAG_UTF8);
        putU16(header, 10, w.method());
        putU16(header, 12, dos[1]);
        putU16(header, 14, dos[0]);
        putU32(header, 16, w.crc());
        putU32(header, 20, w.compressedSize());
        putU32(header, 24, w.size());
        putU16(header, 28, w.name().length);
        putU32(header, 38, MODE_REGULAR_0644 << 16);
        putU32(header, 42, w.offset());
        out.write(header);
        out.write(w.name());
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(LEVEL, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * MS-DOS date and time fields ({date, time}) for the UTC wall-clock time of {@code modified},
     * seconds rounded down to even. DOS time has no zone; using UTC keeps the bytes independent
     * of the machine.
     */
    static int[] dosDateTime(Instant modified) {
        if (modified.isBefore(DEFAULT_TIME) || modified.isAfter(LATEST_TIME)) {
            throw new IllegalArgumentException("a zip timestamp must be between " + DEFAULT_TIME + " and "
                    + LATEST_TIME + ", got " + modified);
        }
        LocalDateTime t = LocalDateTime.ofInstant(modified, ZoneOffset.UTC);
        int date = (t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
        int time = t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() / 2;
        return new int[] {date, time};
    }

    private static void requireFits(long offset) throws IOException {
        if (offset > MAX_32) {
            throw new IOException("the zip would be larger than 4 GiB, which needs ZIP64; it is not written");
        }
    }

    private static void putU16(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }

    private static void putU32(byte[] b, int i, long v) {
        putU16(b, i, (int) (v & 0xFFFF));
        putU16(b, i + 2, (int) ((v >>> 16) & 0xFFFF));
    }

    /** Counts bytes written, for offsets; never closes the caller's stream. */
    private static final class Counter {
        private final OutputStream out;
        private long count;

        Counter(OutputStream out) {
            this.out = out;
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            count += bytes.length;
        }
    }
}
