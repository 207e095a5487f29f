package io.custos.bundle.sbom;

import java.util.Locale;

/**
 * Ordering for SEMVER ranges and for ecosystems without a dedicated comparator here (Maven, npm,
 * Go, ...): semantic versioning 2.0 extended to any number of dot-separated segments.
 *
 * <p>A leading {@code v} and {@code +build} metadata are ignored. The part before the first
 * {@code -} is compared segment by segment, numerically when both are digits, with missing
 * segments counting as 0 ({@code 1.0 == 1.0.0}); a non-numeric segment sorts below a numeric one
 * and two of them compare case-insensitively. A version with a {@code -pre.release} suffix sorts
 * before the same version without one; suffixes compare by semver rules (numeric identifiers
 * numerically and below alphanumeric ones, a shorter list first on a tie).
 *
 * <p>Not covered: Maven qualifier semantics (alpha < beta < milestone < rc < snapshot < "" < sp,
 * {@code final}/{@code ga} as release), Debian/RPM/Alpine epochs and tilde rules, Go pseudo
 * versions beyond plain semver, and npm range syntax.
 */
final class DottedVersion {

    private DottedVersion() {
    }

    static int compare(String a, String b) {
        String[] x = split(a);
        String[] y = split(b);
        int c = compareSegments(x[0].split("\\."), y[0].split("\\."));
        if (c != 0) {
            return c;
        }
        if (x[1] == null || y[1] == null) {
            return x[1] == null ? (y[1] == null ? 0 : 1) : -1;
        }
        return comparePrerelease(x[1].split("\\."), y[1].split("\\."));
    }

    /** [core, pre-release or null] with a leading v and the +build suffix removed. */
    private static String[] split(String version) {
        String v = version.trim();
        if (v.length() > 1 && (v.charAt(0) == 'v' || v.charAt(0) == 'V') && Character.isDigit(v.charAt(1))) {
            v = v.substring(1);
        }
        int plus = v.indexOf('+');
        if (plus >= 0) {
            v = v.substring(0, plus);
        }
        int dash = v.indexOf('-');
        return dash < 0 ? new String[] {v, null} : new String[] {v.substring(0, dash), v.substring(dash + 1)};
    }

    private static int compareSegments(String[] a, String[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "0";
            String y = i < b.length ? b[i] : "0";
            boolean xNumeric = isDigits(x);
            boolean yNumeric = isDigits(y);
            int c;
            if (xNumeric && yNumeric) {
                c = compareDigits(x, y);
            } else if (xNumeric != yNumeric) {
                c = xNumeric ? 1 : -1;
            } else {
                c = x.toLowerCase(Locale.ROOT).compareTo(y.toLowerCase(Locale.ROOT));
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int comparePrerelease(String[] a, String[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean xNumeric = isDigits(a[i]);
            boolean yNumeric = isDigits(b[i]);
            int c;
            if (xNumeric && yNumeric) {
                c = compareDigits(a[i], b[i]);
            } else if (xNumeric != yNumeric) {
                c = xNumeric ? -1 : 1;
            } else {
                c = a[i].compareTo(b[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Numeric order of two digit strings of any length, without overflow. */
    static int compareDigits(String a, String b) {
        String x = stripLeadingZeros(a);
        String y = stripLeadingZeros(b);
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
