package io.custos.bundle.sbom;

import java.util.Objects;

/**
 * A third-party package a bundle needs at run time, described once so that requirements.txt,
 * conda.yaml, the ML-BOM and the vulnerability check all agree on it.
 *
 * @param ecosystem the OSV ecosystem name ({@code PyPI}, {@code Maven}, ...), used to match advisories
 * @param name the package name as published in that ecosystem
 * @param version the exact pinned version
 * @param license an SPDX license id
 * @param purl the package URL, e.g. {@code pkg:pypi/numpy@1.26.4}; also the library's bom-ref
 */
public record RuntimeLibrary(String ecosystem, String name, String version, String license, String purl) {

    public RuntimeLibrary {
        requireText(ecosystem, "ecosystem");
        requireText(name, "name");
        requireText(version, "version");
        requireText(license, "license");
        requireText(purl, "purl");
        if (!purl.startsWith("pkg:")) {
            throw new IllegalArgumentException("purl of " + name + " must start with pkg:, was " + purl);
        }
    }

    /** A Python library from PyPI, with its purl derived from name and version. */
    static RuntimeLibrary pypi(String name, String version, String license) {
        return new RuntimeLibrary("PyPI", name, version, license,
                "pkg:pypi/" + PackageNames.pep503(name) + "@" + version);
    }

    private static void requireText(String value, String field) {
        Objects.requireNonNull(value, () -> "runtime library " + field + " is required");
        if (value.isBlank()) {
            throw new IllegalArgumentException("runtime library " + field + " must not be blank");
        }
    }
}
