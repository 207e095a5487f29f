package io.custos.data.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.data.DataException;
import io.custos.data.pii.PiiType;
import io.custos.data.risk.RiskReport.ColumnRisk;
import io.custos.data.risk.RiskReport.QiCombination;
import io.custos.data.risk.RiskReport.RiskFactor;
import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RiskAnalyzerTest {

    private static final double EPS = 1e-12;

    static DataTable table(String[] header, String[]... rows) {
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < header.length; c++) {
            List<String> values = new ArrayList<>();
            for (String[] row : rows) {
                values.add(row[c]);
            }
            columns.add(Column.of(header[c], values));
        }
        return new DataTable(columns);
    }

    /**
     * Ten rows in four classes on (age, zip) of sizes 1, 2, 3 and 4, with diagnoses: {flu},
     * {flu, cold}, {flu, flu, cold}, {flu, cold, asthma, copd}.
     */
    static DataTable classesOfOneTwoThreeFour() {
        return table(new String[] {"age", "zip", "diagnosis"},
                new String[] {"30", "A-1", "flu"},
                new String[] {"40", "A-2", "flu"}, new String[] {"40", "A-2", "cold"},
                new String[] {"50", "A-3", "flu"}, new String[] {"50", "A-3", "flu"}, new String[] {"50", "A-3", "cold"},
                new String[] {"60", "A-4", "flu"}, new String[] {"60", "A-4", "cold"},
                new String[] {"60", "A-4", "asthma"}, new String[] {"60", "A-4", "copd"});
    }

    private static RiskOptions options(List<String> qis, String sensitive, int k, Double fraction) {
        return new RiskOptions(qis, sensitive, k, fraction, 3, "US");
    }

    @Test
    void classesOfOneTwoThreeFourGiveTheHandComputedKAnonymityAndProsecutorRisk() {
        RiskReport r = RiskAnalyzer.analyze(classesOfOneTwoThreeFour(),
                options(List.of("age", "zip"), null, 3, null));
        assertEquals(10, r.rows());
        assertEquals(List.of("age", "zip"), r.quasiIdentifiers());
        assertEquals("given", r.quasiIdentifierSource());
        RiskReport.KAnonymity k = r.kAnonymity();
        assertEquals(1, k.k());
        assertEquals(4, k.classes());
        assertFalse(k.satisfied());
        assertEquals(1, k.singletonRecords());
        assertEquals(0.1, k.singletonShare(), EPS);
        // classes of 1 and 2 are below k=3: 3 records
        assertEquals(2, k.classesBelowK());
        assertEquals(3, k.recordsBelowK());
        assertEquals(0.3, k.recordsBelowKShare(), EPS);

        RiskReport.ProsecutorRisk p = r.prosecutorRisk();
        assertEquals(1.0, p.max(), EPS);
        assertEquals(0.4, p.average(), EPS); // 4 classes / 10 rows
        assertEquals(1.0 / 3, p.threshold(), EPS);
        assertEquals(3, p.recordsAboveThreshold());
        assertEquals(0.3, p.recordsAboveThresholdShare(), EPS);
    }

    @Test
    void withoutAPopulationFractionJournalistRiskIsProsecutorRiskAndTheReportSaysSo() {
        RiskReport r = RiskAnalyzer.analyze(classesOfOneTwoThreeFour(),
                options(List.of("age", "zip"), null, 3, null));
        RiskReport.JournalistRisk j = r.journalistRisk();
        assertTrue(j.equalsProsecutorRisk());
        assertNull(j.populationFraction());
        assertEquals(1.0, j.max(), EPS);
        assertEquals(0.4, j.average(), EPS);
        assertTrue(j.estimate().contains("equals prosecutor risk"), j.estimate());
        assertTrue(r.notes().contains(j.estimate()));
    }

    @Test
    void journalistRiskEstimatesEachClassPopulationAsSizeOverFraction() {
        // f = 0.5: populations 2, 4, 6, 8; risks 1/2, 1/4, 1/6, 1/8
        RiskReport r = RiskAnalyzer.analyze(classesOfOneTwoThreeFour(),
                options(List.of("age", "zip"), null, 3, 0.5));
        RiskReport.JournalistRisk j = r.journalistRisk();
        assertFalse(j.equalsProsecutorRisk());
        assertEquals(0.5, j.populationFraction(), EPS);
        assertEquals(0.5, j.max(), EPS);
        // mean over records of size/population = (1/2 + 2/4 + 3/6 + 4/8) / 10
        assertEquals(0.2, j.average(), EPS);
        // only the class with population 2 < k=3 exceeds the threshold: 1 record
        assertEquals(1, j.recordsAboveThreshold());
        assertEquals(0.1, j.recordsAboveThresholdShare(), EPS);
        assertTrue(j.estimate().contains("max(class size, class size / populationFraction)"));
    }

    @Test
    void populationFractionOfOneGivesProsecutorFigures() {
        RiskReport r = RiskAnalyzer.analyze(classesOfOneTwoThreeFour(),
                options(List.of("age", "zip"), null, 3, 1.0));
        assertEquals(r.prosecutorRisk().max(), r.journalistRisk().max(), EPS);
        assertEquals(r.prosecutorRisk().average(), r.journalistRisk().average(), EPS);
        assertEquals(r.prosecutorRisk().recordsAboveThreshold(), r.journalistRisk().recordsAboveThreshold());
    }

    @Test
    void lDiversityCountsDistinctSensitiveValuesPerClass() {
        RiskReport r = RiskAnalyzer.analyze(classesOfOneTwoThreeFour(),
                options(List.of("age", "zip"), "diagnosis", 3, null));
        RiskReport.LDiversity l = r.lDiversity();
        assertEquals("diagnosis", l.sensitive());
        assertEquals(2, l.requiredL());
        // distinct per class: 1, 2, 2, 4
        assertEquals(1, l.distinctL());
        assertEquals(1.0, l.entropyL(), EPS); // the singleton class has entropy 0
        assertEquals(1, l.classesViolating());
        assertEquals(1, l.recordsInViolatingClasses());
        assertEquals(0.1, l.recordsInViolatingClassesShare(), EPS);
    }

    @Test
    void entropyLIsExpOfTheLowestClassEntropy() {
        // classes: {a,b} (ln 2), {a,a,b,b} (ln 2), {a,a,a,b} (-(3/4 ln 3/4 + 1/4 ln 1/4))
        DataTable t = table(new String[] {"sex", "diag"},
                new String[] {"F", "a"}, new String[] {"F", "b"},
                new String[] {"M", "a"}, new String[] {"M", "a"}, new String[] {"M", "b"}, new String[] {"M", "b"},
                new String[] {"X", "a"}, new String[] {"X", "a"}, new String[] {"X", "a"}, new String[] {"X", "b"});
        RiskReport r = RiskAnalyzer.analyze(t, options(List.of("sex"), "diag", 2, null));
        double lowest = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
        assertEquals(Math.exp(lowest), r.lDiversity().entropyL(), 1e-9);
        assertEquals(1.7547654, r.lDiversity().entropyL(), 1e-6);
        assertEquals(2, r.lDiversity().distinctL());
        assertEquals(0, r.lDiversity().classesViolating());
        assertEquals(2, r.kAnonymity().k());
        assertTrue(r.kAnonymity().satisfied());
    }

    /**
     * sex, age, zip: no value is unique alone; (sex, age) leaves rows 3 and 4 unique, (age, zip)
     * rows 2 and 4, (sex, zip) row 1, all three rows 1 to 4.
     */
    static DataTable sixRows() {
        return table(new String[] {"sex", "age", "zip"},
                new String[] {"F", "30", "Z1"}, new String[] {"F", "30", "Z2"}, new String[] {"M", "30", "Z1"},
                new String[] {"M", "40", "Z1"}, new String[] {"F", "40", "Z2"}, new String[] {"F", "40", "Z2"});
    }

    @Test
    void optionsRestrictedToADerivedTableLeaveOutWhatItNoLongerHas() {
        RiskOptions o = new RiskOptions(List.of("sex", "height", "zip"), "diagnosis", 3, 0.5, 2, "FR");
        RiskOptions r = o.restrictedTo(sixRows());
        assertEquals(List.of("sex", "zip"), r.quasiIdentifiers());
        assertNull(r.sensitive());
        assertEquals(new RiskOptions(List.of("sex", "zip"), null, 3, 0.5, 2, "FR"), r);
        RiskOptions detected = new RiskOptions(null, "age", 3, null, 2, null).restrictedTo(sixRows());
        assertNull(detected.quasiIdentifiers());
        assertEquals("age", detected.sensitive());
    }

    @Test
    void combinationsReportUniqueRowsRiskiestFirst() {
        RiskReport r = RiskAnalyzer.analyze(sixRows(), options(null, null, 2, null));
        assertEquals("detected", r.quasiIdentifierSource());
        assertEquals(List.of("sex", "age", "zip"), r.quasiIdentifiers());
        assertEquals(7, r.combinationsPossible());
        assertEquals(7, r.combinationsEvaluated());
        List<QiCombination> c = r.combinations();
        assertEquals(7, c.size());
        assertEquals(Set.of("sex", "age", "zip"), Set.copyOf(c.get(0).columns()));
        assertEquals(4, c.get(0).uniqueRows());
        assertEquals(4.0 / 6, c.get(0).uniqueShare(), EPS);
        assertEquals(5, c.get(0).classes());
        assertEquals(Set.of(Set.of("sex", "age"), Set.of("age", "zip")),
                Set.of(Set.copyOf(c.get(1).columns()), Set.copyOf(c.get(2).columns())));
        assertEquals(2, c.get(1).uniqueRows());
        assertEquals(2, c.get(2).uniqueRows());
        assertEquals(Set.of("sex", "zip"), Set.copyOf(c.get(3).columns()));
        assertEquals(1, c.get(3).uniqueRows());
        for (QiCombination single : c.subList(4, 7)) {
            assertEquals(1, single.columns().size());
            assertEquals(0, single.uniqueRows());
        }
        assertEquals(1, r.kAnonymity().k());
        assertEquals(4, r.kAnonymity().singletonRecords());
    }

    @Test
    void maxCombinationSizeLimitsTheCombinations() {
        RiskReport r = RiskAnalyzer.analyze(sixRows(), options(null, null, 2, null).withMaxCombinationSize(1));
        assertEquals(3, r.combinationsPossible());
        assertTrue(r.combinations().stream().allMatch(c -> c.columns().size() == 1));
    }

    @Test
    void combinationsAreCappedAndTheCapIsReported() {
        // 12 quasi-identifiers: 12 + 66 + 220 combinations of up to 3, more than the cap
        String[] header = new String[12];
        for (int i = 0; i < header.length; i++) {
            header[i] = "age" + (char) ('a' + i);
        }
        String[][] rows = new String[30][12];
        for (int r = 0; r < 30; r++) {
            for (int c = 0; c < 12; c++) {
                rows[r][c] = String.valueOf((r * (c + 1)) % 7);
            }
        }
        RiskReport report = RiskAnalyzer.analyze(table(header, rows), RiskOptions.defaults()
                .withQuasiIdentifiers(Arrays.asList(header)));
        assertEquals(298, report.combinationsPossible());
        assertEquals(RiskAnalyzer.MAX_COMBINATIONS, report.combinationsEvaluated());
        assertEquals(RiskAnalyzer.REPORTED_COMBINATIONS, report.combinations().size());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("only " + RiskAnalyzer.MAX_COMBINATIONS)));
        // sorted: no reported combination has fewer unique rows than the next
        for (int i = 1; i < report.combinations().size(); i++) {
            assertTrue(report.combinations().get(i - 1).uniqueRows() >= report.combinations().get(i).uniqueRows());
        }
    }

    /** A hospital-like extract: identifiers, quasi-identifiers, a clean measure and a constant. */
    static DataTable patients() {
        String[] header = {"patient_id", "Age", "gender", "zip_code", "DateOfBirth", "diagnosis", "country",
            "email", "page_count"};
        String[][] rows = new String[20][];
        for (int i = 0; i < 20; i++) {
            rows[i] = new String[] {String.valueOf(9000 + i), String.valueOf(30 + i % 4), i % 2 == 0 ? "F" : "M",
                "Q" + (100 + i % 5), "19" + (60 + i % 4) + "-0" + (1 + i % 3) + "-1" + (i % 9), "d" + i % 3, "FR",
                "person" + i + "@example.org", String.valueOf(i % 3)};
        }
        return table(header, rows);
    }

    @Test
    void quasiIdentifierCandidatesComeFromHeaderCuesAndCardinality() {
        RiskReport r = RiskAnalyzer.analyze(patients(), RiskOptions.defaults());
        List<String> candidates = r.columns().stream().filter(ColumnRisk::quasiIdentifierCandidate)
                .map(ColumnRisk::name).toList();
        assertEquals(List.of("Age", "gender", "zip_code", "DateOfBirth"), candidates);
        assertEquals(candidates, r.quasiIdentifiers());
        assertTrue(reason(r, "Age").contains("header mentions 'age'"), reason(r, "Age"));
        assertTrue(reason(r, "zip_code").contains("'zip'"), reason(r, "zip_code"));
        assertTrue(reason(r, "country").startsWith("constant"), reason(r, "country"));
        assertTrue(reason(r, "email").contains("EMAIL"), reason(r, "email"));
        assertTrue(reason(r, "page_count").startsWith("no quasi-identifier cue"), reason(r, "page_count"));
        assertTrue(reason(r, "diagnosis").startsWith("no quasi-identifier cue"));
    }

    @Test
    void columnsGetUniquenessLevelsAndActions() {
        RiskReport r = RiskAnalyzer.analyze(patients(), RiskOptions.defaults());
        ColumnRisk id = column(r, "patient_id");
        assertEquals(1.0, id.uniqueness(), EPS);
        assertEquals(20, id.distinct());
        assertEquals(RiskLevel.HIGH, id.level());
        assertEquals(List.of("drop column: 100% unique"), id.actions());

        ColumnRisk email = column(r, "email");
        assertEquals(20, email.rowsWithPii());
        assertEquals(PiiType.EMAIL, email.pii().get(0).type());
        assertEquals(20, email.pii().get(0).count());
        assertEquals(RiskLevel.HIGH, email.level());
        assertTrue(email.actions().contains("redact EMAIL values"), email.actions().toString());

        ColumnRisk country = column(r, "country");
        assertEquals(0.0, country.uniqueness(), EPS);
        assertEquals(RiskLevel.LOW, country.level());
        assertTrue(country.actions().isEmpty());

        // the detected quasi-identifiers miss k=5, so each gets the generalisation that fits it
        assertTrue(column(r, "Age").actions().contains("generalise: numeric bins"));
        assertTrue(column(r, "zip_code").actions().contains("truncate postcode"));
        assertTrue(column(r, "DateOfBirth").actions().contains("truncate dates to year"));
        assertEquals(RiskLevel.MEDIUM, column(r, "Age").level());
    }

    @Test
    void directIdentifiersMakeTheOverallRiskHigh() {
        RiskReport r = RiskAnalyzer.analyze(patients(), RiskOptions.defaults());
        assertEquals(RiskLevel.HIGH, r.overall().level());
        assertEquals(100, r.overall().score());
        RiskFactor top = r.overall().factors().get(0);
        assertEquals("pii", top.factor());
        assertEquals("column 'email': EMAIL in 20 rows", top.reason());
        assertTrue(r.overall().factors().stream().anyMatch(f -> f.factor().equals("identifier")
                && f.points() == 90 && f.reason().startsWith("column 'patient_id'")));
        assertTrue(r.recommendedActions().contains("column 'email': redact EMAIL values (step redact_pii)"),
                r.recommendedActions().toString());
        assertTrue(r.recommendedActions().contains("column 'patient_id': drop column: 100% unique (step drop_columns)"));
    }

    @Test
    void scoreIsTheStrongestFactorWithPointsFromTheDocumentedFormulas() {
        // singletons 10% -> 60 + 40 = 100; below k=3 30% -> 25 + 50 = 75; l-violations 10% -> 25 + 22.5 = 48
        RiskReport r = RiskAnalyzer.analyze(classesOfOneTwoThreeFour(),
                options(List.of("age", "zip"), "diagnosis", 3, null));
        assertEquals(List.of("unique_records", "below_k", "l_diversity"),
                r.overall().factors().stream().map(RiskFactor::factor).toList());
        assertEquals(List.of(100, 75, 48), r.overall().factors().stream().map(RiskFactor::points).toList());
        assertEquals("records in classes smaller than k=3 on [age, zip]: 3 (30%)", r.overall().factors().get(1).reason());
        assertEquals("classes with a single 'diagnosis' value: 1, holding 1 record (10%)",
                r.overall().factors().get(2).reason());
        assertEquals(100, r.overall().score());
        assertEquals(RiskLevel.HIGH, r.overall().level());
        assertEquals("records unique on [age, zip]: 1 (10%)", r.overall().factors().get(0).reason());
    }

    @Test
    void fewRecordsBelowKWithoutSingletonsIsMediumRisk() {
        // 40 rows in classes of 2, 8, 10 and 20: 2 records (5%) below k=5 -> 25 + 50 x 0.25 = 37.5 -> 38
        List<String[]> rows = new ArrayList<>();
        int[] sizes = {2, 8, 10, 20};
        for (int c = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                rows.add(new String[] {"band" + c});
            }
        }
        RiskReport r = RiskAnalyzer.analyze(table(new String[] {"ageband"}, rows.toArray(String[][]::new)),
                options(List.of("ageband"), null, 5, null));
        assertEquals(2, r.kAnonymity().k());
        assertEquals(0.05, r.kAnonymity().recordsBelowKShare(), EPS);
        assertEquals(38, r.overall().score());
        assertEquals(RiskLevel.MEDIUM, r.overall().level());
        // the quasi-identifier itself can be coarsened, or the two records suppressed
        assertEquals(List.of("column 'ageband': generalise: group categories (step generalise)",
                "suppress the 2 records in classes smaller than k=5 on [ageband] (step suppress_small_classes)"),
                r.recommendedActions());
    }

    @Test
    void kAnonymousDataWithoutPiiIsLowRisk() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(new String[] {i % 2 == 0 ? "F" : "M", "band" + (i % 3)});
        }
        RiskReport r = RiskAnalyzer.analyze(table(new String[] {"sex", "ageband"}, rows.toArray(String[][]::new)),
                options(List.of("sex", "ageband"), null, 5, null));
        assertEquals(5, r.kAnonymity().k());
        assertEquals(6, r.kAnonymity().classes());
        assertTrue(r.kAnonymity().satisfied());
        assertEquals(0, r.overall().score());
        assertEquals(RiskLevel.LOW, r.overall().level());
        assertTrue(r.overall().factors().isEmpty());
        assertTrue(r.recommendedActions().isEmpty());
    }

    @Test
    void emptyQuasiIdentifierListMeansNoneAndIsExplained() {
        RiskReport r = RiskAnalyzer.analyze(sixRows(), options(List.of(), null, 5, null));
        assertNull(r.kAnonymity());
        assertNull(r.prosecutorRisk());
        assertNull(r.journalistRisk());
        assertTrue(r.combinations().isEmpty());
        assertTrue(r.notes().get(0).startsWith("no quasi-identifiers were given"), r.notes().toString());
    }

    @Test
    void distinctCountsOnlyValuesRowsStillHoldAfterRowsWereDropped() {
        // the ages 30 and 40 of the dropped rows must not count
        boolean[] keep = {false, false, false, true, true, true, true, true, true, true};
        DataTable kept = classesOfOneTwoThreeFour().keepRows(keep);
        assertEquals(2, kept.column("age").dictionary().size());
        RiskReport r = RiskAnalyzer.analyze(kept, options(List.of("age", "zip"), null, 3, null));
        assertEquals(2, column(r, "age").distinct());
        assertEquals(3, r.kAnonymity().k());
        assertEquals(2, r.kAnonymity().classes());
        assertEquals(2.0 / 7, r.prosecutorRisk().average(), EPS);
    }

    @Test
    void theReportHoldsNoDataValueAndSurvivesJson() throws Exception {
        DataTable t = patients();
        RiskReport r = RiskAnalyzer.analyze(t, RiskOptions.defaults().withSensitive("diagnosis"));
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(r);
        for (String column : List.of("email", "zip_code", "DateOfBirth", "patient_id")) {
            for (String value : t.column(column).dictionary()) {
                assertFalse(text.contains("\"" + value + "\"") || text.contains(value + "@")
                        || (value.length() > 4 && text.contains(value)), "report shows a value of " + column);
            }
        }
        assertEquals(r, json.readValue(text, RiskReport.class));
    }

    @Test
    void badOptionsNameTheFieldAndTheAllowedRange() {
        DataTable t = classesOfOneTwoThreeFour();
        DataException e = assertThrows(DataException.class,
                () -> RiskAnalyzer.analyze(t, options(List.of("age", "postcode"), null, 5, null)));
        assertEquals("quasiIdentifiers[1]", e.field());
        assertEquals("column 'postcode' does not exist; columns are [age, zip, diagnosis]", e.getMessage());

        e = assertThrows(DataException.class,
                () -> RiskAnalyzer.analyze(t, options(List.of("age", "age"), null, 5, null)));
        assertEquals("quasiIdentifiers[1]", e.field());

        e = assertThrows(DataException.class, () -> RiskAnalyzer.analyze(t, options(null, "outcome", 5, null)));
        assertEquals("sensitive", e.field());

        e = assertThrows(DataException.class,
                () -> RiskAnalyzer.analyze(t, options(List.of("age"), "age", 5, null)));
        assertEquals("sensitive", e.field());

        e = assertThrows(DataException.class, () -> RiskAnalyzer.analyze(t, options(null, null, 1, null)));
        assertEquals("k", e.field());
        assertEquals("k must be an integer of at least 2 (got 1)", e.getMessage());

        for (double bad : new double[] {0, -0.1, 1.5, Double.NaN}) {
            e = assertThrows(DataException.class, () -> RiskAnalyzer.analyze(t, options(null, null, 5, bad)));
            assertEquals("populationFraction", e.field());
            assertTrue(e.getMessage().startsWith("populationFraction must be in (0, 1]"), e.getMessage());
        }

        for (int bad : new int[] {0, 5}) {
            e = assertThrows(DataException.class,
                    () -> RiskAnalyzer.analyze(t, RiskOptions.defaults().withMaxCombinationSize(bad)));
            assertEquals("maxCombinationSize", e.field());
            assertEquals("maxCombinationSize must be between 1 and 4 (got " + bad + ")", e.getMessage());
        }

        e = assertThrows(DataException.class,
                () -> RiskAnalyzer.analyze(t, new RiskOptions(null, null, 5, null, 3, "XX")));
        assertEquals("phoneRegion", e.field());
    }

    private static ColumnRisk column(RiskReport r, String name) {
        return r.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static String reason(RiskReport r, String name) {
        return column(r, name).quasiIdentifierReason();
    }

    static Set<String> names(List<ColumnRisk> columns) {
        return columns.stream().map(ColumnRisk::name).collect(Collectors.toSet());
    }
}
