package io.custos.bundle.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.artifact.Predictor;
import io.custos.ml.model.ModelType;
import io.custos.ml.onnx.OnnxExporter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxRunnerTest {

    private static final ModelArtifact MLP = TestModels.artifact(ModelType.MLP, 1);
    private static final byte[] MLP_ONNX = OnnxExporter.export(MLP, "test");

    @Test
    void inputsAreTheFeaturesInOrderWithTheirTypes() {
        try (OnnxRunner runner = new OnnxRunner(MLP_ONNX)) {
            assertEquals(List.of(spec("age", "float"), spec("workclass", "string"), spec("hours per week", "float"),
                    spec("sex", "string"), spec("capital-gain", "float"), spec("ratio", "float")), runner.inputs());
        }
    }

    private static OnnxRunner.InputSpec spec(String name, String type) {
        return new OnnxRunner.InputSpec(name, type);
    }

    @Test
    void theRuntimeVersionIsKnown() {
        assertEquals("1.29.0", OnnxRunner.runtimeVersion());
    }

    @Test
    void predictionsAreThePredictorsInOneBatch() {
        List<Map<String, String>> rows = OnnxParity.sampleRows(MLP, 400, 3);
        Predictor predictor = MLP.predictor();
        try (OnnxRunner runner = new OnnxRunner(MLP_ONNX)) {
            List<OnnxRunner.Prediction> out = runner.predict(rows);
            assertEquals(rows.size(), out.size());
            for (int i = 0; i < rows.size(); i++) {
                double p = predictor.probability(rows.get(i));
                assertEquals(p, out.get(i).probability1(), OnnxParity.TOLERANCE, "row " + rows.get(i));
                assertEquals(1 - out.get(i).probability1(), out.get(i).probability0(), 1e-15);
                assertEquals(out.get(i).probability1() >= 0.5 ? 1 : 0, out.get(i).label());
            }
            assertEquals(List.of(), runner.predict(List.of()));
        }
    }

    @Test
    void numbersAreParsedAndAnythingElseIsMissing() {
        assertEquals(42f, OnnxRunner.toFloat(" 42 "));
        assertEquals(-1.5e-3f, OnnxRunner.toFloat("-1.5e-3"));
        assertTrue(Float.isNaN(OnnxRunner.toFloat("")));
        assertTrue(Float.isNaN(OnnxRunner.toFloat("  ")));
        assertTrue(Float.isNaN(OnnxRunner.toFloat(null)));
        assertTrue(Float.isNaN(OnnxRunner.toFloat("n/a")));
        assertEquals(Float.POSITIVE_INFINITY, OnnxRunner.toFloat("1e39"), "beyond float32, as numpy casts it");

        Map<String, String> row = new HashMap<>(Map.of("workclass", "Private", "sex", "Male", "age", "40",
                "hours per week", "40", "capital-gain", "0", "ratio", "0.1"));
        Map<String, String> missing = new HashMap<>(row);
        missing.remove("age");
        missing.remove("sex");
        Map<String, String> empty = new HashMap<>(row);
        empty.put("age", "not a number");
        empty.put("sex", "");
        try (OnnxRunner runner = new OnnxRunner(MLP_ONNX)) {
            List<OnnxRunner.Prediction> out = runner.predict(List.of(row, missing, empty));
            assertEquals(out.get(1), out.get(2), "a missing key is an empty value");
            assertEquals(MLP.predictor().probability(missing), out.get(1).probability1(), OnnxParity.TOLERANCE);
        }
    }

    @Test
    void aModelWithoutTheCustosOutputsIsRefused() {
        byte[] identity = TestModels.model(OnnxMl.GraphProto.newBuilder()
                .addInput(TestModels.vector("x", OnnxMl.TensorProto.DataType.FLOAT))
                .addNode(TestModels.node("Identity", List.of("x"), "y"))
                .addOutput(TestModels.vector("y", OnnxMl.TensorProto.DataType.FLOAT)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OnnxRunner(identity));
        assertTrue(e.getMessage().contains("output label (int64 [N]) is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("outputs found: [y]"), e.getMessage());
    }

    @Test
    void outputsOfTheWrongTypeAreRefused() {
        OnnxMl.GraphProto.Builder g = TestModels.classifierOn("x")
                .addInput(TestModels.vector("x", OnnxMl.TensorProto.DataType.DOUBLE));
        g.setOutput(0, TestModels.vector("label", OnnxMl.TensorProto.DataType.BOOL));
        g.setNode(3, TestModels.node("Identity", List.of("positive"), "label"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OnnxRunner(TestModels.model(g)));
        assertTrue(e.getMessage().contains("output label must be int64 [N]"), e.getMessage());
    }

    @Test
    void inputsOtherThanFloatAndStringAreReportedThenRefusedAtPrediction() {
        byte[] onnx = TestModels.model(TestModels.classifierOn("x")
                .addInput(TestModels.vector("x", OnnxMl.TensorProto.DataType.DOUBLE)));
        try (OnnxRunner runner = new OnnxRunner(onnx)) {
            assertEquals(List.of(spec("x", "double")), runner.inputs());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> runner.predict(List.of(Map.of("x", "1"))));
            assertTrue(e.getMessage().contains("input 'x' is double"), e.getMessage());
        }
    }

    @Test
    void whatOnnxRuntimeRejectsIsAnOnnxRuntimeFailureWithItsMessage() {
        byte[] unknownOp = TestModels.model(TestModels.classifierOn("z")
                .addInput(TestModels.vector("x", OnnxMl.TensorProto.DataType.DOUBLE))
                .addNode(0, TestModels.node("NoSuchOperator", List.of("x"), "z")));
        OnnxRuntimeFailure e = assertThrows(OnnxRuntimeFailure.class, () -> new OnnxRunner(unknownOp));
        assertTrue(e.getMessage().startsWith("ONNX Runtime cannot load the model: "), e.getMessage());
        assertTrue(e.getMessage().contains("NoSuchOperator"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OnnxRunner(new byte[] {0x0a, 0x7f, 1}));
    }

    /** Pairs of values summed: the graph's outputs have N/2 values, or it fails for odd N. */
    @Test
    void aGraphThatFailsOrMiscountsAtRunTimeIsReported() {
        OnnxMl.TensorProto pairs = OnnxMl.TensorProto.newBuilder().setName("pairs")
                .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE).addDims(2).addInt64Data(-1).addInt64Data(2)
                .build();
        OnnxMl.TensorProto axis = OnnxMl.TensorProto.newBuilder().setName("axis")
                .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE).addDims(1).addInt64Data(1).build();
        byte[] onnx = TestModels.model(TestModels.classifierOn("z")
                .addInput(TestModels.vector("x", OnnxMl.TensorProto.DataType.FLOAT))
                .addInitializer(pairs).addInitializer(axis)
                .addNode(0, TestModels.node("Reshape", List.of("x", "pairs"), "x2"))
                .addNode(1, TestModels.node("ReduceSum", List.of("x2", "axis"), "s", TestModels.intAttribute("keepdims",
                        0)))
                .addNode(2, TestModels.node("Cast", List.of("s"), "z", TestModels.intAttribute("to",
                        OnnxMl.TensorProto.DataType.DOUBLE_VALUE))));
        try (OnnxRunner runner = new OnnxRunner(onnx)) {
            List<Map<String, String>> odd = List.of(Map.of("x", "1"), Map.of("x", "2"), Map.of("x", "3"));
            OnnxRuntimeFailure failure = assertThrows(OnnxRuntimeFailure.class, () -> runner.predict(odd));
            assertTrue(failure.getMessage().startsWith("ONNX Runtime failed to run the model on 3 rows: "),
                    failure.getMessage());
            List<Map<String, String>> even = List.of(Map.of("x", "1"), Map.of("x", "2"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runner.predict(even));
            assertTrue(e.getMessage().contains("one value per row (2), the model gave 1 values"), e.getMessage());
        }
    }

    @Test
    void tensorsInExternalFilesAreRefusedBeforeOnnxRuntimeOpensThem() {
        OnnxMl.TensorProto external = OnnxMl.TensorProto.newBuilder().setName("w")
                .setDataType(OnnxMl.TensorProto.DataType.DOUBLE_VALUE)
                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue("/etc/passwd"))
                .build();
        byte[] onnx = TestModels.model(TestModels.classifierOn("z")
                .addInput(TestModels.vector("x", OnnxMl.TensorProto.DataType.DOUBLE))
                .addInitializer(external)
                .addNode(0, TestModels.node("Mul", List.of("x", "w"), "z")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OnnxRunner(onnx));
        assertTrue(e.getMessage().contains("tensor 'w' refers to external data"), e.getMessage());
    }
}
