package io.custos.bundle.archive;

import io.custos.bundle.archive.HostileBundleException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads a bundle laid out as a directory, with the same rules as a zip: no link is followed
 * (a symbolic link anywhere below the root, to a file or a directory, is refused, as are FIFOs,
 * devices and sockets, which could block the reader or leak host data), names are checked like
 * entry names, and entries, depth and bytes are counted against the limits as they are met.
 *
 * <p>The root itself is the caller's choice, not bundle content, so it is resolved once with
 * {@link Path#toRealPath} (a link given as the root is followed). Files are opened with
 * {@link LinkOption#NOFOLLOW_LINKS}, so a file swapped for a link after it was listed is refused
 * by the operating system rather than followed. Directories are listed in sorted order, so what
 * is reported first does not depend on the file system.
 */
final class DirectoryReader {

    private static final int CHUNK = 64 * 1024;

    private final ArchiveLimits limits;
    private final Budget budget;
    private final PathRegistry registry = new PathRegistry();
    private final TreeMap<String, byte[]> files = new TreeMap<>();

    private DirectoryReader(ArchiveLimits limits) {
        this.limits = limits;
        this.budget = new Budget(limits);
    }

    static TreeMap<String, byte[]> read(Path dir, ArchiveLimits limits) throws IOException {
        Path root = dir.toRealPath();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        DirectoryReader reader = new DirectoryReader(limits);
        reader.walk(root, "");
        return reader.files;
    }

    private void walk(Path dir, String prefix) throws IOException {
        for (Path child : list(dir, prefix)) {
            String name = prefix + child.getFileName().toString();
            BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                throw new HostileBundleException(Reason.SYMLINK, name, "'" + EntryNames.printable(name)
                        + "' is a symbolic link" + (Files.isDirectory(child) ? " to a directory" : "")
                        + "; bundles hold only regular files and directories, and links are never followed");
            }
            if (attributes.isDirectory()) {
                String path = EntryNames.normalize(name, true, limits);
                registry.addDirectory(path);
                walk(child, path + "/");
            } else if (attributes.isRegularFile()) {
                String path = EntryNames.normalize(name, false, limits);
                registry.addFile(path);
                files.put(path, readFile(child, path, attributes.size()));
            } else {
                throw new HostileBundleException(Reason.SPECIAL_FILE, name, "'" + EntryNames.printable(name)
                        + "' is not a regular file or directory (a FIFO, device or socket)");
            }
        }
    }

    /** The children of one directory, sorted, counted against maxEntries as they are listed. */
    private List<Path> list(Path dir, String prefix) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                budget.countEntry(prefix + child.getFileName());
                children.add(child);
            }
        }
        children.sort(null);
        return children;
    }

    private byte[] readFile(Path file, String path, long listedSize) throws IOException {
        if (listedSize > limits.maxFileBytes()) {
            budget.grow(path, listedSize, 0);
        }
        // The size seen when listing is only a hint: the file can change, so bytes are counted as read.
        FileBuffer buffer = new FileBuffer(limits.maxFileBytes());
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                budget.grow(path, buffer.length() + n, n);
                buffer.append(chunk, 0, n);
            }
        }
        return buffer.toByteArray();
    }
}
