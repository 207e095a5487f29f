package io.custos.bundle.sbom;

import java.util.Locale;
import java.util.regex.Pattern;

/** Package-name comparison rules per ecosystem, so that an advisory for "Foo_Bar" finds "foo-bar". */
final class PackageNames {

    private static final Pattern PEP503_SEPARATORS = Pattern.compile("[-_.]+");

    private PackageNames() {
    }

    /** PEP 503 normalised Python name: lower case, every run of {@code - _ .} becomes one {@code -}. */
    static String pep503(String name) {
        return PEP503_SEPARATORS.matcher(name.trim()).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    /** The form names of {@code ecosystem} are compared in: PEP 503 for PyPI, exact otherwise. */
    static String normalize(String ecosystem, String name) {
        return isPypi(ecosystem) ? pep503(name) : name.trim();
    }

    static boolean isPypi(String ecosystem) {
        return ecosystem != null && "PyPI".equalsIgnoreCase(baseEcosystem(ecosystem));
    }

    /** The ecosystem without an OSV release suffix: "Debian:12" is "Debian". */
    static String baseEcosystem(String ecosystem) {
        int colon = ecosystem.indexOf(':');
        return (colon < 0 ? ecosystem : ecosystem.substring(0, colon)).trim();
    }
}
