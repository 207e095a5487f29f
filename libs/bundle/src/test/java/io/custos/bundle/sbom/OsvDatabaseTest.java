package io.custos.bundle.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OsvDatabaseTest {

    private static Path fixture(String name) {
        try {
            return Path.of(OsvDatabaseTest.class.getResource("/osv/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, VulnerabilityMatch> byId(List<VulnerabilityMatch> matches) {
        return matches.stream().collect(Collectors.toMap(VulnerabilityMatch::id, m -> m));
    }

    @Test
    void singleRecordWithExplicitVersions() {
        OsvDatabase db = OsvDatabase.load(fixture("shapes/record.json"));
        assertEquals(1, db.size());
        List<VulnerabilityMatch> matches = db.match(RuntimeLibraries.python());
        assertEquals(1, matches.size());
        VulnerabilityMatch m = matches.get(0);
        assertEquals("TEST-2024-0001", m.id());
        assertEquals(List.of("CVE-2099-0001"), m.aliases());
        assertEquals("numpy", m.packageName());
        assertEquals("1.26.4", m.version());
        assertEquals("Test advisory listing affected numpy versions explicitly", m.summary());
        assertNull(m.severity());
        assertNull(m.fixedVersion(), "an explicit versions list says nothing about a fix");
    }

    @Test
    void arrayOfRecordsWithEcosystemRanges() {
        OsvDatabase db = OsvDatabase.load(fixture("shapes/array.json"));
        assertEquals(3, db.size());
        Map<String, VulnerabilityMatch> matches = byId(db.match(RuntimeLibraries.python()));
        assertEquals(Map.of("TEST-2024-0002", "2.18.0", "TEST-2024-0004", "2.17.10"),
                matches.values().stream().collect(Collectors.toMap(VulnerabilityMatch::id,
                        VulnerabilityMatch::fixedVersion)),
                "introduced 0 / fixed 2.18.0 and the second interval of 0004 hit; 0003 (fixed 2.9.0) does not");
        assertEquals("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", matches.get("TEST-2024-0002").severity(),
                "the CVSS v3 vector is preferred over v4");
        assertEquals(List.of("GHSA-test-0002-aaaa", "CVE-2099-0002"), matches.get("TEST-2024-0002").aliases());
        assertEquals("MODERATE", matches.get("TEST-2024-0004").severity(), "database_specific.severity");
    }

    @Test
    void apiResponseShapeWithLastAffected() {
        OsvDatabase db = OsvDatabase.load(fixture("shapes/api-response.json"));
        assertEquals(3, db.size());
        List<VulnerabilityMatch> matches = db.match(RuntimeLibraries.python());
        assertEquals(List.of("TEST-2024-0005"), matches.stream().map(VulnerabilityMatch::id).toList(),
                "last_affected 1.17.0 includes onnx 1.17.0, last_affected 1.16.2 does not, and a fix in"
                        + " 1.20.1rc1 covers onnxruntime 1.20.1");
        assertNull(matches.get(0).fixedVersion());
        assertEquals("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", matches.get(0).severity(),
                "severity of the affected entry when the record has none");
    }

    @Test
    void emptyApiResponseHasNoAdvisories() {
        OsvDatabase db = OsvDatabase.load(fixture("shapes/empty-response.json"));
        assertEquals(0, db.size());
        assertEquals(List.of(), db.match(RuntimeLibraries.python()));
    }

    @Test
    void directoryExportIgnoresWithdrawnOtherEcosystemsAndGitRanges() {
        OsvDatabase db = OsvDatabase.load(fixture("export"));
        assertEquals(4, db.size(), "0101, 0103, 0104, 0105 (twice, counted once); 0102 is withdrawn");
        List<VulnerabilityMatch> matches = db.match(RuntimeLibraries.python());
        assertEquals(1, matches.size(), matches.toString());
        VulnerabilityMatch m = matches.get(0);
        assertEquals("TEST-2024-0101", m.id(), "the advisory names the package \"Pandas\"");
        assertEquals("pandas", m.packageName());
        assertEquals("2.2.4", m.fixedVersion());
    }

    @Test
    void duplicateIdsKeepTheLaterModifiedCopy() {
        OsvDatabase db = OsvDatabase.load(fixture("export"));
        RuntimeLibrary pandas222 = RuntimeLibrary.pypi("pandas", "2.2.2", "BSD-3-Clause");
        assertEquals(List.of("TEST-2024-0101", "TEST-2024-0105"),
                db.match(List.of(pandas222)).stream().map(VulnerabilityMatch::id).toList());
    }

    @Test
    void pypiNamesAreComparedPep503Normalised() {
        OsvDatabase db = OsvDatabase.load(fixture("export"));
        List<VulnerabilityMatch> matches = db.match(List.of(
                new RuntimeLibrary("PyPI", "scikit.learn", "1.5.0", "BSD-3-Clause", "pkg:pypi/scikit-learn@1.5.0")));
        assertEquals(1, matches.size(), "advisory name Scikit__Learn");
        assertEquals("scikit.learn", matches.get(0).packageName());
        assertEquals("1.5.1", matches.get(0).fixedVersion());
    }

    @ParameterizedTest
    @CsvSource({
        "Maven, com.example:parser, 1.9.0, TEST-2024-0104, 1.10.0",
        "Maven, com.example:parser, 1.10.0, , ",
        "Maven, com.example:parser, 1.1.9, , ",
        "npm, left-pad, 1.2.9, TEST-2024-0104, 1.3.0-rc.1",
        "npm, left-pad, 1.3.0, , ",
        "npm, numpy, 1.0.0, TEST-2024-0103, ",
    })
    void otherEcosystemsUseDottedAndSemverOrder(String ecosystem, String name, String version, String expectedId,
            String fixed) {
        OsvDatabase db = OsvDatabase.load(fixture("export"));
        RuntimeLibrary library = new RuntimeLibrary(ecosystem, name, version, "MIT", "pkg:generic/" + name);
        List<VulnerabilityMatch> matches = db.match(List.of(library));
        if (expectedId == null) {
            assertEquals(List.of(), matches);
        } else {
            assertEquals(1, matches.size(), matches.toString());
            assertEquals(expectedId, matches.get(0).id());
            assertEquals(fixed, matches.get(0).fixedVersion());
        }
    }

    @Test
    void matchesComeInLibraryOrderThenById() {
        OsvDatabase db = OsvDatabase.load(fixture("shapes/array.json"));
        List<RuntimeLibrary> twice = List.of(RuntimeLibrary.pypi("mlflow", "2.17.2", "Apache-2.0"),
                RuntimeLibrary.pypi("MLflow", "1.5", "Apache-2.0"));
        List<String> found = db.match(twice).stream().map(m -> m.packageName() + "@" + m.version() + " " + m.id())
                .toList();
        assertEquals(List.of("mlflow@2.17.2 TEST-2024-0002", "mlflow@2.17.2 TEST-2024-0004",
                "MLflow@1.5 TEST-2024-0002", "MLflow@1.5 TEST-2024-0003", "MLflow@1.5 TEST-2024-0004"), found);
    }

    @ParameterizedTest
    @CsvSource({
        "truncated.json, not valid JSON",
        "empty.json, empty",
        "scalar.json, expected an OSV record",
        "vulns-not-array.json, \"vulns\" must be an array",
        "missing-id.json, record #0 must have a non-empty string \"id\"",
        "missing-modified.json, (TEST-BAD-7) must have a non-empty string \"modified\"",
        "affected-not-array.json, \"affected\" must be an array",
        "unknown-event.json, affected[0].ranges[0].events[1] must have one of",
        "version-not-string.json, affected[0].versions must contain only strings",
        "package-without-name.json, affected[0].package must have a non-empty string \"name\"",
        "no-events.json, affected[0].ranges[0] must have a non-empty \"events\" array",
    })
    void malformedFilesAreRejectedNamingFileAndProblem(String file, String problem) {
        Path path = fixture("malformed/" + file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OsvDatabase.load(path));
        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void aMalformedFileInADirectoryFailsTheWholeLoad() {
        Path dir = fixture("malformed");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OsvDatabase.load(dir));
        assertTrue(e.getMessage().startsWith("malformed OSV file " + dir), e.getMessage());
    }

    @Test
    void directoryWithoutJsonFilesIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("README.txt"), "not an advisory");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OsvDatabase.load(dir));
        assertTrue(e.getMessage().contains("holds no *.json files"), e.getMessage());
    }

    @Test
    void missingPathIsRejected() {
        Path missing = Path.of("/nonexistent/osv-" + System.nanoTime());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OsvDatabase.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
