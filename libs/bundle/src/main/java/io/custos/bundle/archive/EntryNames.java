package io.custos.bundle.archive;

import io.custos.bundle.archive.HostileBundleException.Reason;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The one place that decides whether a name may be a path in a bundle, used alike for zip
 * entries, files found on disk and names given to {@link BundleFiles#of}. A name that passes can
 * be created under any directory on Linux, macOS or Windows without leaving it, without being
 * reinterpreted (drive letters, alternate data streams, device names, trailing dots), and without
 * hiding from a person reading it (control and invisible formatting characters).
 */
final class EntryNames {

    /** Characters Windows refuses in file names; ':' would also open an NTFS alternate data stream. */
    private static final String WINDOWS_RESERVED_CHARS = "<>:\"|?*";

    /** Windows device names, reserved with any extension ({@code nul.txt} is the NUL device). */
    private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
            "COM\u00B9", "COM\u00B2", "COM\u00B3", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3");

    private static final int PRINTABLE_MAX = 200;

    private EntryNames() {
    }

    /**
     * Checks a name and returns it normalized: '/' separators, no leading {@code ./}.
     *
     * @param name      the name as found, without the trailing '/' of a zip directory entry
     * @param directory whether it names a directory; only a directory may normalize to "" (the root)
     * @return the normalized relative path, "" for the root directory itself
     * @throws HostileBundleException ZIP_SLIP, ABSOLUTE_PATH or BAD_NAME
     */
    static String normalize(String name, boolean directory, ArchiveLimits limits) {
        if (name.startsWith("/") || name.startsWith("\\")) {
            throw refuse(Reason.ABSOLUTE_PATH, name, "is an absolute path; bundle paths must be relative");
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && isAsciiLetter(name.charAt(0))) {
            throw refuse(Reason.ABSOLUTE_PATH, name, "starts with a Windows drive ('" + name.substring(0, 2)
                    + "'); bundle paths must be relative");
        }
        for (String segment : name.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                throw refuse(Reason.ZIP_SLIP, name, "has a '..' segment, which would reach outside the bundle"
                        + " directory (zip slip)");
            }
        }
        if (name.indexOf('\\') >= 0) {
            throw refuse(Reason.BAD_NAME, name, "contains a backslash; bundle paths use '/' as the only separator");
        }
        String path = name.startsWith("./") ? name.substring(2) : name;
        if (path.isEmpty() || (directory && path.equals("."))) {
            if (directory) {
                return "";
            }
            throw refuse(Reason.BAD_NAME, name, "is empty");
        }
        checkCharacters(name, path);
        int length = path.codePointCount(0, path.length());
        if (length > limits.maxPathLength()) {
            throw refuse(Reason.BAD_NAME, name, "is " + length + " characters long; the limit maxPathLength is "
                    + limits.maxPathLength());
        }
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            checkSegment(name, segment);
        }
        if (segments.length > limits.maxDepth()) {
            throw refuse(Reason.BAD_NAME, name, "is " + segments.length + " levels deep; the limit maxDepth is "
                    + limits.maxDepth());
        }
        return path;
    }

    private static void checkCharacters(String name, String path) {
        for (int i = 0; i < path.length(); ) {
            int cp = path.codePointAt(i);
            int type = Character.getType(cp);
            if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
                throw refuse(Reason.BAD_NAME, name, "contains the control character " + codePoint(cp));
            }
            if (type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                throw refuse(Reason.BAD_NAME, name, "contains the invisible formatting character " + codePoint(cp)
                        + ", which can make a name display as something else");
            }
            if (type == Character.SURROGATE) {
                throw refuse(Reason.BAD_NAME, name, "contains an unpaired surrogate " + codePoint(cp));
            }
            if (cp == 0xFFFD) {
                throw refuse(Reason.BAD_NAME, name, "contains U+FFFD, the replacement for bytes that are not"
                        + " valid UTF-8");
            }
            if (WINDOWS_RESERVED_CHARS.indexOf(cp) >= 0) {
                throw refuse(Reason.BAD_NAME, name, "contains '" + (char) cp + "', which Windows does not allow"
                        + " in file names (forbidden: " + WINDOWS_RESERVED_CHARS + ")");
            }
            i += Character.charCount(cp);
        }
    }

    private static void checkSegment(String name, String segment) {
        if (segment.isEmpty()) {
            throw refuse(Reason.BAD_NAME, name, "has an empty path segment (a leading, trailing or doubled '/')");
        }
        if (segment.equals(".")) {
            throw refuse(Reason.BAD_NAME, name, "has a '.' segment; paths must be normalized");
        }
        if (segment.endsWith(".") || segment.endsWith(" ")) {
            throw refuse(Reason.BAD_NAME, name, "has the segment '" + printable(segment) + "' ending in a dot or"
                    + " space, which Windows silently strips (so it would collide with another name)");
        }
        int dot = segment.indexOf('.');
        String base = (dot < 0 ? segment : segment.substring(0, dot)).toUpperCase(Locale.ROOT);
        if (WINDOWS_DEVICES.contains(base)) {
            throw refuse(Reason.BAD_NAME, name, "has the segment '" + printable(segment) + "', a reserved device"
                    + " name on Windows");
        }
    }

    /**
     * The key under which two names collide on a case-insensitive file system (Windows, macOS):
     * case folded, and Unicode-normalized because macOS also treats NFC and NFD spellings as one.
     */
    static String collisionKey(String path) {
        return Normalizer.normalize(path, Normalizer.Form.NFC).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /**
     * A hostile name made safe to log and show: control, formatting and other non-printing
     * characters become {@code \\uXXXX}, and very long names are cut.
     */
    static String printable(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), PRINTABLE_MAX + 32));
        int count = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (++count > PRINTABLE_MAX) {
                out.append("...(").append(s.codePointCount(0, s.length())).append(" characters)");
                break;
            }
            int type = Character.getType(cp);
            boolean hidden = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE || type == Character.UNASSIGNED || type == Character.PRIVATE_USE;
            if (hidden) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    static HostileBundleException refuse(Reason reason, String name, String problem) {
        return new HostileBundleException(reason, name, "'" + printable(name) + "' " + problem);
    }

    private static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
