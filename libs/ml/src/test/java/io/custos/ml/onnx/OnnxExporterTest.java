package io.custos.ml.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.artifact.Predictor;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.model.ModelType;
import io.custos.ml.train.FeatureEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class OnnxExporterTest {

    private static final int ROWS = 1500;

    /** Max |p1 difference| per model, printed for the record (the bundle check allows 1e-5). */
    private static void assertParity(ModelArtifact artifact, String what) throws Exception {
        byte[] onnx = OnnxExporter.export(artifact, "test");
        Predictor predictor = artifact.predictor();
        List<Map<String, String>> rows = AdultModels.rows(artifact, ROWS, 5);
        OrtScorer.Scores s;
        try (OrtScorer ort = new OrtScorer(onnx)) {
            s = ort.score(rows);
        }
        assertEquals(ROWS, s.probability1().length);
        double maxDiff = 0;
        int borderline = 0;
        for (int i = 0; i < ROWS; i++) {
            double p = predictor.probability(rows.get(i));
            double diff = Math.abs(s.probability1()[i] - p);
            assertTrue(diff <= 1e-5, what + " row " + i + " " + rows.get(i) + ": java " + p + ", onnx "
                    + s.probability1()[i]);
            assertEquals(1 - s.probability1()[i], s.probability0()[i], 1e-15, "probability_0 is 1 - probability_1");
            maxDiff = Math.max(maxDiff, diff);
            if (Math.abs(s.probability1()[i] - 0.5) < 1e-6) {
                borderline++;
            } else {
                assertEquals(predictor.label(rows.get(i)), s.label()[i], what + " label of row " + i);
            }
            assertEquals(s.probability1()[i] >= 0.5 ? 1 : 0, s.label()[i], "label is p1 >= 0.5");
        }
        System.out.printf("ONNX parity %-18s max |p1 diff| %.3e over %d rows (%d borderline)%n", what, maxDiff, ROWS,
                borderline);
    }

    @ParameterizedTest
    @EnumSource(ModelType.class)
    void aTrainedModelScoresAsThePredictorDoes(ModelType type) throws Exception {
        assertParity(AdultModels.trainedArtifact(type), type.id() + " trained");
    }

    @ParameterizedTest
    @EnumSource(ModelType.class)
    void largeRandomParametersScoreAsThePredictorDoes(ModelType type) throws Exception {
        assertParity(AdultModels.randomArtifact(type, 3), type.id() + " random");
    }

    @Test
    void theSameArtifactGivesTheSameBytesAlsoAfterAJsonRoundTrip() throws Exception {
        ModelArtifact a = AdultModels.trainedArtifact(ModelType.MLP);
        byte[] first = OnnxExporter.export(a, "1.2.3");
        assertArrayEquals(first, OnnxExporter.export(a, "1.2.3"));
        ModelArtifact reread = ModelArtifact.parse(new ObjectMapper().writeValueAsBytes(a));
        assertArrayEquals(first, OnnxExporter.export(reread, "1.2.3"));
        assertFalse(java.util.Arrays.equals(first, OnnxExporter.export(a, "1.2.4")), "producer version is recorded");
    }

    @Test
    void theModelCarriesItsVersionsProducerAndMetadata() throws Exception {
        ModelArtifact a = AdultModels.trainedArtifact(ModelType.LOGISTIC);
        ModelProto m = ModelProto.parseFrom(OnnxExporter.export(a, "0.1.0-SNAPSHOT"));
        assertEquals(8, m.getIrVersion());
        Map<String, Long> opsets = m.getOpsetImportList().stream()
                .collect(Collectors.toMap(OperatorSetIdProto::getDomain, OperatorSetIdProto::getVersion));
        assertEquals(Map.of("", 17L, "ai.onnx.ml", 3L), opsets);
        assertEquals("custos", m.getProducerName());
        assertEquals("0.1.0-SNAPSHOT", m.getProducerVersion());
        assertTrue(m.getDocString().contains("logistic"), m.getDocString());
        assertTrue(m.getDocString().contains("trained with DP-SGD at epsilon " + a.privacy().epsilon()),
                m.getDocString());
        // A federated model's account is client-level; the description must not call it DP-SGD.
        io.custos.ml.report.TrainingReport.Privacy p = a.privacy();
        ModelArtifact federated = new ModelArtifact(a.format(), a.modelType(), a.hiddenUnits(), a.parameters(),
                a.features(), a.target(), a.positiveClass(), a.datasetSha256(),
                new io.custos.ml.report.TrainingReport.Privacy(2.5, 1e-5, 1e-5, 2.9, 12, "rdp-client-level", 1.1, 0.5,
                        10, 0.5, p.mechanisms(), p.orders(), p.rdp()), a.randomness());
        String doc = ModelProto.parseFrom(OnnxExporter.export(federated, "0.1.0-SNAPSHOT")).getDocString();
        assertTrue(doc.contains("trained by federated learning with client-level DP (DP-FedAvg) at epsilon 2.5"), doc);
        assertFalse(doc.contains("DP-SGD"), doc);
        Map<String, String> meta = new LinkedHashMap<>();
        for (StringStringEntryProto e : m.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        assertEquals(ModelArtifact.FORMAT, meta.get("custos.format"));
        assertEquals("logistic", meta.get("custos.model_type"));
        assertEquals("income", meta.get("custos.target"));
        assertEquals("large", meta.get("custos.positive_class"));
        assertEquals("ab".repeat(32), meta.get("custos.dataset_sha256"));
        assertEquals(a.privacy().epsilon(), Double.parseDouble(meta.get("custos.epsilon")));
        assertEquals(a.privacy().delta(), Double.parseDouble(meta.get("custos.delta")));
        try (OrtScorer ort = new OrtScorer(OnnxExporter.export(a, "0.1.0-SNAPSHOT"))) {
            Map<String, String> seenByOrt = ort.session.getMetadata().getCustomMetadata();
            assertEquals(meta, seenByOrt);
            assertEquals("custos", ort.session.getMetadata().getProducerName());
        }
    }

    @Test
    void withoutPrivacyTheEpsilonIsLeftOut() throws Exception {
        ModelArtifact t = AdultModels.trainedArtifact(ModelType.SVM);
        ModelArtifact a = new ModelArtifact(t.format(), t.modelType(), 0, t.parameters(), t.features(), t.target(),
                null, null, null, t.randomness());
        ModelProto m = ModelProto.parseFrom(OnnxExporter.export(a, "1"));
        List<String> keys = m.getMetadataPropsList().stream().map(StringStringEntryProto::getKey).toList();
        assertEquals(List.of("custos.format", "custos.model_type", "custos.target"), keys);
    }

    @Test
    void inputsAreOnePerFeatureInOrderAndOutputsAreRankOne() throws Exception {
        ModelArtifact a = AdultModels.trainedArtifact(ModelType.MLP);
        byte[] onnx = OnnxExporter.export(a, "1");
        ModelProto m = ModelProto.parseFrom(onnx);
        List<String> names = m.getGraph().getInputList().stream().map(ValueInfoProto::getName).toList();
        assertEquals(a.features().stream().map(FeatureEncoder.Column::name).toList(), names);
        for (int i = 0; i < names.size(); i++) {
            ValueInfoProto in = m.getGraph().getInput(i);
            boolean numeric = a.features().get(i).kind() == ColumnDeclaration.Kind.NUMERIC;
            assertEquals(numeric ? 1 : 8, in.getType().getTensorType().getElemType(), names.get(i));
            assertEquals(1, in.getType().getTensorType().getShape().getDimCount());
            assertEquals("N", in.getType().getTensorType().getShape().getDim(0).getDimParam());
        }
        assertEquals(List.of("label", "probability_0", "probability_1"),
                m.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList());
        assertEquals(List.of(OnnxExporter.OUTPUT_LABEL, OnnxExporter.OUTPUT_PROBABILITY_0,
                OnnxExporter.OUTPUT_PROBABILITY_1), List.of("label", "probability_0", "probability_1"));
        try (OrtScorer ort = new OrtScorer(onnx)) {
            List<String> ortInputs = new ArrayList<>(ort.session.getInputInfo().keySet());
            assertEquals(names, ortInputs);
            for (FeatureEncoder.Column c : a.features()) {
                TensorInfo t = (TensorInfo) ort.session.getInputInfo().get(c.name()).getInfo();
                assertEquals(c.kind() == ColumnDeclaration.Kind.NUMERIC ? OnnxJavaType.FLOAT : OnnxJavaType.STRING,
                        t.type);
                assertArrayEquals(new long[] {-1}, t.getShape());
            }
            Map<String, NodeInfo> out = ort.session.getOutputInfo();
            assertEquals(OnnxJavaType.INT64, ((TensorInfo) out.get("label").getInfo()).type);
            assertEquals(OnnxJavaType.DOUBLE, ((TensorInfo) out.get("probability_0").getInfo()).type);
            assertEquals(OnnxJavaType.DOUBLE, ((TensorInfo) out.get("probability_1").getInfo()).type);
            for (NodeInfo o : out.values()) {
                assertArrayEquals(new long[] {-1}, ((TensorInfo) o.getInfo()).getShape(), o.getName());
            }
        }
    }

    /** The documented limitation: the graph does not strip strings, the Java encoder does. */
    @Test
    void untrimmedCategoriesAreUnknownToTheGraph() throws Exception {
        ModelArtifact a = AdultModels.randomArtifact(ModelType.LOGISTIC, 9);
        Map<String, String> row = new LinkedHashMap<>(AdultModels.rows(a, 1, 1).get(0));
        row.put("sex", "Male");
        Map<String, String> padded = new LinkedHashMap<>(row);
        padded.put("sex", " Male ");
        Map<String, String> unknown = new LinkedHashMap<>(row);
        unknown.put("sex", "");
        Predictor predictor = a.predictor();
        assertEquals(predictor.probability(row), predictor.probability(padded), "Java strips");
        try (OrtScorer ort = new OrtScorer(OnnxExporter.export(a, "1"))) {
            double[] p = ort.score(List.of(row, padded, unknown)).probability1();
            assertEquals(predictor.probability(row), p[0], 1e-5);
            assertEquals(p[2], p[1], 0.0, "ONNX treats ' Male ' as an unknown category");
        }
    }

    @Test
    void aFeatureNamedLikeAnOutputCannotBeExported() {
        ModelArtifact t = AdultModels.trainedArtifact(ModelType.LOGISTIC);
        List<FeatureEncoder.Column> features = new ArrayList<>(t.features());
        FeatureEncoder.Column first = features.get(0);
        features.set(0, new FeatureEncoder.Column("probability_1", first.sourceIndex(), first.kind(), first.lower(),
                first.upper(), first.categories()));
        ModelArtifact a = new ModelArtifact(t.format(), t.modelType(), 0, t.parameters(), features, t.target(),
                t.positiveClass(), t.datasetSha256(), t.privacy(), t.randomness());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExporter.export(a, "1"));
        assertTrue(e.getMessage().contains("probability_1"), e.getMessage());
    }

    /** Intermediate values are named so that no column name, however chosen, collides with them. */
    @Test
    void columnNamesThatLookLikeInternalNamesStillWork() throws Exception {
        List<FeatureEncoder.Column> features = List.of(
                new FeatureEncoder.Column("features", 0, ColumnDeclaration.Kind.NUMERIC, -1, 1, null),
                new FeatureEncoder.Column("f0_imputed", 1, ColumnDeclaration.Kind.NUMERIC, 0, 10, null),
                new FeatureEncoder.Column("score", 2, ColumnDeclaration.Kind.CATEGORICAL, 0, 1, List.of("a", "b")));
        ModelArtifact a = new ModelArtifact(ModelArtifact.FORMAT, "logistic", 0, new double[] {1.5, -2, 0.25, 3, -0.5},
                features, "y", null, null, null, "seeded");
        List<Map<String, String>> rows = List.of(Map.of("features", "0.5", "f0_imputed", "3", "score", "b"),
                Map.of("features", "", "f0_imputed", "30", "score", "c"));
        try (OrtScorer ort = new OrtScorer(OnnxExporter.export(a, "1"))) {
            double[] p = ort.score(rows).probability1();
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(a.predictor().probability(rows.get(i)), p[i], 1e-6);
            }
        }
    }

    /** No numeric feature (no Unsqueeze axes), one input only: Concat of a single tensor. */
    @Test
    void aSingleCategoricalFeatureIsEnough() throws Exception {
        List<FeatureEncoder.Column> features = List.of(new FeatureEncoder.Column("colour", 4,
                ColumnDeclaration.Kind.CATEGORICAL, 0, 1, List.of("red", "green", "blue")));
        double[] params = {0.5, -1, 2, 0.3, -0.7, 1.1, 0.2, -0.4, 1.5, -2, 0.1};
        ModelArtifact a = new ModelArtifact(ModelArtifact.FORMAT, "mlp", 2, params, features, "y", "1", null, null,
                "seeded");
        List<Map<String, String>> rows = List.of(Map.of("colour", "red"), Map.of("colour", "green"),
                Map.of("colour", "blue"), Map.of("colour", "purple"), Map.of());
        try (OrtScorer ort = new OrtScorer(OnnxExporter.export(a, "1"))) {
            double[] p = ort.score(rows).probability1();
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(a.predictor().probability(rows.get(i)), p[i], 1e-12, rows.get(i).toString());
            }
        }
    }
}
