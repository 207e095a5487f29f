package io.custos.bundle.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class MlBomValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The valid BOM, changed by {@code tamper}, then validated. */
    private static List<String> tampered(Consumer<ObjectNode> tamper) throws IOException {
        ObjectNode bom = (ObjectNode) JSON.readTree(MlBom.build(MlBomFixtures.privateModel()));
        tamper.accept(bom);
        return MlBomValidator.validate(JSON.writeValueAsBytes(bom));
    }

    private static ObjectNode model(ObjectNode bom) {
        return (ObjectNode) bom.path("metadata").path("component");
    }

    private static ObjectNode library(ObjectNode bom, String name) {
        for (JsonNode c : bom.path("components")) {
            if (c.path("name").asText().equals(name)) {
                return (ObjectNode) c;
            }
        }
        throw new AssertionError("no component " + name);
    }

    private static void assertHasProblem(List<String> problems, String fragment) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(fragment)),
                "expected a problem containing \"" + fragment + "\" in " + problems);
    }

    @Test
    void modelHashRemoved() throws IOException {
        List<String> problems = tampered(bom -> model(bom).remove("hashes"));
        assertEquals(List.of("the machine-learning-model component income-classifier@3 has no SHA-256 hash"), problems);
    }

    @Test
    void modelHashReplacedByAWeakerOne() throws IOException {
        List<String> problems = tampered(bom -> ((ObjectNode) model(bom).path("hashes").path(0)).put("alg", "MD5")
                .put("content", "0123456789abcdef0123456789abcdef"));
        assertHasProblem(problems, "has no SHA-256 hash");
    }

    @Test
    void modelCardRemoved() throws IOException {
        assertHasProblem(tampered(bom -> model(bom).remove("modelCard")), "has no modelCard");
    }

    @Test
    void modelComponentRemoved() throws IOException {
        List<String> problems = tampered(bom -> ((ObjectNode) bom.path("metadata")).remove("component"));
        assertHasProblem(problems, "expected exactly one component of type machine-learning-model, found 0");
        assertHasProblem(problems, "dependency refers to \"pkg:generic/income-classifier@3\"");
    }

    @Test
    void secondModelComponent() throws IOException {
        List<String> problems = tampered(bom -> {
            ObjectNode copy = model(bom).deepCopy();
            copy.put("bom-ref", "another-model");
            ((ArrayNode) bom.path("components")).add(copy);
        });
        assertEquals(List.of("expected exactly one component of type machine-learning-model, found 2"), problems);
    }

    @Test
    void libraryWithoutLicense() throws IOException {
        List<String> problems = tampered(bom -> library(bom, "numpy").remove("licenses"));
        assertEquals(List.of("library numpy@1.26.4 has no license"), problems);
    }

    @Test
    void libraryWithoutPurl() throws IOException {
        List<String> problems = tampered(bom -> library(bom, "pandas").remove("purl"));
        assertEquals(List.of("library pandas@2.2.3 has no purl"), problems);
    }

    @Test
    void danglingReferencesAndDuplicateBomRefs() throws IOException {
        List<String> problems = tampered(bom -> {
            ((ArrayNode) bom.path("dependencies").path(0).path("dependsOn")).add("pkg:pypi/requests@2.0.0");
            library(bom, "onnx").put("bom-ref", "pkg:pypi/mlflow@2.17.2");
        });
        assertHasProblem(problems, "refers to \"pkg:pypi/requests@2.0.0\", which is not a bom-ref in the BOM");
        assertHasProblem(problems, "bom-ref \"pkg:pypi/mlflow@2.17.2\" is used more than once");
    }

    @Test
    void notJson() {
        List<String> problems = MlBomValidator.validate("this is not JSON".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("the ML-BOM is not valid JSON"), problems.toString());
    }

    @Test
    void garbageNeverThrows() {
        List<byte[]> garbage = List.of(new byte[0], new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}, "null".getBytes(),
                "[]".getBytes(), "42".getBytes(), "{}".getBytes(), "{\"components\": 7}".getBytes(),
                "{\"a\":1} trailing".getBytes(), "[".repeat(5000).getBytes(),
                "{\"bomFormat\":\"CycloneDX\",\"bomFormat\":\"CycloneDX\"}".getBytes());
        for (byte[] g : garbage) {
            List<String> problems = MlBomValidator.validate(g);
            assertFalse(problems.isEmpty(), new String(g, StandardCharsets.UTF_8));
        }
        assertFalse(MlBomValidator.validate(null).isEmpty());
    }

    /** The schema validator recurses per level: a hostile document must not exhaust the stack. */
    @Test
    void deeplyNestedComponentsAreReportedNotCrashed() {
        StringBuilder json = new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[");
        json.append("{\"type\":\"library\",\"name\":\"x\",\"components\":[".repeat(2000));
        json.append("]}".repeat(2000)).append("]}");
        List<String> problems = MlBomValidator.validate(json.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("nested more than"), problems.toString());
    }

    @Test
    void duplicateKeysAreRejected() throws IOException {
        String valid = new String(MlBom.build(MlBomFixtures.privateModel()), StandardCharsets.UTF_8);
        String duplicated = valid.replaceFirst("\"version\" : 1,", "\"version\" : 1, \"version\" : 2,");
        List<String> problems = MlBomValidator.validate(duplicated.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("Duplicate field"), problems.toString());
    }

    @Test
    void wrongSpecVersion() throws IOException {
        List<String> problems = tampered(bom -> bom.put("specVersion", "1.5"));
        assertEquals(List.of("specVersion must be \"1.6\", found \"1.5\""), problems);
    }

    @Test
    void schemaViolationsAreReported() throws IOException {
        List<String> problems = tampered(bom -> {
            library(bom, "mlflow").put("type", "banana");
            ((ObjectNode) model(bom).path("hashes").path(0)).put("content", "xyz");
        });
        assertHasProblem(problems, "CycloneDX 1.6 schema: $.components[1].type");
        assertHasProblem(problems, "CycloneDX 1.6 schema: $.metadata.component.hashes[0].content");
    }

    /** Any attempt to fetch a schema over the network is recorded and sent to a closed port. */
    @Test
    void schemaValidationIsOffline() throws IOException {
        List<URI> attempts = new ArrayList<>();
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                attempts.add(uri);
                return List.of(new Proxy(Proxy.Type.HTTP, new java.net.InetSocketAddress("127.0.0.1", 9)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
        try {
            byte[] bom = MlBom.build(MlBomFixtures.privateModel());
            assertEquals(List.of(), new JsonParser().validate(bom, Version.VERSION_16), "a fresh schema load");
            assertEquals(List.of(), MlBomValidator.validate(bom));
        } finally {
            ProxySelector.setDefault(previous);
        }
        assertEquals(List.of(), attempts);
    }
}
