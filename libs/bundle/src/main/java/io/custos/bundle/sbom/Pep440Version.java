package io.custos.bundle.sbom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python package version ordered as PEP 440 says, so that a PyPI advisory range like
 * "introduced 1.0, fixed 1.10.2" is evaluated the way pip would see it.
 *
 * <p>Covered: epochs ({@code 1!2.0}), release segments compared numerically with trailing zeros
 * ignored ({@code 1.0 == 1.0.0}, {@code 1.2 < 1.10}), pre-releases {@code a/b/rc} (and their
 * spellings alpha, beta, c, pre, preview) before the release, {@code .postN} (and {@code -N},
 * rev, r) after it, {@code .devN} before everything else of the same release, local labels
 * ({@code +ubuntu1}) after the public version, implicit numbers ({@code 1.0a == 1.0a0}) and the
 * optional separators and leading {@code v} PEP 440 normalisation allows.
 *
 * <p>Not covered: version specifiers ({@code ~=}, {@code ==1.*}, {@code ===}) and pre-PEP 440
 * "legacy" versions; {@link #parse} returns null for those and callers fall back to
 * {@link DottedVersion} ordering.
 */
final class Pep440Version implements Comparable<Pep440Version> {

    private static final Pattern SYNTAX = Pattern.compile(
            "v?"
                    + "(?:(?<epoch>[0-9]+)!)?"
                    + "(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?:[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
                    + "(?:-(?<postImplicit>[0-9]+)|[-_.]?(?:post|rev|r)[-_.]?(?<postN>[0-9]+)?(?<postMark>))?"
                    + "(?:[-_.]?(?<devMark>dev)[-_.]?(?<devN>[0-9]+)?)?"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
            Pattern.CASE_INSENSITIVE);

    /** Pre-release rank of a plain dev release such as 1.0.dev1: before 1.0a1. */
    private static final int DEV_ONLY = -1;
    /** Pre-release rank of a version with no pre-release part: after 1.0rc9. */
    private static final int FINAL = 3;
    /** Post number of a version without a post-release part. */
    private static final long NO_POST = -1;
    /** Dev number of a version without a dev part: after every .devN of the same version. */
    private static final long NO_DEV = Long.MAX_VALUE;

    private final long epoch;
    private final long[] release;
    private final int preRank;
    private final long preNumber;
    private final long postNumber;
    private final long devNumber;
    private final List<String> local;

    private Pep440Version(long epoch, long[] release, int preRank, long preNumber, long postNumber, long devNumber,
            List<String> local) {
        this.epoch = epoch;
        this.release = release;
        this.preRank = preRank;
        this.preNumber = preNumber;
        this.postNumber = postNumber;
        this.devNumber = devNumber;
        this.local = local;
    }

    /** The parsed version, or null when {@code text} is not a valid PEP 440 version. */
    static Pep440Version parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            long epoch = m.group("epoch") == null ? 0 : Long.parseLong(m.group("epoch"));
            long[] release = stripTrailingZeros(m.group("release").split("\\."));
            boolean hasPre = m.group("preL") != null;
            boolean hasPost = m.group("postImplicit") != null || m.group("postMark") != null;
            boolean hasDev = m.group("devMark") != null;
            int preRank = hasPre ? preRank(m.group("preL")) : (!hasPost && hasDev ? DEV_ONLY : FINAL);
            long preNumber = hasPre ? number(m.group("preN")) : 0;
            long postNumber = !hasPost ? NO_POST
                    : number(m.group("postImplicit") != null ? m.group("postImplicit") : m.group("postN"));
            long devNumber = hasDev ? number(m.group("devN")) : NO_DEV;
            List<String> local = m.group("local") == null ? List.of()
                    : List.of(m.group("local").toLowerCase(Locale.ROOT).split("[-_.]"));
            return new Pep440Version(epoch, release, preRank, preNumber, postNumber, devNumber, local);
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    /** PEP 440 order of two version strings, falling back to {@link DottedVersion} when either is not PEP 440. */
    static int compare(String a, String b) {
        Pep440Version va = parse(a);
        Pep440Version vb = parse(b);
        if (va == null || vb == null) {
            return DottedVersion.compare(a, b);
        }
        return va.compareTo(vb);
    }

    @Override
    public int compareTo(Pep440Version o) {
        int c = Long.compare(epoch, o.epoch);
        if (c != 0) {
            return c;
        }
        c = compareRelease(release, o.release);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(preRank, o.preRank);
        if (c != 0) {
            return c;
        }
        if (preRank != DEV_ONLY && preRank != FINAL) {
            c = Long.compare(preNumber, o.preNumber);
            if (c != 0) {
                return c;
            }
        }
        c = Long.compare(postNumber, o.postNumber);
        if (c != 0) {
            return c;
        }
        c = Long.compare(devNumber, o.devNumber);
        if (c != 0) {
            return c;
        }
        return compareLocal(local, o.local);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pep440Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(release) * 31 + Long.hashCode(epoch);
    }

    private static long[] stripTrailingZeros(String[] parts) {
        int length = parts.length;
        while (length > 1 && Long.parseLong(parts[length - 1]) == 0) {
            length--;
        }
        long[] values = new long[length];
        for (int i = 0; i < length; i++) {
            values[i] = Long.parseLong(parts[i]);
        }
        return values;
    }

    private static int preRank(String label) {
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "a", "alpha" -> 0;
            case "b", "beta" -> 1;
            default -> 2; // rc, c, pre, preview
        };
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static int compareRelease(long[] a, long[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? a[i] : 0;
            long y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    /** PEP 440 local labels: segment by segment, numbers numerically and above strings, longer wins a tie. */
    private static int compareLocal(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            boolean xNumeric = DottedVersion.isDigits(x);
            boolean yNumeric = DottedVersion.isDigits(y);
            int c;
            if (xNumeric && yNumeric) {
                c = DottedVersion.compareDigits(x, y);
            } else if (xNumeric != yNumeric) {
                c = xNumeric ? 1 : -1;
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (long r : release) {
            parts.add(Long.toString(r));
        }
        return (epoch == 0 ? "" : epoch + "!") + String.join(".", parts)
                + (preRank == DEV_ONLY || preRank == FINAL ? "" : new String[] {"a", "b", "rc"}[preRank] + preNumber)
                + (postNumber == NO_POST ? "" : ".post" + postNumber)
                + (devNumber == NO_DEV ? "" : ".dev" + devNumber)
                + (local.isEmpty() ? "" : "+" + String.join(".", local));
    }
}
