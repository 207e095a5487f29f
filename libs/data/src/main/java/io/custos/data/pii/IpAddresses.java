package io.custos.data.pii;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 addresses in text. Candidates are validated by hand, never with
 * {@code InetAddress.getByName}, which resolves anything that is not a literal through DNS.
 */
final class IpAddresses {

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

    /**
     * Four octets without leading zeros, not part of a longer dotted run of digits (a version
     * "1.2.3.4.5" or a decimal). A sentence's final dot may follow.
     */
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\d.])" + OCTET + "(?:\\." + OCTET + "){3}(?!\\d|\\.\\d)");

    /**
     * A run of hex digits, colons and dots not glued to a word (so "std::vector" and
     * "a::b" in code do not qualify), checked by {@link #isIpv6}.
     */
    private static final Pattern IPV6_CANDIDATE = Pattern.compile("(?<![\\w:.])[0-9A-Fa-f:.]{2,45}(?![\\w:])");

    private IpAddresses() {
    }

    static void findIpv4(String value, Consumer<PiiMatch> out) {
        Matcher m = IPV4.matcher(value);
        while (m.find()) {
            out.accept(new PiiMatch(PiiType.IP_ADDRESS, m.start(), m.end()));
        }
    }

    static void findIpv6(String value, Consumer<PiiMatch> out) {
        Matcher m = IPV6_CANDIDATE.matcher(value);
        while (m.find()) {
            int end = m.end();
            while (end > m.start() && value.charAt(end - 1) == '.') {
                end--; // a sentence's full stop is not part of the address
            }
            String candidate = value.substring(m.start(), end);
            if (isIpv6(candidate)) {
                out.accept(new PiiMatch(PiiType.IP_ADDRESS, m.start(), end));
            }
        }
    }

    /**
     * RFC 4291 text form: eight groups of 1-4 hex digits, or fewer with exactly one "::" standing
     * for the missing zero groups; the last two groups may be written as a dotted IPv4 address.
     * At least one hex digit is required, so a bare "::" in prose is not an address.
     */
    static boolean isIpv6(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
        String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
        int headGroups = groups(head, doubleColon < 0);
        if (headGroups < 0) {
            return false;
        }
        int tailGroups = doubleColon >= 0 ? groups(tail, true) : 0;
        if (tailGroups < 0) {
            return false;
        }
        int total = headGroups + tailGroups;
        boolean hasDigit = s.chars().anyMatch(c -> Character.digit(c, 16) >= 0);
        return hasDigit && (doubleColon >= 0 ? total <= 7 : total == 8);
    }

    /**
     * Counts the groups of a colon-separated part (an IPv4 tail counts as two), or -1 when a
     * group is malformed; {@code ipv4Allowed} when this part ends the address.
     */
    private static int groups(String part, boolean ipv4Allowed) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] groups = part.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.indexOf('.') >= 0) {
                if (!ipv4Allowed || i != groups.length - 1 || !IPV4.matcher(g).matches()) {
                    return -1;
                }
                count += 2;
            } else if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return -1;
            } else {
                count++;
            }
        }
        return count;
    }
}
