package io.custos.bundle.sbom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlBomVulnerabilitiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final VulnerabilityMatch MLFLOW = new VulnerabilityMatch("GHSA-test-0002-aaaa",
            List.of("CVE-2099-0002", "GHSA-test-0002-aaaa"), "mlflow", "2.17.2", "Path traversal in artifact download",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "2.18.0");
    private static final VulnerabilityMatch NUMPY = new VulnerabilityMatch("PYSEC-2099-1", List.of(), "NumPy",
            "1.26.4", null, "MODERATE", null);

    @Test
    void addsVulnerabilitiesThatAffectTheLibraries() throws IOException {
        byte[] bom = MlBom.withVulnerabilities(MlBom.build(MlBomFixtures.privateModel()), List.of(NUMPY, MLFLOW));
        assertEquals(List.of(), MlBomValidator.validate(bom));
        JsonNode vulnerabilities = JSON.readTree(bom).path("vulnerabilities");
        assertEquals(2, vulnerabilities.size());

        JsonNode mlflow = vulnerabilities.path(0);
        assertEquals("GHSA-test-0002-aaaa", mlflow.path("id").asText(), "sorted by id");
        assertEquals("OSV", mlflow.path("source").path("name").asText());
        assertEquals("https://osv.dev/vulnerability/GHSA-test-0002-aaaa", mlflow.path("source").path("url").asText());
        assertEquals("CVE-2099-0002", mlflow.path("references").path(0).path("id").asText());
        assertEquals("NVD", mlflow.path("references").path(0).path("source").path("name").asText());
        assertEquals(1, mlflow.path("references").size(), "the id itself is not repeated as a reference");
        assertEquals("CVSSv31", mlflow.path("ratings").path(0).path("method").asText());
        assertEquals(MLFLOW.severity(), mlflow.path("ratings").path(0).path("vector").asText());
        assertEquals("Path traversal in artifact download", mlflow.path("description").asText());
        assertEquals("Upgrade mlflow 2.17.2 to 2.18.0 or later.", mlflow.path("recommendation").asText());
        assertEquals("pkg:pypi/mlflow@2.17.2", mlflow.path("affects").path(0).path("ref").asText());
        assertEquals("2.17.2", mlflow.path("affects").path(0).path("versions").path(0).path("version").asText());
        assertEquals("affected", mlflow.path("affects").path(0).path("versions").path(0).path("status").asText());

        JsonNode numpy = vulnerabilities.path(1);
        assertEquals("OSV", numpy.path("source").path("name").asText());
        assertEquals("https://osv.dev/vulnerability/PYSEC-2099-1", numpy.path("source").path("url").asText());
        assertEquals("medium", numpy.path("ratings").path(0).path("severity").asText());
        assertEquals("other", numpy.path("ratings").path(0).path("method").asText());
        assertTrue(numpy.path("recommendation").isMissingNode(), "no fix known");
        assertEquals("pkg:pypi/numpy@1.26.4", numpy.path("affects").path(0).path("ref").asText(),
                "PyPI names are matched PEP 503 normalised");
    }

    @Test
    void replacesRatherThanAppendsAndKeepsEverythingElse() {
        byte[] original = MlBom.build(MlBomFixtures.privateModel());
        byte[] once = MlBom.withVulnerabilities(original, List.of(MLFLOW));
        assertArrayEquals(once, MlBom.withVulnerabilities(once, List.of(MLFLOW)));
        assertArrayEquals(original, MlBom.withVulnerabilities(once, List.of()),
                "removing the vulnerabilities gives back the original bytes: nothing else is lost on the way");
    }

    @Test
    void endToEndFromAnOsvFile() throws Exception {
        OsvDatabase db = OsvDatabase.load(java.nio.file.Path.of(
                MlBomVulnerabilitiesTest.class.getResource("/osv/shapes/array.json").toURI()));
        byte[] bom = MlBom.withVulnerabilities(MlBom.build(MlBomFixtures.nonPrivateModel()),
                db.match(RuntimeLibraries.python()));
        assertEquals(List.of(), MlBomValidator.validate(bom));
        assertEquals(2, JSON.readTree(bom).path("vulnerabilities").size());
    }

    @Test
    void unknownLibraryOrNotABomIsRejected() {
        byte[] bom = MlBom.build(MlBomFixtures.privateModel());
        VulnerabilityMatch other = new VulnerabilityMatch("X-1", List.of(), "requests", "2.0.0", null, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MlBom.withVulnerabilities(bom, List.of(other)));
        assertTrue(e.getMessage().contains("requests@2.0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MlBom.withVulnerabilities("nope".getBytes(StandardCharsets.UTF_8), List.of()));
    }
}
