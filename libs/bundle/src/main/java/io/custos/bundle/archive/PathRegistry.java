package io.custos.bundle.archive;

import io.custos.bundle.archive.HostileBundleException.Reason;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Remembers every normalized path of one bundle and refuses any that would collide when the
 * bundle is extracted: the same name twice, names equal ignoring case (one file silently
 * replaces the other on Windows and macOS, so a checker and a loader would see different
 * content), and a name used both as a file and as a directory.
 */
final class PathRegistry {

    /** Collision key to the spelling first seen, for files and for directories. */
    private final Map<String, String> files = new HashMap<>();
    private final Map<String, String> directories = new HashMap<>();
    /** Directories that had an entry of their own (zip directory entries, directories on disk). */
    private final Set<String> explicitDirectories = new HashSet<>();

    void addFile(String path) {
        String key = EntryNames.collisionKey(path);
        String seen = files.get(key);
        if (seen != null) {
            throw duplicate(path, seen, "file");
        }
        String dir = directories.get(key);
        if (dir != null) {
            throw new HostileBundleException(Reason.DUPLICATE_ENTRY, path, "'" + EntryNames.printable(path)
                    + "' is a file, but '" + EntryNames.printable(dir) + "' is also a directory");
        }
        addParents(path);
        files.put(key, path);
    }

    void addDirectory(String path) {
        if (!explicitDirectories.add(path)) {
            throw new HostileBundleException(Reason.DUPLICATE_ENTRY, path, "directory '"
                    + EntryNames.printable(path) + "' appears twice");
        }
        addParents(path);
        registerDirectory(path);
    }

    private void addParents(String path) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            registerDirectory(path.substring(0, slash));
        }
    }

    private void registerDirectory(String dir) {
        String key = EntryNames.collisionKey(dir);
        String file = files.get(key);
        if (file != null) {
            throw new HostileBundleException(Reason.DUPLICATE_ENTRY, dir, "'" + EntryNames.printable(dir)
                    + "' is a directory, but '" + EntryNames.printable(file) + "' is also a file");
        }
        String seen = directories.putIfAbsent(key, dir);
        if (seen != null && !seen.equals(dir)) {
            throw duplicate(dir, seen, "directory");
        }
    }

    private static HostileBundleException duplicate(String path, String seen, String kind) {
        if (seen.equals(path)) {
            return new HostileBundleException(Reason.DUPLICATE_ENTRY, path, kind + " '" + EntryNames.printable(path)
                    + "' appears twice; which copy a tool uses depends on the tool");
        }
        return new HostileBundleException(Reason.DUPLICATE_ENTRY, path, kind + " '" + EntryNames.printable(path)
                + "' differs from '" + EntryNames.printable(seen) + "' only by case (or Unicode normalization),"
                + " so they collide on case-insensitive file systems");
    }
}
