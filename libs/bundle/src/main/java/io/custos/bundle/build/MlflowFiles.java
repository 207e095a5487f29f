package io.custos.bundle.build;

import io.custos.bundle.BundleJson;
import io.custos.bundle.BundleLayout;
import io.custos.bundle.archive.SafeYaml;
import io.custos.bundle.sbom.RuntimeLibrary;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.onnx.OnnxExporter;
import io.custos.ml.train.FeatureEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files that make a bundle an MLflow model: {@code MLmodel} with the {@code onnx} and
 * {@code python_function} (loader {@code mlflow.onnx}) flavors, the environment files pinned to
 * the same libraries the SBOM lists, and the input example in pandas split orientation.
 */
public final class MlflowFiles {

    /** The MLflow release whose model format we write (and whose responses we test against). */
    public static final String MLFLOW_VERSION = "2.17.2";
    public static final String PYTHON_VERSION = "3.11.9";
    static final String PIP_VERSION = "24.2";
    static final DateTimeFormatter MLFLOW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private MlflowFiles() {
    }

    /** MLflow's column types: numbers go in as double (pyfunc casts them to the graph's float). */
    public static List<Map<String, Object>> inputSchema(List<FeatureEncoder.Column> features) {
        List<Map<String, Object>> cols = new ArrayList<>();
        for (FeatureEncoder.Column c : features) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("type", c.kind() == ColumnDeclaration.Kind.NUMERIC ? "double" : "string");
            col.put("name", c.name());
            col.put("required", true);
            cols.add(col);
        }
        return cols;
    }

    public static List<Map<String, Object>> outputSchema() {
        List<Map<String, Object>> cols = new ArrayList<>();
        cols.add(colSpec("long", OnnxExporter.OUTPUT_LABEL));
        cols.add(colSpec("double", OnnxExporter.OUTPUT_PROBABILITY_0));
        cols.add(colSpec("double", OnnxExporter.OUTPUT_PROBABILITY_1));
        return cols;
    }

    private static Map<String, Object> colSpec(String type, String name) {
        Map<String, Object> col = new LinkedHashMap<>();
        col.put("type", type);
        col.put("name", name);
        col.put("required", true);
        return col;
    }

    static byte[] mlmodel(String bundleId, Instant created, long modelSizeBytes, List<FeatureEncoder.Column> features,
            String onnxVersion, Map<String, Object> metadata) {
        Map<String, Object> onnx = new LinkedHashMap<>();
        onnx.put("code", null);
        onnx.put("data", BundleLayout.ONNX);
        onnx.put("onnx_version", onnxVersion);
        onnx.put("providers", List.of("CPUExecutionProvider"));
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("conda", BundleLayout.CONDA);
        env.put("virtualenv", BundleLayout.PYTHON_ENV);
        Map<String, Object> pyfunc = new LinkedHashMap<>();
        pyfunc.put("data", BundleLayout.ONNX);
        pyfunc.put("env", env);
        pyfunc.put("loader_module", "mlflow.onnx");
        pyfunc.put("python_version", PYTHON_VERSION);
        Map<String, Object> flavors = new LinkedHashMap<>();
        flavors.put("onnx", onnx);
        flavors.put("python_function", pyfunc);
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("artifact_path", BundleLayout.INPUT_EXAMPLE);
        example.put("pandas_orient", "split");
        example.put("type", "dataframe");
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("inputs", compactJson(inputSchema(features)));
        signature.put("outputs", compactJson(outputSchema()));
        signature.put("params", null);

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("artifact_path", "model");
        doc.put("flavors", flavors);
        doc.put("metadata", metadata);
        doc.put("mlflow_version", MLFLOW_VERSION);
        doc.put("model_size_bytes", modelSizeBytes);
        doc.put("model_uuid", bundleId.replace("-", ""));
        doc.put("saved_input_example_info", example);
        doc.put("signature", signature);
        doc.put("utc_time_created", MLFLOW_TIME.format(created));
        return SafeYaml.dump(doc).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] requirements(List<RuntimeLibrary> libraries) {
        StringBuilder s = new StringBuilder();
        for (RuntimeLibrary l : libraries) {
            s.append(l.name()).append("==").append(l.version()).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] conda(List<RuntimeLibrary> libraries) {
        Map<String, Object> pip = new LinkedHashMap<>();
        pip.put("pip", libraries.stream().map(l -> l.name() + "==" + l.version()).toList());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("channels", List.of("conda-forge"));
        doc.put("dependencies", List.of("python=" + PYTHON_VERSION, "pip<=" + PIP_VERSION, pip));
        doc.put("name", "mlflow-env");
        return SafeYaml.dump(doc).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] pythonEnv() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("python", PYTHON_VERSION);
        doc.put("build_dependencies", List.of("pip==" + PIP_VERSION, "setuptools", "wheel"));
        doc.put("dependencies", List.of("-r " + BundleLayout.REQUIREMENTS));
        return SafeYaml.dump(doc).getBytes(StandardCharsets.UTF_8);
    }

    /** pandas "split" orientation: numbers as JSON numbers, categories as strings. */
    static byte[] inputExample(List<FeatureEncoder.Column> features, List<Map<String, String>> rows) {
        List<List<Object>> data = new ArrayList<>();
        for (Map<String, String> row : rows) {
            List<Object> values = new ArrayList<>();
            for (FeatureEncoder.Column c : features) {
                String v = row.get(c.name());
                values.add(c.kind() == ColumnDeclaration.Kind.NUMERIC ? Double.valueOf(v) : v);
            }
            data.add(values);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("columns", features.stream().map(FeatureEncoder.Column::name).toList());
        doc.put("data", data);
        return BundleJson.write(doc);
    }

    /** MLflow keeps signatures as one-line JSON strings inside MLmodel. */
    private static final com.fasterxml.jackson.databind.ObjectMapper COMPACT = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String compactJson(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a split-orientation input example back into rows of strings (what the ONNX runner and
     * our predictor take); a number is written with Java's shortest round-trip form.
     */
    public static List<Map<String, String>> readInputExample(byte[] json) {
        com.fasterxml.jackson.databind.JsonNode doc = BundleJson.tree(json, BundleLayout.INPUT_EXAMPLE);
        com.fasterxml.jackson.databind.JsonNode columns = doc.path("columns");
        com.fasterxml.jackson.databind.JsonNode data = doc.path("data");
        if (!columns.isArray() || !data.isArray()) {
            throw new IllegalArgumentException(BundleLayout.INPUT_EXAMPLE + " must have \"columns\" and \"data\" arrays"
                    + " (pandas split orientation)");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (int r = 0; r < data.size(); r++) {
            com.fasterxml.jackson.databind.JsonNode row = data.get(r);
            if (!row.isArray() || row.size() != columns.size()) {
                throw new IllegalArgumentException(BundleLayout.INPUT_EXAMPLE + " row " + (r + 1) + " has "
                        + row.size() + " values for " + columns.size() + " columns");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                com.fasterxml.jackson.databind.JsonNode v = row.get(c);
                values.put(columns.get(c).asText(), v.isNull() ? "" : v.isNumber() ? Double.toString(v.doubleValue())
                        : v.asText());
            }
            rows.add(values);
        }
        return rows;
    }
}
