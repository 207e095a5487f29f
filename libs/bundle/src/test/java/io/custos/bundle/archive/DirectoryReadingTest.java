package io.custos.bundle.archive;

import static io.custos.bundle.archive.TestZips.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.bundle.archive.HostileBundleException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryReadingTest {

    @TempDir
    Path temp;

    private Path bundle() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("bundle"));
        Files.write(dir.resolve("MLmodel"), bytes("flavors: {}\n"));
        Files.createDirectories(dir.resolve("artifacts/nested"));
        Files.write(dir.resolve("artifacts/nested/model.onnx"), TestZips.noise(5000, 1));
        return dir;
    }

    private static HostileBundleException refused(Reason reason, String path, Path dir, ArchiveLimits limits) {
        HostileBundleException e = assertThrows(HostileBundleException.class,
                () -> BundleFiles.readDirectory(dir, limits));
        assertEquals(reason, e.reason(), e::getMessage);
        assertEquals(path, e.path(), e::getMessage);
        if (path != null) {
            assertTrue(e.getMessage().contains("'" + path + "'"), e::getMessage);
        }
        return e;
    }

    private static HostileBundleException refused(Reason reason, String path, Path dir) {
        return refused(reason, path, dir, ArchiveLimits.defaults());
    }

    @Test
    void readsRegularFilesWithRelativeSlashSeparatedPaths() throws IOException {
        Path dir = bundle();
        Files.createDirectories(dir.resolve("empty"));
        BundleFiles files = BundleFiles.readDirectory(dir, ArchiveLimits.defaults());
        assertEquals(List.of("MLmodel", "artifacts/nested/model.onnx"), List.copyOf(files.paths()));
        assertArrayEquals(Files.readAllBytes(dir.resolve("artifacts/nested/model.onnx")),
                files.bytes("artifacts/nested/model.onnx"));
        assertEquals(5012, files.totalBytes());
        assertEquals(files, BundleFiles.read(dir, ArchiveLimits.defaults()));
    }

    @Test
    void refusesASymlinkToAFile() throws IOException {
        Path dir = bundle();
        Files.write(temp.resolve("secret"), bytes("host data"));
        Files.createSymbolicLink(dir.resolve("model.onnx"), temp.resolve("secret"));
        HostileBundleException e = refused(Reason.SYMLINK, "model.onnx", dir);
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void refusesASymlinkToADirectory() throws IOException {
        Path dir = bundle();
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.write(outside.resolve("passwd"), bytes("root:x:0:0"));
        Files.createSymbolicLink(dir.resolve("artifacts/etc"), outside);
        HostileBundleException e = refused(Reason.SYMLINK, "artifacts/etc", dir);
        assertTrue(e.getMessage().contains("to a directory"), e.getMessage());
    }

    @Test
    void refusesADanglingSymlink() throws IOException {
        Path dir = bundle();
        Files.createSymbolicLink(dir.resolve("dangling"), temp.resolve("does-not-exist"));
        refused(Reason.SYMLINK, "dangling", dir);
    }

    @Test
    void refusesAFifoWithoutOpeningIt() throws Exception {
        Path dir = bundle();
        Path fifo = dir.resolve("artifacts/pipe");
        boolean made;
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
            made = mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0;
        } catch (IOException e) {
            made = false;
        }
        Assumptions.assumeTrue(made, "mkfifo is not available here");
        // Opening a FIFO would block forever; the reader must refuse it from its attributes.
        HostileBundleException e = assertTimeoutPreemptively(() -> refused(Reason.SPECIAL_FILE, "artifacts/pipe",
                dir));
        assertTrue(e.getMessage().contains("FIFO"), e.getMessage());
        assertEquals(Reason.SPECIAL_FILE, assertThrows(HostileBundleException.class,
                () -> BundleFiles.read(fifo, ArchiveLimits.defaults())).reason());
    }

    private static <T> T assertTimeoutPreemptively(org.junit.jupiter.api.function.ThrowingSupplier<T> body) {
        return org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), body);
    }

    @Test
    void refusesNamesThatDifferOnlyByCase() throws IOException {
        Path dir = bundle();
        Files.write(dir.resolve("mlmodel"), bytes("flavors: {evil: {}}\n"));
        HostileBundleException e = refused(Reason.DUPLICATE_ENTRY, "mlmodel", dir);
        assertTrue(e.getMessage().contains("'MLmodel'"), e.getMessage());
    }

    @Test
    void refusesBadNamesOnDisk() throws IOException {
        Path dir = bundle();
        Files.write(dir.resolve("evil\nname"), bytes("x"));
        refused(Reason.BAD_NAME, "evil\\u000Aname", dir);
        Files.delete(dir.resolve("evil\nname"));
        Files.write(dir.resolve("back\\slash"), bytes("x"));
        refused(Reason.BAD_NAME, "back\\slash", dir);
    }

    @Test
    void appliesTheEntryDepthAndSizeLimits() throws IOException {
        Path dir = bundle();
        ArchiveLimits fewEntries = new ArchiveLimits(3, 1 << 20, 1 << 20, 200, 255, 8);
        HostileBundleException many = refused(Reason.TOO_MANY_ENTRIES, "artifacts/nested/model.onnx", dir,
                fewEntries);
        assertTrue(many.getMessage().contains("more than 3 entries"), many.getMessage());

        ArchiveLimits shallow = new ArchiveLimits(100, 1 << 20, 1 << 20, 200, 255, 2);
        HostileBundleException deep = refused(Reason.BAD_NAME, "artifacts/nested/model.onnx", dir, shallow);
        assertTrue(deep.getMessage().contains("3 levels deep; the limit maxDepth is 2"), deep.getMessage());

        ArchiveLimits smallFiles = new ArchiveLimits(100, 4096, 1 << 20, 200, 255, 8);
        HostileBundleException big = refused(Reason.OVERSIZED_FILE, "artifacts/nested/model.onnx", dir,
                smallFiles);
        assertTrue(big.getMessage().contains("4096 bytes, the limit maxFileBytes"), big.getMessage());

        ArchiveLimits smallTotal = new ArchiveLimits(100, 1 << 20, 5000, 200, 255, 8);
        refused(Reason.TOO_LARGE, "artifacts/nested/model.onnx", dir, smallTotal);
    }

    @Test
    void readDispatchesOnWhatThePathIs() throws IOException {
        Path dir = bundle();
        BundleFiles fromDir = BundleFiles.read(dir, ArchiveLimits.defaults());
        Path zip = temp.resolve("bundle.zip");
        try (var out = Files.newOutputStream(zip)) {
            fromDir.writeZip(out);
        }
        assertEquals(fromDir, BundleFiles.read(zip, ArchiveLimits.defaults()));
        assertThrows(java.io.UncheckedIOException.class,
                () -> BundleFiles.read(temp.resolve("missing"), ArchiveLimits.defaults()));
    }
}
