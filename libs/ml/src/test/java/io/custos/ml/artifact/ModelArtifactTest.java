package io.custos.ml.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.data.Table;
import io.custos.ml.model.Model;
import io.custos.ml.model.ModelType;
import io.custos.ml.noise.SeededRandomSource;
import io.custos.ml.report.TrainingReport;
import io.custos.ml.train.FeatureEncoder;
import io.custos.ml.train.SgdOptions;
import io.custos.ml.train.TrainingPipeline;
import io.custos.ml.train.TrainingRequest;
import io.custos.ml.train.TrainingResult;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ModelArtifactTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A small model with both kinds of features; source indices deliberately not in feature order. */
    private static ModelArtifact small(String type, int hidden, double[] params) {
        List<FeatureEncoder.Column> features = List.of(
                new FeatureEncoder.Column("age", 3, ColumnDeclaration.Kind.NUMERIC, 17, 90, null),
                new FeatureEncoder.Column("colour", 0, ColumnDeclaration.Kind.CATEGORICAL, 0, 1,
                        List.of("blue", "green", "red")));
        return new ModelArtifact(ModelArtifact.FORMAT, type, hidden, params, features, "y", "yes", "00".repeat(32),
                null, "seeded:1");
    }

    private static ObjectNode json(ModelArtifact a) {
        return JSON.valueToTree(a);
    }

    private static String rejection(ObjectNode doc) throws Exception {
        byte[] bytes = JSON.writeValueAsBytes(doc);
        return assertThrows(InvalidArtifactException.class, () -> ModelArtifact.parse(bytes)).getMessage();
    }

    private static String rejection(Consumer<ObjectNode> change) throws Exception {
        ObjectNode doc = json(small("logistic", 0, new double[] {1, 2, 3, 4, 5}));
        change.accept(doc);
        return rejection(doc);
    }

    @Test
    void whatPrivacyServiceWritesParsesBack() throws Exception {
        ModelArtifact trained = artifact(train(ModelType.MLP));
        byte[] bytes = JSON.writeValueAsBytes(trained);
        ModelArtifact back = ModelArtifact.parse(bytes);
        assertEquals(trained.features(), back.features());
        assertArrayEquals(trained.parameters(), back.parameters());
        assertEquals(trained.privacy().epsilon(), back.privacy().epsilon());
        assertEquals(trained.privacy().mechanisms(), back.privacy().mechanisms());
        // Adding methods to the record must not change its JSON shape.
        List<String> fields = new java.util.ArrayList<>();
        JSON.readTree(bytes).fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("format", "modelType", "hiddenUnits", "parameters", "features", "target",
                "positiveClass", "datasetSha256", "privacy", "randomness"), fields);
    }

    @Test
    void problemsAreNamed() throws Exception {
        assertTrue(rejection(d -> d.put("format", "custos-model/v2")).contains("format must be custos-model/v1"));
        assertTrue(rejection(d -> d.put("modelType", "forest")).contains("unknown model type forest"));
        assertTrue(rejection(d -> d.put("modelType", "LOGISTIC")).contains("unknown model type"));
        assertTrue(rejection(d -> ((ArrayNode) d.get("parameters")).remove(0))
                .contains("has 5 parameters, the artifact has 4"));
        assertTrue(rejection(d -> d.put("hiddenUnits", 3)).contains("no hidden units"));
        assertTrue(rejection(d -> d.put("modelType", "mlp")).contains("at least one hidden unit"));
        assertTrue(rejection(d -> {
            d.put("modelType", "mlp");
            d.put("hiddenUnits", 2);
        }).contains("with 2 hidden units has 13 parameters"));
        assertTrue(rejection(d -> ((ObjectNode) d.get("features").get(0)).put("upper", 17)).contains("lower < upper"));
        assertTrue(rejection(d -> ((ObjectNode) d.get("features").get(0)).put("lower", "Infinity"))
                .contains("must be finite"));
        assertTrue(rejection(d -> ((ObjectNode) d.get("features").get(1)).putArray("categories"))
                .contains("'colour' is categorical but has no categories"));
        assertTrue(rejection(d -> ((ArrayNode) d.get("features").get(1).get("categories")).add("red"))
                .contains("'colour' has duplicate categories"));
        assertTrue(rejection(d -> ((ObjectNode) d.get("features").get(1)).put("name", "age"))
                .contains("'age' appears more than once"));
        assertTrue(rejection(d -> ((ObjectNode) d.get("features").get(1)).put("sourceIndex", 3))
                .contains("source index 3"));
        assertTrue(rejection(d -> ((ObjectNode) d.get("features").get(1)).put("kind", "ORDINAL"))
                .contains("not valid custos-model/v1 JSON"));
        assertTrue(rejection(d -> d.putArray("features")).contains("no features"));
        assertTrue(rejection(d -> ((ArrayNode) d.get("parameters")).set(2, JSON.getNodeFactory().textNode("NaN")))
                .contains("parameter 2 is NaN"));
        assertTrue(rejection(d -> d.put("extra", 1)).contains("not valid"));
        assertTrue(assertThrows(InvalidArtifactException.class,
                () -> ModelArtifact.parse("{\"format\":".getBytes(StandardCharsets.UTF_8))).getMessage()
                .contains("not valid custos-model/v1 JSON"));
        assertTrue(assertThrows(InvalidArtifactException.class, () -> ModelArtifact.parse(new byte[0])).getMessage()
                .contains("empty"));
        assertTrue(assertThrows(InvalidArtifactException.class,
                () -> ModelArtifact.parse("null".getBytes(StandardCharsets.UTF_8))).getMessage().contains("null"));
    }

    @Test
    void aValidSmallArtifactParses() throws Exception {
        ModelArtifact a = ModelArtifact.parse(JSON.writeValueAsBytes(small("mlp", 2,
                new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})));
        assertEquals(ModelType.MLP, a.parsedModelType());
        assertEquals(List.of("age", "colour"), a.predictor().inputNames());
    }

    @Test
    void thePredictorIsExactlyTheTrainingCode() {
        for (ModelType type : ModelType.values()) {
            TrainingResult r = train(type);
            Predictor predictor = artifact(r).predictor();
            Table t = ADULT;
            int checked = 0;
            for (String[] csv : t.rows().subList(t.size() - 500, t.size())) {
                Map<String, String> row = new HashMap<>();
                for (String name : predictor.inputNames()) {
                    row.put(name, csv[t.columnIndex(name)]);
                }
                double expected = r.model().probability(r.parameters(), r.encoder().encode(csv));
                assertEquals(expected, predictor.probability(row), 0.0, type + " row " + csv[0]);
                assertEquals(expected >= 0.5 ? 1 : 0, predictor.label(row));
                checked++;
            }
            assertEquals(500, checked);
        }
    }

    @Test
    void aMissingKeyIsAMissingValue() {
        double[] params = {2, 0.5, -1, 0.25, 0.1};
        Predictor p = small("logistic", 0, params).predictor();
        Model model = Model.create(ModelType.LOGISTIC, 4, 0);
        // age missing -> 0.5; colour missing -> zeros
        assertEquals(model.probability(params, new double[] {0.5, 0, 0, 0}), p.probability(Map.of()), 0.0);
        assertEquals(model.probability(params, new double[] {1, 0, 1, 0}),
                p.probability(Map.of("age", " 120 ", "colour", " green")), 0.0);
        Map<String, String> withNull = new HashMap<>();
        withNull.put("age", null);
        withNull.put("colour", "purple");
        assertEquals(model.probability(params, new double[] {0.5, 0, 0, 0}), p.probability(withNull), 0.0);
    }

    @Test
    void anInvalidArtifactHasNoPredictor() {
        ModelArtifact bad = small("svm", 0, new double[] {1, 2});
        assertThrows(InvalidArtifactException.class, bad::predictor);
    }

    // --- a real run, as privacy-service does it -------------------------------------------------------

    private static final Table ADULT = Table.readCsv(java.nio.file.Path.of("../../data/adult_labeled.csv"));
    private static final Map<ModelType, TrainingResult> RUNS = new java.util.EnumMap<>(ModelType.class);

    private static synchronized TrainingResult train(ModelType type) {
        return RUNS.computeIfAbsent(type, t -> {
            Table train = new Table(ADULT.header(), ADULT.rows().subList(0, 4000));
            TrainingRequest request = new TrainingRequest("income", "large", List.of("age", "workclass", "fnlwgt",
                    "education", "hours-per-week", "sex"), Map.of("age", ColumnDeclaration.numeric("age", 17, 90)), t,
                    4, new SgdOptions(1, 256, 1.0, 1.0, 0, 1e-5, true), 4, 1e-6, 0.2);
            return TrainingPipeline.run(train, request, new SeededRandomSource(2));
        });
    }

    private static ModelArtifact artifact(TrainingResult r) {
        TrainingReport report = TrainingReport.of(r);
        return new ModelArtifact(ModelArtifact.FORMAT, report.modelType(),
                r.model() instanceof io.custos.ml.model.MlpModel m ? m.hiddenUnits() : 0, r.parameters(),
                report.features(), "income", "large", "cd".repeat(32), report.privacy(), r.randomness());
    }

}
