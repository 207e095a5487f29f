package io.custos.bundle.archive;

import static io.custos.bundle.archive.TestZips.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.bundle.archive.HostileBundleException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFilesTest {

    @TempDir
    Path temp;

    private static BundleFiles sample() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("model.onnx", TestZips.noise(50_000, 7));
        files.put("MLmodel", bytes("artifact_path: model\nflavors:\n  python_function: {}\n"));
        files.put("artifacts/data/zeros.bin", new byte[200_000]);
        files.put("./requirements.txt", bytes("onnx==1.16.0\n"));
        files.put("empty.txt", new byte[0]);
        return BundleFiles.of(files);
    }

    private static byte[] zip(BundleFiles files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.writeZip(out);
        return out.toByteArray();
    }

    @Test
    void holdsNormalizedSortedPaths() {
        BundleFiles files = sample();
        assertEquals(List.of("MLmodel", "artifacts/data/zeros.bin", "empty.txt", "model.onnx", "requirements.txt"),
                List.copyOf(files.paths()));
        assertTrue(files.has("requirements.txt"));
        assertFalse(files.has("./requirements.txt"));
        assertFalse(files.has("artifacts"), "directories are implied, not listed");
        assertEquals(50_000, files.size("model.onnx"));
        long expected = 0;
        for (String path : files.paths()) {
            expected += files.bytes(path).length;
        }
        assertEquals(50_000 + 200_000 + 13 + files.size("MLmodel"), expected);
        assertEquals(expected, files.totalBytes());
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class, () -> files.bytes("nope"));
        assertTrue(absent.getMessage().contains("'nope'"), absent.getMessage());
        assertThrows(IllegalArgumentException.class, () -> files.size("nope"));
    }

    @Test
    void isImmutable() {
        byte[] data = bytes("original");
        Map<String, byte[]> map = new LinkedHashMap<>();
        map.put("a.txt", data);
        BundleFiles files = BundleFiles.of(map);
        data[0] = 'X';
        files.bytes("a.txt")[0] = 'Y';
        assertArrayEquals(bytes("original"), files.bytes("a.txt"));
        assertThrows(UnsupportedOperationException.class, () -> files.paths().clear());
    }

    @Test
    void ofChecksNamesLikeTheReaders() {
        HostileBundleException slip = assertThrows(HostileBundleException.class,
                () -> BundleFiles.of(Map.of("../evil", new byte[0])));
        assertEquals(Reason.ZIP_SLIP, slip.reason());
        assertEquals("../evil", slip.path());
        assertEquals(Reason.ABSOLUTE_PATH, assertThrows(HostileBundleException.class,
                () -> BundleFiles.of(Map.of("/etc/passwd", new byte[0]))).reason());
        assertEquals(Reason.BAD_NAME, assertThrows(HostileBundleException.class,
                () -> BundleFiles.of(Map.of("dir/", new byte[0]))).reason());
        assertEquals(Reason.DUPLICATE_ENTRY, assertThrows(HostileBundleException.class,
                () -> BundleFiles.of(Map.of("MLmodel", new byte[0], "./MLmodel", new byte[0]))).reason());
        assertEquals(Reason.DUPLICATE_ENTRY, assertThrows(HostileBundleException.class,
                () -> BundleFiles.of(Map.of("Readme", new byte[0], "README", new byte[0]))).reason());
    }

    @Test
    void roundTripsThroughAZip() throws IOException {
        BundleFiles files = sample();
        byte[] zip = zip(files);
        BundleFiles fromStream = BundleFiles.readZip(new ByteArrayInputStream(zip), ArchiveLimits.defaults());
        assertEquals(files, fromStream);
        assertEquals(files.hashCode(), fromStream.hashCode());
        Path file = Files.write(temp.resolve("bundle.zip"), zip);
        assertEquals(files, BundleFiles.readZip(file, ArchiveLimits.defaults()));
        assertNotEquals(files, BundleFiles.of(Map.of("MLmodel", new byte[0])));
    }

    @Test
    void writesTheSameBytesEveryTimeInAnyTimeZone() throws IOException {
        byte[] first = zip(sample());
        assertArrayEquals(first, zip(sample()));
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertArrayEquals(first, zip(sample()));
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            assertArrayEquals(first, zip(sample()));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    /** Walks the raw records: sorted names, fixed time, mode 0644, UTF-8 flag, no extras, sizes up front. */
    @Test
    void writesACleanDeterministicLayout() throws IOException {
        byte[] zip = zip(sample());
        List<String> localNames = new ArrayList<>();
        int at = 0;
        while (ZipStructure.u32(zip, at) == ZipStructure.LOCAL_HEADER_SIG) {
            assertEquals(0x0800, ZipStructure.u16(zip, at + 6), "UTF-8 names, no data descriptor");
            assertEquals(0, ZipStructure.u16(zip, at + 10), "time 00:00:00");
            assertEquals((0 << 9) | (1 << 5) | 1, ZipStructure.u16(zip, at + 12), "date 1980-01-01");
            assertEquals(0, ZipStructure.u16(zip, at + 28), "no extra fields");
            int nameLength = ZipStructure.u16(zip, at + 26);
            localNames.add(new String(zip, at + 30, nameLength, java.nio.charset.StandardCharsets.UTF_8));
            at += 30 + nameLength + (int) ZipStructure.u32(zip, at + 18);
        }
        assertEquals(List.of("MLmodel", "artifacts/data/zeros.bin", "empty.txt", "model.onnx", "requirements.txt"),
                localNames);
        int records = 0;
        while (ZipStructure.u32(zip, at) == ZipStructure.CENTRAL_HEADER_SIG) {
            assertEquals(3, ZipStructure.u16(zip, at + 4) >> 8, "made by Unix");
            assertEquals(0100644L, ZipStructure.u32(zip, at + 38) >> 16, "regular file, 0644");
            assertEquals(0, ZipStructure.u16(zip, at + 30), "no extra fields");
            assertEquals(0, ZipStructure.u16(zip, at + 32), "no comment");
            records++;
            at += 46 + ZipStructure.u16(zip, at + 28);
        }
        assertEquals(5, records);
        assertEquals(ZipStructure.END_SIG, ZipStructure.u32(zip, at));
        assertEquals(zip.length, at + 22, "no archive comment");
    }

    @Test
    void writesTheGivenTimestamp() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sample().writeZip(out, Instant.parse("2024-05-17T13:45:31Z"));
        byte[] zip = out.toByteArray();
        assertEquals((13 << 11) | (45 << 5) | (30 / 2), ZipStructure.u16(zip, 10));
        assertEquals(((2024 - 1980) << 9) | (5 << 5) | 17, ZipStructure.u16(zip, 12));
        assertThrows(IllegalArgumentException.class,
                () -> sample().writeZip(new ByteArrayOutputStream(), Instant.parse("1970-01-01T00:00:00Z")));
    }

    @Test
    void writesZipsThatStreamingReadersUnderstand() throws IOException {
        BundleFiles files = sample();
        Map<String, byte[]> streamed = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip(files)))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                streamed.put(entry.getName(), in.readAllBytes());
            }
        }
        assertEquals(files, BundleFiles.of(streamed));
    }

    @Test
    void roundTripsThroughADirectoryAndNeverOverwrites() throws IOException {
        BundleFiles files = sample();
        Path dir = temp.resolve("out");
        files.writeDirectory(dir);
        assertEquals(files, BundleFiles.readDirectory(dir, ArchiveLimits.defaults()));
        assertThrows(FileAlreadyExistsException.class, () -> files.writeDirectory(dir));

        Path other = Files.createDirectories(temp.resolve("other"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(other.resolve("artifacts"), outside);
        assertThrows(FileAlreadyExistsException.class, () -> files.writeDirectory(other));
        try (var listing = Files.list(outside)) {
            assertEquals(0, listing.count(), "nothing written through the link");
        }
        try (var listing = Files.list(other)) {
            assertEquals(1, listing.count(), "nothing written at all");
        }
    }

    @Test
    void anEmptyBundleRoundTrips() throws IOException {
        BundleFiles empty = BundleFiles.of(Map.of());
        BundleFiles back = BundleFiles.readZip(new ByteArrayInputStream(zip(empty)), ArchiveLimits.defaults());
        assertEquals(empty, back);
        assertEquals(0, back.totalBytes());
    }

    @Test
    void limitsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ArchiveLimits(0, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ArchiveLimits(1, 1L << 40, 1L << 40, 1, 1, 1));
        ArchiveLimits defaults = ArchiveLimits.defaults();
        assertEquals(new ArchiveLimits(1000, 256L << 20, 512L << 20, 200, 255, 8), defaults);
        assertTrue(defaults.maxArchiveBytes() > defaults.maxTotalBytes());
    }
}
