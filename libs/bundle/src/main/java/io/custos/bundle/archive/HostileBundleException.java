package io.custos.bundle.archive;

import java.util.Objects;

/**
 * A bundle (or a YAML file in it) was refused because it is malformed or tries to attack the
 * reader. The {@link #reason()} is stable and meant for programs; the message is for a person:
 * it names the offending entry, and for a limit, the limit and its value.
 *
 * <p>Names taken from a bundle are hostile input too, so {@link #path()} and the message carry
 * them with control and invisible formatting characters escaped ({@code \u0000}) and very long
 * names shortened: they are safe to log and to show.
 */
public final class HostileBundleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a bundle was refused. */
    public enum Reason {
        /** An entry name climbs out of the bundle with a {@code ..} segment. */
        ZIP_SLIP,
        /** An entry name is absolute: {@code /x}, {@code C:\x}, {@code C:x}, {@code \\server\x}. */
        ABSOLUTE_PATH,
        /** A symbolic link: a zip entry with the S_IFLNK mode, or a link on disk. */
        SYMLINK,
        /** Neither a regular file nor a directory: a FIFO, a device, a socket. */
        SPECIAL_FILE,
        /** A zip entry inflates far more than its compressed size (compression ratio limit). */
        ZIP_BOMB,
        /** One file is larger than the per-file limit. */
        OVERSIZED_FILE,
        /** The whole bundle (or a YAML document) is larger than its limit. */
        TOO_LARGE,
        /** More entries than the entry limit. */
        TOO_MANY_ENTRIES,
        /** Two entries with the same name, names equal ignoring case, or a name that is both a file and a directory. */
        DUPLICATE_ENTRY,
        /** An encrypted zip entry: its content cannot be checked. */
        ENCRYPTED_ENTRY,
        /** A name with forbidden characters or segments, or past the length or depth limit. */
        BAD_NAME,
        /** Not a zip, a truncated zip, or a zip whose structures contradict each other. */
        MALFORMED_ARCHIVE,
        /** A YAML document that expands without bound: alias explosion, recursion, deep nesting. */
        YAML_BOMB,
        /** A YAML syntax error, a duplicate key, a tag other than plain data, or the wrong top-level type. */
        MALFORMED_YAML
    }

    private final Reason reason;
    private final String path;

    /**
     * @param reason  why the bundle is refused
     * @param path    the entry concerned (made printable here), or {@code null} if the problem is the whole bundle
     * @param message what is wrong and what limit was crossed, for a person
     */
    public HostileBundleException(Reason reason, String path, String message) {
        this(reason, path, message, null);
    }

    public HostileBundleException(Reason reason, String path, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.path = path == null ? null : EntryNames.printable(path);
    }

    public Reason reason() {
        return reason;
    }

    /** Same as {@link #reason()}, for bean-style callers. */
    public Reason getReason() {
        return reason;
    }

    /** The entry concerned, printable; {@code null} if the problem is about the bundle as a whole. */
    public String path() {
        return path;
    }

    /** Same as {@link #path()}, for bean-style callers. */
    public String getPath() {
        return path;
    }
}
