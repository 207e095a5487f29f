package io.custos.bundle.archive;

import static io.custos.bundle.archive.TestZips.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.bundle.archive.HostileBundleException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeYamlTest {

    private static HostileBundleException refused(Reason reason, String yaml) {
        HostileBundleException e = assertThrows(HostileBundleException.class,
                () -> SafeYaml.load(bytes(yaml), "MLmodel"));
        assertEquals(reason, e.reason(), e::getMessage);
        assertEquals("MLmodel", e.path());
        assertTrue(e.getMessage().startsWith("MLmodel: "), e::getMessage);
        return e;
    }

    @Test
    void refusesBillionLaughs() {
        StringBuilder lol = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            String prev = "*" + (char) (c - 1);
            lol.append(c).append(": &").append(c).append(" [").append(String.join(",", List.of(prev, prev, prev, prev,
                    prev, prev, prev, prev, prev))).append("]\n");
        }
        HostileBundleException e = refused(Reason.YAML_BOMB, lol.toString());
        assertTrue(e.getMessage().contains("aliases"), e.getMessage());
    }

    @Test
    void refusesAliasExpansionUnderTheAliasLimit() {
        // Ten aliases, each doubling: 2^10 copies of a 1000-element list, a million nodes.
        StringBuilder yaml = new StringBuilder("l0: &l0 [" + "1,".repeat(999) + "1]\n");
        for (int i = 1; i <= 10; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l")
                    .append(i - 1).append("]\n");
        }
        HostileBundleException e = refused(Reason.YAML_BOMB, yaml.toString());
        assertTrue(e.getMessage().contains("expands to more than"), e.getMessage());
    }

    @Test
    void refusesRecursiveStructures() {
        HostileBundleException e = refused(Reason.YAML_BOMB, "a: &x [1, *x]\n");
        assertTrue(e.getMessage().contains("contains itself"), e.getMessage());
    }

    @Test
    void refusesDeepNestingBeforeTheRecursiveComposerRuns() {
        int depth = 100_000;
        HostileBundleException flow = refused(Reason.YAML_BOMB, "[".repeat(depth) + "]".repeat(depth));
        assertTrue(flow.getMessage().contains("nested more than 50 levels deep at line 1, column 51"),
                flow.getMessage());
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            block.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        refused(Reason.YAML_BOMB, block.toString());
        SafeYaml.load(bytes("[".repeat(50) + "]".repeat(50)), "MLmodel");
    }

    @Test
    void refusesDuplicateKeysWithTheirLine() {
        HostileBundleException e = refused(Reason.MALFORMED_YAML,
                "flavors:\n  onnx: {}\nartifact_path: model\nflavors:\n  evil: {}\n");
        assertTrue(e.getMessage().contains("duplicate key flavors") && e.getMessage().contains("line 4, column 1"),
                e.getMessage());
    }

    @Test
    void reportsSyntaxErrorsWithLineAndColumn() {
        HostileBundleException e = refused(Reason.MALFORMED_YAML, "flavors:\n  onnx: [1, 2\nname: x\n");
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        HostileBundleException tab = refused(Reason.MALFORMED_YAML, "a:\n\t- b\n");
        assertTrue(tab.getMessage().contains("line 2"), tab.getMessage());
    }

    /** Tags other than plain data are refused; nothing is constructed from them. */
    @ParameterizedTest
    @ValueSource(strings = {
            "a: !!python/object/apply:os.system ['rm -rf /']",
            "a: !!python/object:__main__.Evil {x: 1}",
            "a: !!python/name:os.system",
            "a: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]",
            "a: !custom value",
            "a: !!binary aGVsbG8=",
            "a: !!set {x, y}",
            "a: !!timestamp 2024-01-01",
            "!!map {a: 1}: 2",
    })
    void refusesTagsOtherThanPlainData(String yaml) {
        HostileBundleException e = refused(Reason.MALFORMED_YAML, yaml);
        assertTrue(e.getMessage().contains("tag") || e.getMessage().contains("key"), e.getMessage());
    }

    @Test
    void namesTheRefusedTagAndWhereItIs() {
        HostileBundleException e = refused(Reason.MALFORMED_YAML,
                "flavors:\n  python_function:\n    loader: !!python/object/apply:os.system ['id']\n");
        assertTrue(e.getMessage().contains("the tag !!python/object/apply:os.system at line 3, column 13"),
                e.getMessage());
    }

    @Test
    void neverSubstitutesEnvironmentVariables() {
        Map<String, Object> doc = SafeYaml.loadMap(bytes("home: ${HOME}\npath: ${PATH:-x}\n"), "conda.yaml");
        assertEquals("${HOME}", doc.get("home"));
        assertEquals("${PATH:-x}", doc.get("path"));
    }

    @Test
    void requiresStringKeys() {
        HostileBundleException e = refused(Reason.MALFORMED_YAML, "name: x\n1: one\n");
        assertTrue(e.getMessage().contains("the key '1' at line 2") && e.getMessage().contains("quote it"),
                e.getMessage());
        assertEquals(Map.of("1", "one"), SafeYaml.loadMap(bytes("'1': one"), "x"));
    }

    @Test
    void loadMapRequiresAMappingAtTheTop() {
        HostileBundleException list = assertThrows(HostileBundleException.class,
                () -> SafeYaml.loadMap(bytes("- a\n- b\n"), "conda.yaml"));
        assertEquals(Reason.MALFORMED_YAML, list.reason());
        assertTrue(list.getMessage().contains("expected a mapping") && list.getMessage().contains("a list"),
                list.getMessage());
        assertEquals(Reason.MALFORMED_YAML, assertThrows(HostileBundleException.class,
                () -> SafeYaml.loadMap(bytes(""), "conda.yaml")).reason());
        assertNull(SafeYaml.load(bytes("# only a comment\n"), "conda.yaml"));
        assertEquals("text", SafeYaml.load(bytes("text"), "x"));
    }

    @Test
    void refusesOversizedAndUndecodableInput() {
        HostileBundleException big = assertThrows(HostileBundleException.class,
                () -> SafeYaml.load(bytes("a: '" + "x".repeat(2 << 20) + "'"), "MLmodel"));
        assertEquals(Reason.TOO_LARGE, big.reason());
        assertTrue(big.getMessage().contains("1048576 code points"), big.getMessage());
        HostileBundleException latin1 = assertThrows(HostileBundleException.class,
                () -> SafeYaml.load(new byte[] {'a', ':', ' ', (byte) 0xE9}, "MLmodel"));
        assertEquals(Reason.MALFORMED_YAML, latin1.reason());
        assertTrue(latin1.getMessage().contains("byte offset 3"), latin1.getMessage());
        assertEquals(Map.of("a", "b"), SafeYaml.load(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ':',
                ' ', 'b'}, "MLmodel"), "a UTF-8 byte order mark is fine");
    }

    @Test
    void loadsPlainDataWithTheCoreSchema() {
        Map<String, Object> doc = SafeYaml.loadMap(bytes("""
                s: text
                i: 42
                big: 123456789012345678901
                f: 0.5
                t: true
                n: null
                date: 2024-01-01
                norway: no
                version: 3.10.12
                list: [1, two]
                """), "x");
        assertEquals("text", doc.get("s"));
        assertEquals(42, doc.get("i"));
        assertEquals(new java.math.BigInteger("123456789012345678901"), doc.get("big"));
        assertEquals(0.5, doc.get("f"));
        assertEquals(true, doc.get("t"));
        assertNull(doc.get("n"));
        assertEquals("2024-01-01", doc.get("date"), "no timestamp objects");
        assertEquals("no", doc.get("norway"), "YAML 1.2: 'no' is a string");
        assertEquals("3.10.12", doc.get("version"));
        assertEquals(List.of(1, "two"), doc.get("list"));
        assertInstanceOf(LinkedHashMap.class, doc);
    }

    @Test
    void anMlmodelRoundTripsThroughDumpAndLoad() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("conda", "conda.yaml");
        env.put("virtualenv", "python_env.yaml");
        Map<String, Object> pyfunc = new LinkedHashMap<>();
        pyfunc.put("env", env);
        pyfunc.put("loader_module", "mlflow.onnx");
        pyfunc.put("python_version", "3.10.12");
        Map<String, Object> onnx = new LinkedHashMap<>();
        onnx.put("code", null);
        onnx.put("data", "model.onnx");
        onnx.put("onnx_version", "1.16.0");
        onnx.put("providers", new ArrayList<>(List.of("CPUExecutionProvider")));
        Map<String, Object> flavors = new LinkedHashMap<>();
        flavors.put("onnx", onnx);
        flavors.put("python_function", pyfunc);
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("inputs", "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, 4]}}]");
        signature.put("params", null);
        Map<String, Object> mlmodel = new LinkedHashMap<>();
        mlmodel.put("artifact_path", "model");
        mlmodel.put("flavors", flavors);
        mlmodel.put("mlflow_version", "2.14.1");
        mlmodel.put("model_size_bytes", 1234);
        mlmodel.put("model_uuid", "0f8e7d6c5b4a39281706f5e4d3c2b1a0");
        mlmodel.put("signature", signature);
        mlmodel.put("utc_time_created", "2024-05-17 13:45:31.123456");
        mlmodel.put("custom", new ArrayList<>(List.of("yes", "3.10", "~", "", "multi\nline", true, 1.5)));

        String yaml = SafeYaml.dump(mlmodel);
        assertTrue(yaml.startsWith("artifact_path: model\nflavors:\n  onnx:\n    code: null\n"), yaml);
        assertTrue(yaml.contains("utc_time_created: '2024-05-17 13:45:31.123456'"),
                "PyYAML would read an unquoted date-time as a datetime: " + yaml);
        assertTrue(yaml.contains("python_version: '3.10.12'"), yaml);
        assertTrue(yaml.contains("- 'yes'") && yaml.contains("- '3.10'"), yaml);
        assertEquals(mlmodel, SafeYaml.loadMap(bytes(yaml), "MLmodel"));
        assertEquals(yaml, SafeYaml.dump(mlmodel), "deterministic");
        assertEquals(List.copyOf(mlmodel.keySet()),
                List.copyOf(SafeYaml.loadMap(bytes(yaml), "MLmodel").keySet()), "key order kept");
    }

    @Test
    void dumpWritesSharedValuesInFullAndRefusesNonPlainData() {
        List<Object> shared = new ArrayList<>(List.of("a"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("x", shared);
        doc.put("y", shared);
        String yaml = SafeYaml.dump(doc);
        assertTrue(!yaml.contains("&") && !yaml.contains("*"), yaml);
        assertThrows(IllegalArgumentException.class, () -> SafeYaml.dump(Map.of("when", new java.util.Date())));
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("self", loop);
        assertThrows(IllegalArgumentException.class, () -> SafeYaml.dump(loop));
    }
}
