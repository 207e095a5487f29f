package io.custos.bundle.archive;

import static io.custos.bundle.archive.TestZips.add;
import static io.custos.bundle.archive.TestZips.addRaw;
import static io.custos.bundle.archive.TestZips.addWithMode;
import static io.custos.bundle.archive.TestZips.bytes;
import static io.custos.bundle.archive.TestZips.rawEntry;
import static io.custos.bundle.archive.TestZips.zip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.bundle.archive.HostileBundleException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.UnicodePathExtraField;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZipReadingTest {

    private static final ArchiveLimits DEFAULTS = ArchiveLimits.defaults();

    @TempDir
    Path temp;

    /**
     * Reads the zip both ways (stream and file) and asserts both refuse it for the same reason,
     * about the same entry, with a message naming it.
     */
    private HostileBundleException refused(Reason reason, String path, byte[] zip, ArchiveLimits limits)
            throws IOException {
        HostileBundleException fromStream = assertThrows(HostileBundleException.class,
                () -> BundleFiles.readZip(new ByteArrayInputStream(zip), limits));
        assertEquals(reason, fromStream.reason(), fromStream::getMessage);
        assertEquals(path, fromStream.path(), fromStream::getMessage);
        if (path != null) {
            assertTrue(fromStream.getMessage().contains("'" + path + "'"), fromStream::getMessage);
        }
        Path file = Files.write(temp.resolve("bundle-" + System.nanoTime() + ".zip"), zip);
        HostileBundleException fromFile = assertThrows(HostileBundleException.class,
                () -> BundleFiles.readZip(file, limits));
        assertEquals(fromStream.getMessage(), fromFile.getMessage());
        return fromStream;
    }

    private HostileBundleException refused(Reason reason, String path, byte[] zip) throws IOException {
        return refused(reason, path, zip, DEFAULTS);
    }

    private static BundleFiles read(byte[] zip) {
        return BundleFiles.readZip(new ByteArrayInputStream(zip), DEFAULTS);
    }

    // ---------------------------------------------------------------- names

    @ParameterizedTest
    @CsvSource({
            "../evil, ZIP_SLIP",
            "a/../../evil, ZIP_SLIP",
            "a/b/.., ZIP_SLIP",
            "..\\evil, ZIP_SLIP",
            "/etc/passwd, ABSOLUTE_PATH",
            "C:\\Windows\\evil.dll, ABSOLUTE_PATH",
            "c:evil, ABSOLUTE_PATH",
            "\\\\server\\share\\evil, ABSOLUTE_PATH",
            "a\\b.txt, BAD_NAME",
            "a//b, BAD_NAME",
            "a/./b, BAD_NAME",
            "nul.txt, BAD_NAME",
            "dir/trailing., BAD_NAME",
            "stream:ads, BAD_NAME",
    })
    void refusesDangerousNames(String name, Reason reason) throws IOException {
        // Written record by record: zip libraries "helpfully" turn backslashes into slashes.
        byte[] zip = new TestZips.RawZip().add(name, bytes("x")).finish();
        HostileBundleException e = refused(reason, name, zip);
        if (reason == Reason.ZIP_SLIP) {
            assertTrue(e.getMessage().contains("'..'"), e.getMessage());
        }
    }

    @Test
    void refusesControlAndInvisibleCharactersAndEscapesThemInTheReport() throws IOException {
        HostileBundleException nul = refused(Reason.BAD_NAME, "a\\u0000b", zip(z -> add(z, "a\u0000b", "x")));
        assertTrue(nul.getMessage().contains("U+0000"), nul.getMessage());
        refused(Reason.BAD_NAME, "line\\u000Abreak", zip(z -> add(z, "line\nbreak", "x")));
        // Right-to-left override: "evil\u202Etxt.exe" displays as "evilexe.txt".
        HostileBundleException rlo = refused(Reason.BAD_NAME, "evil\\u202Etxt.exe",
                zip(z -> add(z, "evil\u202Etxt.exe", "x")));
        assertTrue(rlo.getMessage().contains("U+202E"), rlo.getMessage());
    }

    @Test
    void refusesNamesThatAreNotUtf8() throws IOException {
        byte[] zip = zip(z -> add(z, "caf\u00e9.txt", "x"));
        // Turn the two UTF-8 bytes of 'é' into Latin-1 'é' plus a space: no longer valid UTF-8.
        byte[] latin1 = TestZips.replaceAll(zip, new byte[] {'f', (byte) 0xC3, (byte) 0xA9},
                new byte[] {'f', (byte) 0xE9, ' '});
        HostileBundleException e = refused(Reason.BAD_NAME, "caf\uFFFD .txt", latin1);
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void refusesPathsPastTheLengthAndDepthLimits() throws IOException {
        String longName = "a".repeat(256);
        HostileBundleException length = refused(Reason.BAD_NAME, longName.substring(0, 200) + "...(256 characters)",
                zip(z -> add(z, longName, "x")));
        assertTrue(length.getMessage().contains("maxPathLength is 255"), length.getMessage());

        // Far too long to be a path at all: refused while the central directory is scanned.
        String huge = "b".repeat(5000);
        HostileBundleException early = refused(Reason.BAD_NAME, huge.substring(0, 200) + "...(5000 characters)",
                zip(z -> add(z, huge, "x")));
        assertTrue(early.getMessage().contains("5000 bytes long"), early.getMessage());

        String deep = "1/2/3/4/5/6/7/8/9.txt";
        HostileBundleException depth = refused(Reason.BAD_NAME, deep, zip(z -> add(z, deep, "x")));
        assertTrue(depth.getMessage().contains("9 levels") && depth.getMessage().contains("maxDepth is 8"),
                depth.getMessage());
        assertEquals(List.of("1/2/3/4/5/6/7/8.txt"),
                List.copyOf(read(zip(z -> add(z, "1/2/3/4/5/6/7/8.txt", "x"))).paths()));
    }

    @Test
    void refusesAUnicodePathExtraFieldThatRenamesTheEntry() throws IOException {
        byte[] zip = zip(z -> {
            ZipArchiveEntry entry = new ZipArchiveEntry("model.onnx");
            entry.addExtraField(new UnicodePathExtraField("../evil.onnx", bytes("model.onnx")));
            z.putArchiveEntry(entry);
            z.write(bytes("x"));
            z.closeArchiveEntry();
        });
        HostileBundleException e = refused(Reason.BAD_NAME, "model.onnx", zip);
        assertTrue(e.getMessage().contains("Unicode Path"), e.getMessage());
    }

    // ---------------------------------------------------------------- entry types

    @Test
    void refusesSymlinkEntries() throws IOException {
        byte[] zip = zip(z -> {
            add(z, "MLmodel", "flavors: {}");
            addWithMode(z, "model.onnx", 0120777, bytes("/etc/passwd"));
        });
        HostileBundleException e = refused(Reason.SYMLINK, "model.onnx", zip);
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void refusesFifoAndDeviceEntries() throws IOException {
        HostileBundleException fifo = refused(Reason.SPECIAL_FILE, "pipe", zip(z -> addWithMode(z, "pipe", 0010644,
                new byte[0])));
        assertTrue(fifo.getMessage().contains("FIFO"), fifo.getMessage());
        refused(Reason.SPECIAL_FILE, "disk", zip(z -> addWithMode(z, "disk", 0060600, new byte[0])));
    }

    @Test
    void refusesWindowsReparsePoints() throws IOException {
        byte[] zip = zip(z -> {
            ZipArchiveEntry entry = new ZipArchiveEntry("junction");
            entry.setExternalAttributes(0x400 | 0x20);
            z.putArchiveEntry(entry);
            z.closeArchiveEntry();
        });
        refused(Reason.SYMLINK, "junction", zip);
    }

    @Test
    void refusesEncryptedEntries() throws IOException {
        byte[] zip = new TestZips.RawZip().flags(0x0801).add("weights.bin", bytes("secret")).finish();
        HostileBundleException e = refused(Reason.ENCRYPTED_ENTRY, "weights.bin", zip);
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    }

    @Test
    void refusesCompressionMethodsOtherThanStoredAndDeflated() throws IOException {
        byte[] data = bytes("BZh9 not really");
        byte[] zip = zip(z -> addRaw(z, rawEntry("model.onnx", ZipMethod.BZIP2.getCode(), 100, data.length, 0),
                data));
        HostileBundleException e = refused(Reason.MALFORMED_ARCHIVE, "model.onnx", zip);
        assertTrue(e.getMessage().contains("only STORED and DEFLATED"), e.getMessage());
    }

    // ---------------------------------------------------------------- duplicates

    @Test
    void refusesDuplicateNames() throws IOException {
        byte[] zip = zip(z -> {
            add(z, "MLmodel", "flavors: {python_function: {}}");
            add(z, "MLmodel", "flavors: {evil: {}}");
        });
        HostileBundleException e = refused(Reason.DUPLICATE_ENTRY, "MLmodel", zip);
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void refusesNamesEqualIgnoringCase() throws IOException {
        byte[] zip = zip(z -> {
            add(z, "model.onnx", "good");
            add(z, "MODEL.onnx", "evil");
        });
        HostileBundleException e = refused(Reason.DUPLICATE_ENTRY, "MODEL.onnx", zip);
        assertTrue(e.getMessage().contains("only by case") && e.getMessage().contains("'model.onnx'"),
                e.getMessage());
        refused(Reason.DUPLICATE_ENTRY, "Artifacts", zip(z -> {
            add(z, "artifacts/a.bin", "a");
            add(z, "Artifacts/b.bin", "b");
        }));
        // NFC and NFD spellings of the same name are one file on macOS.
        refused(Reason.DUPLICATE_ENTRY, "cafe\u0301.txt", zip(z -> {
            add(z, "caf\u00e9.txt", "a");
            add(z, "cafe\u0301.txt", "b");
        }));
    }

    @Test
    void refusesANameThatIsBothAFileAndADirectory() throws IOException {
        HostileBundleException e = refused(Reason.DUPLICATE_ENTRY, "artifacts", zip(z -> {
            add(z, "artifacts", "a file");
            add(z, "artifacts/model.bin", "b");
        }));
        assertTrue(e.getMessage().contains("also a file"), e.getMessage());
    }

    // ---------------------------------------------------------------- sizes

    @Test
    void refusesAZipBombQuicklyWithoutInflatingIt() throws IOException {
        long size = 300L << 20;
        byte[] deflated = TestZips.deflated300MiBOfZeros();
        byte[] zip = zip(z -> addRaw(z, rawEntry("model.onnx", ZipMethod.DEFLATED.getCode(), size, deflated.length,
                TestZips.crcOfZeros(size)), deflated));
        assertTrue(zip.length < 1 << 20, "the bomb is small: " + zip.length);
        long start = System.nanoTime();
        HostileBundleException e = refused(Reason.ZIP_BOMB, "model.onnx", zip);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2000, "took " + millis + " ms");
        assertTrue(e.getMessage().contains("maxCompressionRatio of 200"), e.getMessage());
    }

    @Test
    void refusesABombWhoseHeadersLieAboutItsSizeAsSoonAsItPassesTheLie() throws IOException {
        byte[] deflated = TestZips.deflated300MiBOfZeros();
        // Headers claim 1000 bytes: within every limit, and exempt from the ratio check.
        byte[] zip = zip(z -> addRaw(z, rawEntry("model.onnx", ZipMethod.DEFLATED.getCode(), 1000, deflated.length,
                0), deflated));
        long start = System.nanoTime();
        HostileBundleException e = refused(Reason.MALFORMED_ARCHIVE, "model.onnx", zip);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2000, "took " + millis + " ms");
        assertTrue(e.getMessage().contains("more than the 1000 bytes its headers declare"), e.getMessage());
    }

    @Test
    void refusesAnEntryHoldingLessThanItsHeadersDeclare() throws IOException {
        byte[] data = bytes("{\"a\": 1}");
        byte[] deflated = TestZips.deflate(data);
        byte[] zip = zip(z -> addRaw(z, rawEntry("metadata.json", ZipMethod.DEFLATED.getCode(), 5000,
                deflated.length, TestZips.crc(data)), deflated));
        HostileBundleException e = refused(Reason.MALFORMED_ARCHIVE, "metadata.json", zip);
        assertTrue(e.getMessage().contains("holds 8 bytes but its headers declare 5000"), e.getMessage());
    }

    @Test
    void refusesAnOversizedFile() throws IOException {
        ArchiveLimits limits = new ArchiveLimits(1000, 1000, 1 << 20, 200, 255, 8);
        byte[] zip = zip(z -> add(z, "model.onnx", TestZips.noise(2000, 1)));
        HostileBundleException e = refused(Reason.OVERSIZED_FILE, "model.onnx", zip, limits);
        assertTrue(e.getMessage().contains("maxFileBytes is 1000"), e.getMessage());
    }

    @Test
    void refusesABundleLargerThanTheTotalLimit() throws IOException {
        ArchiveLimits limits = new ArchiveLimits(1000, 2000, 3000, 200, 255, 8);
        byte[] zip = zip(z -> {
            for (int i = 0; i < 3; i++) {
                add(z, "part" + i, TestZips.noise(1500, i));
            }
        });
        HostileBundleException e = refused(Reason.TOO_LARGE, "part2", zip, limits);
        assertTrue(e.getMessage().contains("3000 bytes (the limit maxTotalBytes)"), e.getMessage());
    }

    @Test
    void refusesTooManyEntriesBeforeParsingThem() throws IOException {
        ArchiveLimits limits = new ArchiveLimits(5, 1 << 20, 1 << 20, 200, 255, 8);
        byte[] zip = zip(z -> {
            for (int i = 0; i < 6; i++) {
                add(z, "f" + i, "x");
            }
        });
        HostileBundleException e = refused(Reason.TOO_MANY_ENTRIES, null, zip, limits);
        assertTrue(e.getMessage().contains("more than 5 entries"), e.getMessage());
    }

    @Test
    void refusesAnUploadLargerThanAnyValidBundle() {
        ArchiveLimits limits = new ArchiveLimits(1, 100, 100, 200, 10, 2);
        byte[] huge = new byte[(int) limits.maxArchiveBytes() + 1];
        HostileBundleException e = assertThrows(HostileBundleException.class,
                () -> BundleFiles.readZip(new ByteArrayInputStream(huge), limits));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains(String.valueOf(limits.maxArchiveBytes())), e.getMessage());
    }

    // ---------------------------------------------------------------- structure

    @Test
    void refusesTruncatedArchives() throws IOException {
        byte[] zip = zip(z -> add(z, "model.onnx", TestZips.noise(4000, 2)));
        HostileBundleException e = refused(Reason.MALFORMED_ARCHIVE, null, Arrays.copyOf(zip, zip.length / 2));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        // Cut inside the end record: the comment length no longer reaches the end.
        refused(Reason.MALFORMED_ARCHIVE, null, Arrays.copyOf(zip, zip.length - 3));
    }

    @Test
    void refusesThingsThatAreNotZips() throws IOException {
        HostileBundleException e = refused(Reason.MALFORMED_ARCHIVE, null, bytes("flavors:\n  onnx: {}\n".repeat(10)));
        assertTrue(e.getMessage().contains("not a zip"), e.getMessage());
        refused(Reason.MALFORMED_ARCHIVE, null, new byte[0]);
        refused(Reason.MALFORMED_ARCHIVE, null, TestZips.noise(100_000, 3));
    }

    @Test
    void refusesDataPrependedOrAppended() throws IOException {
        byte[] zip = zip(z -> add(z, "MLmodel", "x"));
        byte[] prefixed = new byte[zip.length + 4];
        System.arraycopy(zip, 0, prefixed, 4, zip.length);
        refused(Reason.MALFORMED_ARCHIVE, null, prefixed);
        byte[] suffixed = Arrays.copyOf(zip, zip.length + 4);
        HostileBundleException e = refused(Reason.MALFORMED_ARCHIVE, null, suffixed);
        assertTrue(e.getMessage().contains("comment length"), e.getMessage());
    }

    @Test
    void refusesALocalHeaderThatNamesTheEntryDifferently() throws IOException {
        byte[] zip = zip(z -> add(z, "model.onnx", "x"));
        // Rename only the local header: a streaming reader would extract "../evil.on".
        int local = TestZips.find(zip, ZipStructure.LOCAL_HEADER_SIG, 0);
        byte[] patched = zip.clone();
        System.arraycopy(bytes("../evil.on"), 0, patched, local + 30, 10);
        HostileBundleException e = refused(Reason.MALFORMED_ARCHIVE, "model.onnx", patched);
        assertTrue(e.getMessage().contains("'../evil.on' in its local header"), e.getMessage());
    }

    @Test
    void refusesAnEntryHiddenFromTheCentralDirectory() throws IOException {
        TestZips.RawZip raw = new TestZips.RawZip();
        byte[] good = bytes("good");
        byte[] evil = bytes("evil");
        long first = raw.local("MLmodel", good);
        raw.local("payload.sh", evil);
        long third = raw.local("model.onnx", good);
        byte[] zip = raw.central("MLmodel", good, first).central("model.onnx", good, third).finish();
        HostileBundleException e = refused(Reason.MALFORMED_ARCHIVE, "model.onnx", zip);
        assertTrue(e.getMessage().contains("hidden"), e.getMessage());
    }

    @Test
    void refusesOverlappingEntries() throws IOException {
        // The central directory lists the same local entry twice under different names would fail
        // the name check; instead "outer" is a stored entry whose data contains the whole "inner" entry.
        TestZips.RawZip innerOnly = new TestZips.RawZip();
        innerOnly.local("inner", bytes("payload"));
        byte[] innerRecord = innerOnly.finish();
        byte[] innerLocal = Arrays.copyOf(innerRecord, 30 + 5 + 7);
        TestZips.RawZip raw = new TestZips.RawZip();
        long outer = raw.local("outer", innerLocal);
        byte[] zip = raw.central("outer", innerLocal, outer).central("inner", bytes("payload"), outer + 30 + 5)
                .finish();
        HostileBundleException e = refused(Reason.MALFORMED_ARCHIVE, "inner", zip);
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
    }

    @Test
    void refusesACorruptCrc() throws IOException {
        byte[] data = bytes("weights");
        byte[] zip = zip(z -> addRaw(z, rawEntry("w.bin", ZipMethod.STORED.getCode(), data.length, data.length,
                TestZips.crc(data) ^ 1), data));
        HostileBundleException e = refused(Reason.MALFORMED_ARCHIVE, "w.bin", zip);
        assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
    }

    @Test
    void refusesAnEndRecordWhoseEntryCountDisagreesWithTheDirectory() throws IOException {
        byte[] zip = zip(z -> {
            add(z, "a", "1");
            add(z, "b", "2");
        });
        int end = TestZips.find(zip, ZipStructure.END_SIG, 0);
        byte[] patched = zip.clone();
        TestZips.putU16(patched, end + 8, 1);
        TestZips.putU16(patched, end + 10, 1);
        HostileBundleException e = refused(Reason.MALFORMED_ARCHIVE, null, patched);
        assertTrue(e.getMessage().contains("says it has 1 entries"), e.getMessage());
    }

    // ---------------------------------------------------------------- accepted

    @Test
    void readsZipsFromCommonWriters() throws IOException {
        byte[] onnx = TestZips.noise(100_000, 4);
        // commons-compress to a stream: deflated entries with data descriptors, directory entries.
        byte[] commons = zip(z -> {
            z.putArchiveEntry(new ZipArchiveEntry("artifacts/"));
            z.closeArchiveEntry();
            add(z, "artifacts/model.onnx", onnx);
            add(z, "MLmodel", "flavors: {}\n".repeat(1000));
        });
        // java.util.zip: data descriptors with signatures, deflated directory entries.
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(jdk)) {
            z.putNextEntry(new ZipEntry("artifacts/"));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("artifacts/model.onnx"));
            z.write(onnx);
            z.closeEntry();
            z.putNextEntry(new ZipEntry("MLmodel"));
            z.write(bytes("flavors: {}\n".repeat(1000)));
            z.closeEntry();
        }
        BundleFiles a = read(commons);
        BundleFiles b = read(jdk.toByteArray());
        assertEquals(List.of("MLmodel", "artifacts/model.onnx"), List.copyOf(a.paths()));
        assertEquals(a, b);
        assertArrayEquals(onnx, a.bytes("artifacts/model.onnx"));
    }

    @Test
    void readsZip64Archives() throws IOException {
        // Streamed: ZIP64 extra fields and 24-byte data descriptors. Seekable: ZIP64 end records only.
        byte[] streamed = zip(z -> {
            z.setUseZip64(Zip64Mode.Always);
            add(z, "MLmodel", "flavors: {}");
            add(z, "artifacts/model.onnx", TestZips.noise(3000, 5));
        });
        SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel();
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(channel)) {
            z.setUseZip64(Zip64Mode.Always);
            add(z, "MLmodel", "flavors: {}");
            add(z, "artifacts/model.onnx", TestZips.noise(3000, 5));
        }
        byte[] seekable = Arrays.copyOf(channel.array(), (int) channel.size());
        assertEquals(read(streamed), read(seekable));
        assertEquals(List.of("MLmodel", "artifacts/model.onnx"), List.copyOf(read(seekable).paths()));
    }

    @Test
    void stripsALeadingDotSlashAndTreatsNestedZipsAsPlainFiles() {
        byte[] inner = zip(z -> add(z, "../../evil", "never extracted"));
        byte[] zip = zip(z -> {
            z.putArchiveEntry(new ZipArchiveEntry("./"));
            z.closeArchiveEntry();
            add(z, "./MLmodel", "flavors: {}");
            add(z, "inner.zip", inner);
        });
        BundleFiles files = read(zip);
        assertEquals(List.of("MLmodel", "inner.zip"), List.copyOf(files.paths()));
        assertArrayEquals(inner, files.bytes("inner.zip"));
    }

    @Test
    void allowsSmallHighlyCompressibleFilesBelowTheRatioExemption() {
        byte[] zeros = new byte[1 << 20];
        BundleFiles files = read(zip(z -> add(z, "padding.bin", zeros)));
        assertEquals(1 << 20, files.size("padding.bin"));
    }
}
