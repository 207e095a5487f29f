package io.custos.governance.core.monitoring;

import static io.custos.governance.core.monitoring.Fixtures.AT;
import static io.custos.governance.core.monitoring.Fixtures.ordered;
import static io.custos.governance.core.monitoring.Fixtures.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

    private static final MonitoringThresholds DEFAULTS = MonitoringThresholds.defaults();

    private static ReferenceProfile categoricalOnly(Map<String, Long> categories) {
        return new ReferenceProfile("m@1", ProfileOrigin.DECLARED_PUBLIC, null,
                List.of(FeatureProfile.categorical("colour", categories)), null);
    }

    private static FeatureDrift only(MonitoringReport report) {
        assertEquals(1, report.features().size());
        return report.features().get(0);
    }

    private static void assertClose(double expected, double actual, double relative) {
        assertTrue(Math.abs(expected - actual) <= relative * Math.abs(expected),
                () -> "expected " + expected + " but was " + actual);
    }

    @Test
    void categoricalKnownAnswer() {
        // Reference shares .5/.3/.2; batch .3/.3/.4 (n = 100).
        // PSI = (.3-.5) ln(.3/.5) + 0 + (.4-.2) ln(.4/.2) = .2 ln(5/3) + .2 ln 2
        // chi-square: expected 50/30/20, observed 30/30/40: 400/50 + 0 + 400/20 = 28 on 2 df,
        // p = exp(-28/2) (the chi-square survival function on 2 df is exp(-x/2)).
        ReferenceProfile ref = categoricalOnly(ordered("A", 50L, "B", 30L, "C", 20L));
        ProductionBatch batch = new ProductionBatch(null,
                List.of(FeatureCounts.categorical("colour", ordered("A", 30L, "B", 30L, "C", 40L), 0)), null);

        FeatureDrift f = only(DriftMonitor.compare(ref, batch, DEFAULTS, AT));

        assertClose(0.2 * Math.log(5.0 / 3) + 0.2 * Math.log(2), f.psi(), 1e-12);
        assertClose(28.0, f.chiSquare(), 1e-12);
        assertEquals(2, f.degreesOfFreedom());
        assertClose(Math.exp(-14), f.chiSquarePValue(), 1e-9);
        assertNull(f.unseenPValue());
        assertEquals(f.chiSquarePValue(), f.pValue());
        // PSI 0.24 is between 0.1 and 0.25 and p < 0.05.
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(DriftStatus.DRIFTED, f.status());
        assertEquals(100, f.batchCount());
        assertEquals(100, f.referenceCount());
    }

    @Test
    void numericKnownAnswer() {
        // Reference shares .25/.5/.25 over [0,10) [10,20) [20,30]; batch .5/.3/.2 (n = 100).
        // PSI = .25 ln 2 + (-.2) ln(.6) + (-.05) ln(.8); the two out-of-range cells are 0 on both sides.
        // chi-square: expected 25/50/25, observed 50/30/20: 625/25 + 400/50 + 25/25 = 34, p = exp(-17).
        ReferenceProfile ref = new ReferenceProfile("m@1", ProfileOrigin.DP_TRAINING, null,
                List.of(FeatureProfile.numeric("age", List.of(0.0, 10.0, 20.0, 30.0), List.of(100L, 200L, 100L))),
                null);
        ProductionBatch batch = new ProductionBatch(null,
                List.of(FeatureCounts.numeric("age", List.of(50L, 30L, 20L), 0, 0, 0)), null);

        FeatureDrift f = only(DriftMonitor.compare(ref, batch, DEFAULTS, AT));

        assertClose(0.25 * Math.log(2) - 0.2 * Math.log(0.6) - 0.05 * Math.log(0.8), f.psi(), 1e-12);
        assertClose(34.0, f.chiSquare(), 1e-12);
        assertClose(Math.exp(-17), f.pValue(), 1e-9);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(0, f.unseenCount());
    }

    @Test
    void emptyBinUsesTheDocumentedEpsilon() {
        // Batch puts everything in the first prediction bin: the second's share 0 becomes 1e-4.
        // PSI = (1 - .5) ln(1/.5) + (1e-4 - .5) ln(1e-4/.5); chi-square = 50^2/50 * 2 = 100 on 1 df.
        ReferenceProfile ref = new ReferenceProfile("m@1", ProfileOrigin.DP_TRAINING, null,
                List.of(FeatureProfile.categorical("colour", ordered("A", 1L))),
                new PredictionHistogram(List.of(0.0, 0.5, 1.0), List.of(50L, 50L)));
        ProductionBatch batch = new ProductionBatch(null, List.of(), List.of(100L, 0L));

        MonitoringReport report = DriftMonitor.compare(ref, batch, DEFAULTS, AT);

        PredictionDrift p = report.predictions();
        assertEquals(1e-4, io.custos.data.drift.Psi.EPSILON);
        assertClose(0.5 * Math.log(2) + 0.4999 * Math.log(5000), p.psi(), 1e-12);
        assertClose(100.0, p.chiSquare(), 1e-12);
        assertEquals(1, p.degreesOfFreedom());
        assertTrue(p.pValue() < 1e-20);
        assertEquals(Severity.CRITICAL, p.severity());
        assertEquals(Severity.CRITICAL, report.overall());
        assertEquals(List.of("colour"), report.notInBatch());
        assertTrue(report.driftedFeatures().isEmpty(), "predictions are not a feature");
    }

    @Test
    void unseenCategoryKnownAnswer() {
        // Reference: 49 A, 49 B (N = 98), so an unseen value has chance 1 / (N + 2) = 0.01.
        // Batch: 49 A, 49 B, 2 Z (n = 100). Seen cells fit exactly: chi-square 0, p 1.
        // Unseen: P(Binomial(100, 0.01) >= 2) = 1 - .99^100 - 100 (.01) .99^99; combined p = 2 x that.
        // PSI = 2 (-.01) ln(.98) + (.02 - 1e-4) ln(.02 / 1e-4) = 0.1058: large-looking but not
        // significant, so INFO.
        ReferenceProfile ref = categoricalOnly(ordered("A", 49L, "B", 49L));
        ProductionBatch batch = new ProductionBatch(null,
                List.of(FeatureCounts.categorical("colour", ordered("A", 49L, "B", 49L, "Z", 2L), 0)), null);

        FeatureDrift f = only(DriftMonitor.compare(ref, batch, DEFAULTS, AT));

        double unseenP = 1 - Math.pow(0.99, 100) - Math.pow(0.99, 99);
        assertClose(unseenP, f.unseenPValue(), 1e-9);
        assertEquals(0.0, f.chiSquare(), 1e-12);
        assertEquals(1.0, f.chiSquarePValue(), 1e-12);
        assertClose(2 * unseenP, f.pValue(), 1e-9);
        assertClose(-0.02 * Math.log(0.98) + 0.0199 * Math.log(200), f.psi(), 1e-12);
        assertEquals(Severity.INFO, f.severity());
        assertEquals(DriftStatus.SHIFTED, f.status());
        assertEquals(2, f.unseenCount());
        assertEquals(1, f.unseenCategories());
    }

    @Test
    void unseenCategoriesAreDriftButNeverNamed() {
        ReferenceProfile ref = categoricalOnly(ordered("A", 500L, "B", 500L));
        ProductionBatch batch = new ProductionBatch(null, List.of(FeatureCounts.categorical("colour",
                ordered("A", 45L, "B", 43L, "jane.doe@example.com", 10L, "other-unseen", 2L), 0)), null);

        MonitoringReport report = DriftMonitor.compare(ref, batch, DEFAULTS, AT);
        FeatureDrift f = only(report);

        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(12, f.unseenCount());
        assertEquals(2, f.unseenCategories());
        assertTrue(f.unseenPValue() < 1e-10);
        assertTrue(f.reason().contains("12 values in 2 categories the reference lacks"), f.reason());
        Alert alert = Alert.fromReport("acme", report).orElseThrow();
        for (String text : List.of(report.toJson(), alert.summary(), alert.title())) {
            assertFalse(text.contains("jane.doe"), "a production value leaked: " + text);
            assertFalse(text.contains("other-unseen"), "a production value leaked: " + text);
        }
    }

    @Test
    void valuesBeyondTheReferenceRangeAreUnseen() {
        ProductionBatch batch = new ProductionBatch(null,
                List.of(FeatureCounts.numeric("age", List.of(25L, 50L, 25L), 0, 40, 0)), null);

        FeatureDrift f = DriftMonitor.compare(profile(), batch, DEFAULTS, AT).features().get(0);

        assertEquals(40, f.unseenCount());
        assertEquals(0, f.unseenCategories());
        assertEquals(Severity.CRITICAL, f.severity());
        assertTrue(f.reason().contains("40 values outside the reference's range [0, 30]"), f.reason());
    }

    @Test
    void identicalBatchHasNoDrift() {
        // The same proportions as the reference, at a third of its size for age.
        ProductionBatch batch = new ProductionBatch("fraud-detector@3", List.of(
                FeatureCounts.numeric("age", List.of(100L, 200L, 100L), 0, 0, 3),
                FeatureCounts.categorical("colour", ordered("A", 500L, "B", 300L, "C", 200L), 0)),
                List.of(500L, 500L));

        MonitoringReport report = DriftMonitor.compare(profile(), batch, DEFAULTS, AT);

        assertEquals(Severity.NONE, report.overall());
        assertFalse(report.insufficientData());
        for (FeatureDrift f : report.features()) {
            assertEquals(0.0, f.psi(), 1e-12);
            assertEquals(0.0, f.chiSquare(), 1e-12);
            assertEquals(1.0, f.pValue(), 1e-12);
            assertEquals(DriftStatus.STABLE, f.status());
        }
        assertEquals(3, report.features().get(0).missing());
        assertEquals(Severity.NONE, report.predictions().severity());
        assertTrue(Alert.fromReport("acme", report).isEmpty());
        assertEquals("0 of 2 features drifted; predictions stable (NONE, PSI 0)", report.summary());
        assertEquals(AT, report.at());
    }

    @Test
    void smallBatchIsInsufficientDataNotAnAlert() {
        // A wild shift, on 20 values: reported, not judged.
        ProductionBatch batch = new ProductionBatch(null, List.of(
                FeatureCounts.numeric("age", List.of(0L, 0L, 20L), 0, 0, 0),
                FeatureCounts.categorical("colour", ordered("C", 20L), 0)), List.of(20L, 0L));

        MonitoringReport report = DriftMonitor.compare(profile(), batch, DEFAULTS, AT);

        assertTrue(report.insufficientData());
        assertEquals(Severity.NONE, report.overall());
        for (FeatureDrift f : report.features()) {
            assertEquals(DriftStatus.INSUFFICIENT_DATA, f.status());
            assertEquals(Severity.NONE, f.severity());
            assertTrue(f.psi() > 0.25, "the numbers are still reported");
            assertTrue(f.reason().startsWith("only 20 usable values; at least 100 are needed"), f.reason());
        }
        assertEquals(DriftStatus.INSUFFICIENT_DATA, report.predictions().status());
        assertTrue(report.summary().startsWith("insufficient data"), report.summary());
        assertTrue(Alert.fromReport("acme", report).isEmpty());
    }

    @Test
    void oneSmallFeatureDoesNotSilenceTheOthers() {
        ProductionBatch batch = new ProductionBatch(null, List.of(
                FeatureCounts.numeric("age", List.of(0L, 0L, 20L), 0, 0, 180),
                FeatureCounts.categorical("colour", ordered("A", 40L, "B", 60L, "C", 100L), 0)), null);

        MonitoringReport report = DriftMonitor.compare(profile(), batch, DEFAULTS, AT);

        assertFalse(report.insufficientData());
        assertEquals(DriftStatus.INSUFFICIENT_DATA, report.features().get(0).status());
        assertEquals(Severity.CRITICAL, report.features().get(1).severity());
        assertEquals(List.of("colour"), report.driftedFeatures());
        assertTrue(report.summary().contains("too few values to judge age"), report.summary());
    }

    @Test
    void rawRowsTablesAndStatisticsGiveTheSameBatch() {
        String[][] data = {
            // age, colour; edges 0/10/20/30: 10 opens bin 1, 30 closes bin 2, -1 and 31 are out of range.
            {"5", "A"}, {"10", "B"}, {"19.5", "A"}, {"20", "C"}, {"30", "A"}, {"-1", "A"}, {"31", "Z"},
            {"", "A"}, {"NA", " "}, {"abc", "B"}, {"0", "A"},
        };
        double[] predictions = {0.0, 0.49, 0.5, 1.0, 0.2, 0.7, 0.9, 0.1, 0.5, 0.3, 1.0};
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> ages = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        for (String[] r : data) {
            Map<String, String> row = new HashMap<>();
            row.put("age", r[0]);
            row.put("colour", r[1]);
            row.put("customer_id", "ignored");
            rows.add(row);
            ages.add(r[0]);
            colours.add(r[1]);
        }
        DataTable table = new DataTable(List.of(Column.of("age", ages), Column.of("colour", colours),
                Column.of("customer_id", java.util.Collections.nCopies(data.length, "x"))));
        ProductionBatch statistics = new ProductionBatch("fraud-detector@3", List.of(
                // bins: [0,10): 5, 0; [10,20): 10, 19.5; [20,30]: 20, 30; below: -1; above: 31;
                // missing: "", "NA", "abc"
                FeatureCounts.numeric("age", List.of(2L, 2L, 2L), 1, 1, 3),
                // " " is missing; Z is unseen
                FeatureCounts.categorical("colour", ordered("A", 6L, "B", 2L, "C", 1L, "Z", 1L), 1)),
                // [0, .5): 0, .49, .2, .1, .3; [.5, 1]: .5, 1, .7, .9, .5, 1
                List.of(5L, 6L));

        ProductionBatch fromRows = ProductionBatch.fromRows(profile(), rows, predictions);
        ProductionBatch fromTable = ProductionBatch.fromTable(profile(), table, predictions);

        assertEquals(statistics, fromRows);
        assertEquals(statistics, fromTable);
        assertEquals(ProductionBatch.fromJson(statistics.toJson()), statistics);
        MonitoringThresholds small = new MonitoringThresholds(0.1, 0.25, 0.05, 5);
        assertEquals(DriftMonitor.compare(profile(), statistics, small, AT),
                DriftMonitor.compare(profile(), fromRows, small, AT));
    }

    @Test
    void readsTheStatisticsFormFromJson() {
        ProductionBatch batch = ProductionBatch.fromJson("""
                {"modelRef": "fraud-detector@3",
                 "features": [
                   {"name": "age", "counts": [100, 200, 100], "aboveRange": 4, "missing": 2},
                   {"name": "colour", "categories": {"A": 500, "B": 300, "C": 200, "D": 0}}
                 ],
                 "predictionCounts": [500, 500]}
                """);

        assertEquals(new ProductionBatch("fraud-detector@3", List.of(
                FeatureCounts.numeric("age", List.of(100L, 200L, 100L), 0, 4, 2),
                FeatureCounts.categorical("colour", ordered("A", 500L, "B", 300L, "C", 200L), 0)),
                List.of(500L, 500L)), batch);
        assertEquals("features[1].belowRange", assertThrows(MonitoringInputException.class,
                () -> ProductionBatch.fromJson("{\"features\": [{\"name\": \"age\", \"counts\": [1]},"
                        + " {\"name\": \"c\", \"categories\": {\"x\": 1}, \"belowRange\": 3}]}")).field());
        assertEquals("features[0]", assertThrows(MonitoringInputException.class,
                () -> ProductionBatch.fromJson("{\"features\": [{\"name\": \"age\"}]}")).field());
    }

    @Test
    void rowsWithoutAFeatureLeaveItOut() {
        List<Map<String, String>> rows = List.of(Map.of("colour", "A"), Map.of("colour", "B"));

        ProductionBatch batch = ProductionBatch.fromRows(profile(), rows, null);

        assertEquals(1, batch.features().size());
        MonitoringReport report = DriftMonitor.compare(profile(), batch, DEFAULTS, AT);
        assertEquals(List.of("age"), report.notInBatch());
        assertNull(report.predictions());
    }

    @Test
    void batchesThatDoNotFitTheReferenceAreRefusedByName() {
        ReferenceProfile ref = profile();
        MonitoringInputException unknown = assertThrows(MonitoringInputException.class, () -> DriftMonitor.compare(
                ref, new ProductionBatch(null, List.of(FeatureCounts.numeric("height", List.of(1L), 0, 0, 0)), null),
                DEFAULTS, AT));
        assertEquals("features[0].name", unknown.field());
        assertTrue(unknown.getMessage().contains("'height'"), unknown.getMessage());

        MonitoringInputException bins = assertThrows(MonitoringInputException.class, () -> DriftMonitor.compare(
                ref, new ProductionBatch(null, List.of(FeatureCounts.numeric("age", List.of(1L, 2L), 0, 0, 0)), null),
                DEFAULTS, AT));
        assertEquals("features[0].counts", bins.field());
        assertTrue(bins.getMessage().contains("feature 'age': counts has 2 values but the reference has 3 bins"),
                bins.getMessage());

        MonitoringInputException kind = assertThrows(MonitoringInputException.class, () -> DriftMonitor.compare(
                ref, new ProductionBatch(null, List.of(FeatureCounts.categorical("age", Map.of("x", 1L), 0)), null),
                DEFAULTS, AT));
        assertTrue(kind.getMessage().contains("feature 'age' is numeric"), kind.getMessage());

        MonitoringInputException model = assertThrows(MonitoringInputException.class,
                () -> DriftMonitor.compare(ref, new ProductionBatch("other@1", List.of(), null), DEFAULTS, AT));
        assertEquals("modelRef", model.field());

        MonitoringInputException predictions = assertThrows(MonitoringInputException.class,
                () -> DriftMonitor.compare(ref, new ProductionBatch(null, List.of(), List.of(1L, 2L, 3L)), DEFAULTS,
                        AT));
        assertEquals("predictionCounts", predictions.field());

        MonitoringInputException negative = assertThrows(MonitoringInputException.class, () -> new ProductionBatch(
                null, List.of(FeatureCounts.numeric("age", List.of(1L, -2L, 3L), 0, 0, 0)), null));
        assertEquals("features[0].counts[1]", negative.field());
        assertTrue(negative.getMessage().startsWith("feature 'age': counts[1] is -2"), negative.getMessage());

        MonitoringInputException probability = assertThrows(MonitoringInputException.class,
                () -> ProductionBatch.fromRows(ref, List.of(), new double[] {0.5, 1.5}));
        assertEquals("predictions[1]", probability.field());
    }

    @Test
    void severityNeedsBothAMaterialAndASignificantShift() {
        MonitoringThresholds t = DEFAULTS;
        assertEquals(Severity.CRITICAL, DriftMonitor.severity(0.30, 0.01, t));
        assertEquals(Severity.WARNING, DriftMonitor.severity(0.15, 0.01, t));
        assertEquals(Severity.INFO, DriftMonitor.severity(0.30, 0.20, t), "large but not significant");
        assertEquals(Severity.INFO, DriftMonitor.severity(0.05, 0.001, t), "significant but small");
        assertEquals(Severity.NONE, DriftMonitor.severity(0.05, 0.50, t));
        assertEquals(Severity.CRITICAL, DriftMonitor.severity(0.30, null, t), "no test: the PSI decides");
        assertEquals(Severity.NONE, DriftMonitor.severity(0.0, null, t));
        MonitoringThresholds strict = new MonitoringThresholds(0.02, 0.05, 0.01, 10);
        assertEquals(Severity.CRITICAL, DriftMonitor.severity(0.06, 0.001, strict));
        assertEquals(Severity.INFO, DriftMonitor.severity(0.06, 0.02, strict));
    }

    @Test
    void thresholdsAreChecked() {
        assertEquals("thresholds.psiCritical", assertThrows(MonitoringInputException.class,
                () -> new MonitoringThresholds(0.3, 0.2, 0.05, 100)).field());
        assertEquals("thresholds.alpha", assertThrows(MonitoringInputException.class,
                () -> new MonitoringThresholds(0.1, 0.25, 1.0, 100)).field());
        assertEquals("thresholds.minBatchSize", assertThrows(MonitoringInputException.class,
                () -> new MonitoringThresholds(0.1, 0.25, 0.05, 0)).field());
        assertEquals("thresholds.psiWarning", assertThrows(MonitoringInputException.class,
                () -> new MonitoringThresholds(Double.NaN, 0.25, 0.05, 1)).field());
    }

    @Test
    void alertFromAReportCarriesItsSeverityAndDriftedFeatures() {
        ProductionBatch batch = new ProductionBatch(null, List.of(
                FeatureCounts.numeric("age", List.of(50L, 30L, 20L), 0, 0, 0),
                FeatureCounts.categorical("colour", ordered("A", 500L, "B", 300L, "C", 200L), 0)), null);
        MonitoringReport report = DriftMonitor.compare(profile(), batch, DEFAULTS, AT);

        Alert alert = Alert.fromReport("acme", report).orElseThrow();

        assertEquals(Severity.CRITICAL, alert.severity());
        assertEquals("CRITICAL drift on model fraud-detector@3", alert.title());
        assertEquals(List.of("age"), alert.driftedFeatures());
        assertEquals("acme", alert.tenant());
        assertEquals(AT, alert.raisedAt());
        assertTrue(alert.summary().startsWith("1 of 2 features drifted: age (CRITICAL, PSI 0.287)"),
                alert.summary());
    }
}
