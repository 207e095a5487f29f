package io.custos.governance.core.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceProfileTest {

    private static final String DOCUMENT = """
            {
              "version": 1,
              "modelRef": "fraud-detector@3",
              "origin": "DP_TRAINING",
              "originNote": "training job 42, epsilon 3",
              "features": [
                {"name": "age", "kind": "NUMERIC", "edges": [0, 10, 20, 30], "counts": [100, 200, 100],
                 "mean": 15.0, "std": 6.0},
                {"name": "colour", "kind": "CATEGORICAL", "categories": {"A": 500, "B": 300, "C": 200}}
              ],
              "predictions": {"edges": [0, 0.5, 1], "counts": [500, 500]}
            }
            """;

    /** The document with one feature replaced. */
    private static String withFeature(String feature) {
        return """
                {"modelRef": "m@1", "origin": "DECLARED_PUBLIC", "features": [
                  {"name": "ok", "kind": "CATEGORICAL", "categories": {"x": 1}},
                  %s
                ]}
                """.formatted(feature);
    }

    private static MonitoringInputException refused(String json) {
        return assertThrows(MonitoringInputException.class, () -> ReferenceProfile.fromJson(json));
    }

    @Test
    void readsTheDocumentedFormatAndWritesItBack() {
        ReferenceProfile read = ReferenceProfile.fromJson(DOCUMENT);

        assertEquals(Fixtures.profile(), read);
        assertEquals(read, ReferenceProfile.fromJson(read.toJson()));
        assertEquals(read, ReferenceProfile.fromJson(
                new ByteArrayInputStream(read.toJson().getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of("A", "B", "C"), List.copyOf(read.feature("colour").orElseThrow().categories().keySet()),
                "category order is kept");
        assertFalse(read.toJson().contains("null"), "absent optional fields are left out: " + read.toJson());
    }

    @Test
    void unsortedEdgesNameTheFeatureAndTheEdge() {
        MonitoringInputException e = refused(withFeature(
                "{\"name\": \"age\", \"kind\": \"NUMERIC\", \"edges\": [0, 10, 10, 30], \"counts\": [1, 2, 3]}"));

        assertEquals("features[1].edges[2]", e.field());
        assertEquals("feature 'age': edges[2] = 10.0 is not above edges[1] = 10.0; edges must be sorted, strictly "
                + "increasing", e.getMessage());
    }

    @Test
    void negativeAndMismatchedCountsNameTheFeature() {
        MonitoringInputException negative = refused(withFeature(
                "{\"name\": \"age\", \"kind\": \"NUMERIC\", \"edges\": [0, 10, 20], \"counts\": [5, -1]}"));
        assertEquals("features[1].counts[1]", negative.field());
        assertTrue(negative.getMessage().startsWith("feature 'age': counts[1] is -1"), negative.getMessage());

        MonitoringInputException sizes = refused(withFeature(
                "{\"name\": \"age\", \"kind\": \"NUMERIC\", \"edges\": [0, 10, 20, 30], \"counts\": [5, 1]}"));
        assertEquals("features[1].counts", sizes.field());
        assertEquals("feature 'age': counts has 2 values but the 4 edges make 3 bins; give one count per bin",
                sizes.getMessage());

        MonitoringInputException category = refused(withFeature(
                "{\"name\": \"colour\", \"kind\": \"CATEGORICAL\", \"categories\": {\"A\": 3, \"B\": -2}}"));
        assertEquals("features[1].categories[B]", category.field());
        assertTrue(category.getMessage().startsWith("feature 'colour': the count of category 'B' is -2"),
                category.getMessage());

        MonitoringInputException empty = refused(withFeature(
                "{\"name\": \"colour\", \"kind\": \"CATEGORICAL\", \"categories\": {\"A\": 0}}"));
        assertTrue(empty.getMessage().contains("sum to 0"), empty.getMessage());
    }

    @Test
    void fractionalCountsAreRefusedNotTruncated() {
        MonitoringInputException e = refused(withFeature(
                "{\"name\": \"age\", \"kind\": \"NUMERIC\", \"edges\": [0, 10], \"counts\": [12.5]}"));
        assertEquals("features[1].counts[0]", e.field());
    }

    @Test
    void unknownPropertiesAreRefused() {
        MonitoringInputException e = refused(withFeature(
                "{\"name\": \"age\", \"kind\": \"NUMERIC\", \"edges\": [0, 10], \"count\": [12]}"));
        assertEquals("features[1].count", e.field());
        assertTrue(e.getMessage().startsWith("unknown property 'count' in the reference profile"), e.getMessage());
    }

    @Test
    void structuralMistakesAreNamed() {
        assertEquals("features[1].name", refused(withFeature(
                "{\"name\": \"ok\", \"kind\": \"CATEGORICAL\", \"categories\": {\"y\": 1}}")).field());
        assertEquals("features[1].name", refused(withFeature(
                "{\"name\": \" \", \"kind\": \"CATEGORICAL\", \"categories\": {\"y\": 1}}")).field());
        assertEquals("features[1].kind", refused(withFeature(
                "{\"name\": \"k\", \"categories\": {\"y\": 1}}")).field());
        assertEquals("features[1].edges", refused(withFeature(
                "{\"name\": \"k\", \"kind\": \"CATEGORICAL\", \"categories\": {\"y\": 1}, \"edges\": [0, 1]}"))
                .field());
        assertEquals("features[1].categories", refused(withFeature(
                "{\"name\": \"k\", \"kind\": \"NUMERIC\", \"edges\": [0, 1], \"counts\": [1], \"categories\": {}}"))
                .field());
        assertEquals("features[1].std", refused(withFeature(
                "{\"name\": \"k\", \"kind\": \"NUMERIC\", \"edges\": [0, 1], \"counts\": [1], \"std\": -1}"))
                .field());
        assertEquals("features[1].edges", refused(withFeature(
                "{\"name\": \"k\", \"kind\": \"NUMERIC\", \"edges\": [0], \"counts\": []}")).field());
    }

    @Test
    void originIsRequiredAndPredictionsMustCoverZeroToOne() {
        MonitoringInputException origin = refused("{\"modelRef\": \"m@1\", \"features\": ["
                + "{\"name\": \"c\", \"kind\": \"CATEGORICAL\", \"categories\": {\"x\": 1}}]}");
        assertEquals("origin", origin.field());
        assertTrue(origin.getMessage().contains("never be computed from raw training data"), origin.getMessage());

        MonitoringInputException predictions = refused("{\"modelRef\": \"m@1\", \"origin\": \"DP_TRAINING\", "
                + "\"features\": [{\"name\": \"c\", \"kind\": \"CATEGORICAL\", \"categories\": {\"x\": 1}}], "
                + "\"predictions\": {\"edges\": [0, 0.5, 0.9], \"counts\": [1, 1]}}");
        assertEquals("predictions.edges", predictions.field());
        assertTrue(predictions.getMessage().contains("must cover exactly [0, 1]"), predictions.getMessage());

        MonitoringInputException version = refused(DOCUMENT.replace("\"version\": 1", "\"version\": 2"));
        assertEquals("version", version.field());
    }

    @Test
    void notJsonIsAnInputError() {
        MonitoringInputException e = refused("{\"modelRef\": ");
        assertTrue(e.getMessage().startsWith("the reference profile is not valid JSON"), e.getMessage());
    }

    @Test
    void uniformPredictionEdges() {
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), PredictionHistogram.uniformEdges(4));
    }
}
