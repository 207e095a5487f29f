package io.custos.bundle.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.model.ModelType;
import io.custos.ml.onnx.OnnxExporter;
import io.custos.ml.train.FeatureEncoder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnnxParityTest {

    private static final ModelArtifact LOGISTIC = TestModels.artifact(ModelType.LOGISTIC, 7);

    @ParameterizedTest
    @EnumSource(ModelType.class)
    void anExportedModelIsWithinTolerance(ModelType type) {
        ModelArtifact a = TestModels.artifact(type, 21);
        List<Map<String, String>> rows = OnnxParity.sampleRows(a, 1000, 5);
        ParityResult r = OnnxParity.measure(OnnxExporter.export(a, "test"), a, rows);
        System.out.printf("bundle parity %-8s max |diff| %.3e over %d synthetic rows, %d label mismatches%n",
                type.id(), r.maxAbsDifference(), r.rows(), r.labelMismatches());
        assertEquals(1000, r.rows());
        assertEquals(0, r.labelMismatches());
        assertTrue(r.within(OnnxParity.TOLERANCE), r.toString());
    }

    @Test
    void anotherModelsGraphIsCaught() {
        ModelArtifact other = TestModels.artifact(ModelType.LOGISTIC, 8);
        ParityResult r = OnnxParity.measure(OnnxExporter.export(other, "test"), LOGISTIC,
                OnnxParity.sampleRows(LOGISTIC, 200, 1));
        assertTrue(r.maxAbsDifference() > 0.01, r.toString());
        assertFalse(r.within(OnnxParity.TOLERANCE));
    }

    /** Probabilities intact, labels wrong: only the label count can catch it. */
    @Test
    void aWrongLabelIsCaughtEvenWhenProbabilitiesMatch() throws Exception {
        OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(OnnxExporter.export(LOGISTIC, "test"));
        OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals("threshold")) {
                g.setInitializer(i, g.getInitializer(i).toBuilder().setDoubleData(0, 2.0));
            }
        }
        byte[] tampered = m.toBuilder().setGraph(g).build().toByteArray();
        ParityResult r = OnnxParity.measure(tampered, LOGISTIC, OnnxParity.sampleRows(LOGISTIC, 200, 1));
        assertTrue(r.maxAbsDifference() <= OnnxParity.TOLERANCE, r.toString());
        assertTrue(r.labelMismatches() > 0, r.toString());
        assertFalse(r.within(OnnxParity.TOLERANCE));
        assertFalse(new ParityResult(3, Double.NaN, 0).within(1));
    }

    @Test
    void sampleRowsCoverTheSchemaFromTheSchemaAlone() {
        List<Map<String, String>> rows = OnnxParity.sampleRows(LOGISTIC, 120, 9);
        assertEquals(120, rows.size());
        for (FeatureEncoder.Column c : LOGISTIC.features()) {
            Set<String> values = new HashSet<>();
            rows.forEach(r -> values.add(r.get(c.name())));
            assertTrue(values.contains(""), c.name() + " has empty values");
            if (c.kind() == ColumnDeclaration.Kind.CATEGORICAL) {
                assertTrue(values.containsAll(c.categories()), c.name() + " has every category");
                Set<String> unknown = new HashSet<>(values);
                unknown.removeAll(c.categories());
                unknown.remove("");
                assertEquals(1, unknown.size(), "one unknown category, and nothing else: " + unknown);
                assertFalse(c.categories().contains(unknown.iterator().next()));
            } else {
                List<Double> numbers = values.stream().filter(v -> !v.isEmpty()).map(Double::valueOf).toList();
                assertTrue(numbers.contains(c.lower()) && numbers.contains(c.upper()), c.name() + " at both bounds");
                assertTrue(numbers.stream().anyMatch(v -> v < c.lower()), c.name() + " below");
                assertTrue(numbers.stream().anyMatch(v -> v > c.upper()), c.name() + " above");
                assertTrue(numbers.stream().anyMatch(v -> v > c.lower() && v < c.upper()), c.name() + " inside");
                assertTrue(numbers.stream().anyMatch(v -> Math.abs(v) >= 1e300), c.name() + " beyond float32");
            }
        }
        assertEquals(rows, OnnxParity.sampleRows(LOGISTIC, 120, 9), "deterministic for a seed");
        assertNotEquals(rows, OnnxParity.sampleRows(LOGISTIC, 120, 10));
        assertEquals(List.copyOf(rows.get(0).keySet()), LOGISTIC.predictor().inputNames(), "keys in artifact order");
    }

    /** The clean block comes first, so a prefix is a valid MLflow input example. */
    @Test
    void theFirstRowsAreCleanAndCycleThroughEveryCategory() {
        int clean = OnnxParity.minimumRows(LOGISTIC) - 6;
        assertEquals(8, clean, "workclass has the most categories");
        List<Map<String, String>> rows = OnnxParity.sampleRows(LOGISTIC, clean + 6, 4);
        for (Map<String, String> row : rows.subList(0, clean)) {
            for (FeatureEncoder.Column c : LOGISTIC.features()) {
                String v = row.get(c.name());
                if (c.kind() == ColumnDeclaration.Kind.NUMERIC) {
                    double x = Double.parseDouble(v);
                    assertTrue(x >= c.lower() && x <= c.upper(), c.name() + " " + v);
                    assertTrue(v.length() <= 12, "short enough to read: " + v);
                } else {
                    assertTrue(c.categories().contains(v), c.name() + " " + v);
                }
            }
        }
        Set<String> workclass = new HashSet<>();
        rows.subList(0, clean).forEach(r -> workclass.add(r.get("workclass")));
        assertEquals(Set.copyOf(LOGISTIC.features().get(1).categories()), workclass);
    }

    @Test
    void askingForTooFewRowsStillCoversTheSchema() {
        assertEquals(14, OnnxParity.minimumRows(LOGISTIC));
        List<Map<String, String>> rows = OnnxParity.sampleRows(LOGISTIC, 3, 1);
        assertEquals(14, rows.size());
        assertEquals(rows, OnnxParity.sampleRows(LOGISTIC, 14, 1));
        assertThrows(IllegalArgumentException.class, () -> OnnxParity.sampleRows(LOGISTIC, -1, 1));
    }
}
