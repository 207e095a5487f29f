package io.custos.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.data.DataException;
import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import io.custos.data.table.EquivalenceClasses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformerTest {

    static final TransformContext NO_KEY = new TransformContext(null, "US");

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

    static DataTable column(String name, String... values) {
        return new DataTable(List.of(Column.of(name, List.of(values))));
    }

    static List<String> values(DataTable t, String column) {
        Column c = t.column(column);
        List<String> out = new ArrayList<>();
        for (int r = 0; r < c.size(); r++) {
            out.add(c.value(r));
        }
        return out;
    }

    static TransformResult run(DataTable t, String steps) {
        return Transformer.apply(t, TransformSteps.parse(steps), NO_KEY);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    // ---------------------------------------------------------------- validation before running

    static DataTable patients() {
        return table(new String[] {"id", "age", "zip", "diagnosis", "admitted"},
                new String[] {"1", "34", "02138", "flu", "2021-03-04"},
                new String[] {"2", "35", "02139", "cold", "2021-03-09"},
                new String[] {"3", "71", "10001", "flu", "2021-04-01"});
    }

    @Test
    void aBadLaterStepFailsBeforeAnEarlierStepRuns() {
        // step 0 would fail only when run (k=3 is out of reach of unique ids): the error is about step 3,
        // so the checks ran first and nothing was applied
        String steps = "[{\"type\":\"generalise_to_k\",\"quasiIdentifiers\":[\"id\"],\"k\":3,\"maxSuppression\":0},"
                + "{\"type\":\"drop_columns\",\"columns\":[\"id\"]},"
                + "{\"type\":\"generalise\",\"column\":\"zip\",\"postcodeKeep\":3},"
                + "{\"type\":\"clip_outliers\",\"columns\":[\"diagnosis\"]}]";
        DataException e = assertThrows(DataException.class, () -> run(patients(), steps));
        assertEquals("steps[3].columns[0]", e.field());
        assertEquals("column 'diagnosis' holds categorical values; clip_outliers needs numbers", e.getMessage());

        DataException runtime = assertThrows(DataException.class, () -> run(patients(), steps.replace(
                ",{\"type\":\"clip_outliers\",\"columns\":[\"diagnosis\"]}", "")));
        assertEquals("steps[0].k", runtime.field());
    }

    @Test
    void aColumnDroppedByAnEarlierStepCannotBeUsedLater() {
        DataException e = assertThrows(DataException.class, () -> run(patients(),
                "[{\"type\":\"drop_columns\",\"columns\":[\"zip\"]},"
                        + "{\"type\":\"generalise\",\"column\":\"zip\",\"postcodeKeep\":3}]"));
        assertEquals("steps[1].column", e.field());
        assertEquals("column 'zip' is dropped by step 0 (drop_columns); columns left are [id, age, diagnosis,"
                + " admitted]", e.getMessage());
    }

    @Test
    void unknownColumnsAndWrongTypesNameTheStepField() {
        DataException e = assertThrows(DataException.class, () -> run(patients(),
                "[{\"type\":\"suppress_small_classes\",\"quasiIdentifiers\":[\"age\",\"sex\"],\"k\":2}]"));
        assertEquals("steps[0].quasiIdentifiers[1]", e.field());
        assertEquals("column 'sex' does not exist; columns are [id, age, zip, diagnosis, admitted]", e.getMessage());

        e = assertThrows(DataException.class, () -> run(patients(),
                "[{\"type\":\"generalise\",\"column\":\"diagnosis\",\"dateTruncation\":\"year\"}]"));
        assertEquals("steps[0].dateTruncation", e.field());

        e = assertThrows(DataException.class, () -> run(patients(),
                "[{\"type\":\"drop_columns\",\"columns\":[\"id\",\"age\",\"zip\",\"diagnosis\",\"admitted\"]}]"));
        assertEquals("steps[0].columns", e.field());
        assertEquals("would drop every column; keep at least one", e.getMessage());

        e = assertThrows(DataException.class, () -> run(patients(),
                "[{\"type\":\"redact_pii\",\"mode\":\"format_preserving\"}]"));
        assertEquals("steps[0].mode", e.field());
        assertEquals("format_preserving needs a 32-byte FF1 key in the transform context (got none)", e.getMessage());
    }

    // ---------------------------------------------------------------- clip_outliers

    @Test
    void stdClipUsesMeanAndSampleStandardDeviation() {
        // mean 22; sample sd sqrt((21^2 + 20^2 + 19^2 + 18^2 + 78^2) / 4) = sqrt(1902.5) = 43.6176...
        TransformResult r = run(column("x", "1", "2", "3", "4", "100"),
                "[{\"type\":\"clip_outliers\",\"columns\":[\"x\"],\"method\":\"std\",\"factor\":1}]");
        double sd = Math.sqrt(1902.5);
        Map<String, Object> d = map(map(r.steps().get(0).details().get("columns")).get("x"));
        assertEquals(22.0, (double) d.get("mean"), 1e-12);
        assertEquals(sd, (double) d.get("sd"), 1e-12);
        assertEquals(22 - sd, (double) d.get("computedLower"), 1e-12);
        assertEquals(22 + sd, (double) d.get("computedUpper"), 1e-12);
        // whole numbers in, so the bounds are rounded inwards to whole numbers: [-21, 65]
        assertEquals(-21.0, d.get("lower"));
        assertEquals(65.0, d.get("upper"));
        assertEquals(0L, d.get("clippedLow"));
        assertEquals(1L, d.get("clippedHigh"));
        assertEquals(List.of("1", "2", "3", "4", "65"), values(r.table(), "x"));
        assertEquals("std", r.steps().get(0).details().get("method"));
    }

    @Test
    void iqrClipUsesTukeyFencesOnInterpolatedQuartiles() {
        // n = 10: Q1 at h = 2.25 -> 3 + 0.25 = 3.25; Q3 at h = 6.75 -> 7 + 0.75 = 7.75; IQR 4.5
        // fences 3.25 - 6.75 = -3.5 and 7.75 + 6.75 = 14.5 -> whole numbers [-3, 14]
        TransformResult r = run(column("x", "1", "2", "3", "4", "5", "6", "7", "8", "9", "100"),
                "[{\"type\":\"clip_outliers\",\"columns\":[\"x\"],\"method\":\"iqr\"}]");
        Map<String, Object> d = map(map(r.steps().get(0).details().get("columns")).get("x"));
        assertEquals(3.25, d.get("q1"));
        assertEquals(7.75, d.get("q3"));
        assertEquals(4.5, d.get("iqr"));
        assertEquals(-3.5, d.get("computedLower"));
        assertEquals(14.5, d.get("computedUpper"));
        assertEquals(-3.0, d.get("lower"));
        assertEquals(14.0, d.get("upper"));
        assertEquals(1L, d.get("clipped"));
        assertEquals("14", values(r.table(), "x").get(9));
    }

    @Test
    void iqrWeighsRepeatedValuesAndKeepsTheColumnsDecimals() {
        // 2,2,2,4,4,6,50: Q1 at h = 1.5 -> 2; Q3 at h = 4.5 -> 4 + 0.5 x 2 = 5; fences -2.5, 9.5 -> [-2, 9]
        TransformResult r = run(column("w", "2", "4", "2", "50", "6", "2", "4"),
                "[{\"type\":\"clip_outliers\",\"columns\":[\"w\"],\"method\":\"iqr\"}]");
        Map<String, Object> d = map(map(r.steps().get(0).details().get("columns")).get("w"));
        assertEquals(2.0, d.get("q1"));
        assertEquals(5.0, d.get("q3"));
        assertEquals(9.0, d.get("upper"));
        assertEquals(List.of("2", "4", "2", "9", "6", "2", "4"), values(r.table(), "w"));

        // 1.0 1.5 2.0 2.5 3.0 30.25: Q1 1.625, Q3 2.875, IQR 1.25 -> fences -0.25, 4.75 (two decimals)
        r = run(column("v", "1.0", "1.5", "2.0", "2.5", "3.0", "30.25", ""),
                "[{\"type\":\"clip_outliers\",\"columns\":[\"v\"],\"method\":\"iqr\"}]");
        d = map(map(r.steps().get(0).details().get("columns")).get("v"));
        assertEquals(1.625, d.get("q1"));
        assertEquals(2.875, d.get("q3"));
        assertEquals(4.75, d.get("upper"));
        assertEquals(List.of("1.0", "1.5", "2.0", "2.5", "3.0", "4.75", ""), values(r.table(), "v"));
    }

    // ---------------------------------------------------------------- drop steps

    @Test
    void dropHighUniquenessDropsColumnsFromTheThresholdAndKeepsExclusions() {
        DataTable t = table(new String[] {"id", "name", "code", "mostly", "sex"},
                new String[] {"1", "a", "c1", "m1", "F"}, new String[] {"2", "b", "c2", "m2", "M"},
                new String[] {"3", "c", "c3", "m3", "F"}, new String[] {"4", "d", "c4", "m4", "M"},
                new String[] {"5", "e", "c5", "m5", "F"}, new String[] {"6", "f", "c6", "m6", "M"},
                new String[] {"7", "g", "c7", "m7", "F"}, new String[] {"8", "h", "c8", "m8", "M"},
                new String[] {"9", "i", "c9", "m9", "F"}, new String[] {"10", "j", "", "m9", "M"});
        TransformResult r = run(t, "[{\"type\":\"drop_high_uniqueness\",\"exclude\":[\"name\"]}]");
        // id 10/10, code 9 distinct of 9 present, mostly 9/10 = 0.9 (the threshold counts), sex 2/10
        assertEquals(List.of("name", "sex"), r.table().header());
        List<Map<String, Object>> dropped = (List<Map<String, Object>>) r.steps().get(0).details().get("dropped");
        assertEquals(List.of("id", "code", "mostly"), dropped.stream().map(m -> m.get("column")).toList());
        assertEquals(0.9, (double) dropped.get(2).get("distinctShare"), 1e-12);

        TransformResult dropped2 = run(t, "[{\"type\":\"drop_columns\",\"columns\":[\"id\",\"code\"]}]");
        assertEquals(List.of("name", "mostly", "sex"), dropped2.table().header());
        assertEquals(3, dropped2.steps().get(0).details().get("columnsLeft"));
    }

    // ---------------------------------------------------------------- generalise

    @Test
    void binsOfAWidthGiveHalfOpenIntervals() {
        // one typo among 25 numbers: the column is still numeric (95% rule), and the typo becomes "*"
        List<String> ages = new ArrayList<>(List.of("23", "30", "-5", "", "abc", "29.5"));
        for (int i = 0; i < 20; i++) {
            ages.add("41");
        }
        TransformResult r = run(new DataTable(List.of(Column.of("age", ages))),
                "[{\"type\":\"generalise\",\"column\":\"age\",\"bins\":{\"width\":10}}]");
        assertEquals(List.of("[20,30)", "[30,40)", "[-10,0)", "", "*", "[20,30)", "[40,50)"),
                values(r.table(), "age").subList(0, 7));
        Map<String, Object> d = r.steps().get(0).details();
        assertEquals(1L, d.get("unreadableSuppressed"));
        assertEquals(6L, d.get("distinctBefore"));
        assertEquals(5L, d.get("distinctAfter"));
        assertEquals(25L, d.get("rowsChanged"));

        r = run(column("x", "0.3", "0.25", "23"),
                "[{\"type\":\"generalise\",\"column\":\"x\",\"bins\":{\"width\":0.1}}]");
        assertEquals(List.of("[0.3,0.4)", "[0.2,0.3)", "[23,23.1)"), values(r.table(), "x"));

        r = run(column("age", "23", "25", "14"),
                "[{\"type\":\"generalise\",\"column\":\"age\",\"bins\":{\"width\":10,\"origin\":5}}]");
        assertEquals(List.of("[15,25)", "[25,35)", "[5,15)"), values(r.table(), "age"));
    }

    @Test
    void binsOfEdgesLabelBelowAndAbove() {
        TransformResult r = run(column("age", "10", "18", "64.9", "65", "70", "-1"),
                "[{\"type\":\"generalise\",\"column\":\"age\",\"bins\":{\"edges\":[0,18,65]}}]");
        assertEquals(List.of("[0,18)", "[18,65)", "[18,65)", ">=65", ">=65", "<0"), values(r.table(), "age"));
        assertEquals(List.of(0.0, 18.0, 65.0), r.steps().get(0).details().get("edges"));
    }

    @Test
    void datesTruncateToMonthOrYear() {
        DataTable t = column("admitted", "2020-05-17", "2020-05-01T10:00:00", "2019-12-31", "");
        assertEquals(List.of("2020-05", "2020-05", "2019-12", ""), values(run(t,
                "[{\"type\":\"generalise\",\"column\":\"admitted\",\"dateTruncation\":\"month\"}]").table(), "admitted"));
        assertEquals(List.of("2020", "2020", "2019", ""), values(run(t,
                "[{\"type\":\"generalise\",\"column\":\"admitted\",\"dateTruncation\":\"year\"}]").table(), "admitted"));
    }

    @Test
    void postcodesKeepTheirFirstCharactersAndOneShape() {
        assertEquals(List.of("021**", "021**", "100**"), values(run(column("zip", "02138", "02139", "10001"),
                "[{\"type\":\"generalise\",\"column\":\"zip\",\"postcodeKeep\":3}]").table(), "zip"));
        // spaces go, and every value is padded to the longest (7): SW1A 1AA and SW1 1AA meet
        TransformResult r = run(column("postcode", "SW1A 1AA", "SW1 1AA", "E1 6AN"),
                "[{\"type\":\"generalise\",\"column\":\"postcode\",\"postcodeKeep\":2}]");
        assertEquals(List.of("SW*****", "SW*****", "E1*****"), values(r.table(), "postcode"));
        assertEquals(7, r.steps().get(0).details().get("paddedTo"));
    }

    @Test
    void groupsMapListedValuesAndOptionallyTheRest() {
        DataTable t = column("diag", "I10", "I20", "J45", "");
        assertEquals(List.of("cardio", "cardio", "J45", ""), values(run(t,
                "[{\"type\":\"generalise\",\"column\":\"diag\",\"groups\":{\"cardio\":[\"I10\",\"I20\"]}}]").table(),
                "diag"));
        assertEquals(List.of("cardio", "cardio", "other", ""), values(run(t,
                "[{\"type\":\"generalise\",\"column\":\"diag\",\"groups\":{\"cardio\":[\"I10\",\"I20\"]},"
                        + "\"otherLabel\":\"other\"}]").table(), "diag"));
    }

    // ---------------------------------------------------------------- generalise_to_k

    /** F aged 21 22 23 26 27 28, M aged 31 32 33 34 36 37. */
    static DataTable twelve() {
        String[][] rows = {{"F", "21"}, {"F", "22"}, {"F", "23"}, {"F", "26"}, {"F", "27"}, {"F", "28"},
            {"M", "31"}, {"M", "32"}, {"M", "33"}, {"M", "34"}, {"M", "36"}, {"M", "37"}};
        return table(new String[] {"sex", "age"}, rows);
    }

    private static final String TO_K3 = "[{\"type\":\"generalise_to_k\",\"quasiIdentifiers\":[\"sex\",\"age\"],"
            + "\"k\":3,\"hierarchies\":{\"age\":{\"widths\":[5,10]}},\"maxSuppression\":%s}]";

    @Test
    void withoutSuppressionTheWidthTenLevelIsNeeded() {
        // width 5 leaves M [35,40) with 2 rows; width 10 gives two classes of 6
        TransformResult r = run(twelve(), String.format(TO_K3, "0"));
        Map<String, Object> d = r.steps().get(0).details();
        Map<String, Object> age = map(map(d.get("levels")).get("age"));
        assertEquals(2, age.get("level"));
        assertEquals("bins of width 10", age.get("generalisation"));
        assertEquals(0, map(map(d.get("levels")).get("sex")).get("level"));
        assertEquals(2, d.get("totalLevel"));
        assertEquals(6, d.get("resultingK"));
        assertEquals(2, d.get("classes"));
        assertEquals(0L, d.get("suppressedRows"));
        assertEquals(12, r.table().rows());
        assertEquals(6, EquivalenceClasses.of(r.table(), List.of("sex", "age")).minSize());
    }

    @Test
    void allowedSuppressionStopsAtTheLowerLevel() {
        // 20% of 12 rows = 2: width 5 suppresses the two M rows in [35,40)
        TransformResult r = run(twelve(), String.format(TO_K3, "0.2"));
        Map<String, Object> d = r.steps().get(0).details();
        assertEquals(1, map(map(d.get("levels")).get("age")).get("level"));
        assertEquals(2L, d.get("suppressedRows"));
        assertEquals(3, d.get("resultingK"));
        assertEquals(3, d.get("classes"));
        assertEquals(10, r.table().rows());
        assertEquals(List.of("[20,25)", "[20,25)", "[20,25)", "[25,30)", "[25,30)", "[25,30)", "[30,35)", "[30,35)",
                "[30,35)", "[30,35)"), values(r.table(), "age"));
        EquivalenceClasses after = EquivalenceClasses.of(r.table(), List.of("sex", "age"));
        assertEquals(3, after.minSize());
        // dropped rows leave no values behind in the dictionaries
        assertEquals(3, r.table().column("age").distinct());
    }

    @Test
    void atEqualTotalLevelTheNodeSuppressingFewestRowsWins() {
        // height 1: (zip keep 2, age as is) suppresses 2 rows, (zip as is, age width 10) 4 rows; both are
        // within 50% of 8; the second is evaluated later and still wins
        DataTable t = table(new String[] {"zip", "age"},
                new String[] {"AB1", "20"}, new String[] {"AB1", "21"}, new String[] {"CD1", "30"},
                new String[] {"CD2", "30"}, new String[] {"EF1", "40"}, new String[] {"EF1", "40"},
                new String[] {"GH1", "50"}, new String[] {"AB2", "21"});
        TransformResult r = run(t, "[{\"type\":\"generalise_to_k\",\"quasiIdentifiers\":[\"zip\",\"age\"],\"k\":2,"
                + "\"hierarchies\":{\"zip\":{\"postcodeKeep\":[2]},\"age\":{\"widths\":[10]}},\"maxSuppression\":0.5}]");
        Map<String, Object> d = r.steps().get(0).details();
        assertEquals(1, map(map(d.get("levels")).get("zip")).get("level"));
        assertEquals("keep 2", map(map(d.get("levels")).get("zip")).get("generalisation"));
        assertEquals(0, map(map(d.get("levels")).get("age")).get("level"));
        assertEquals(2L, d.get("suppressedRows"));
        assertEquals(2, d.get("resultingK"));
        assertEquals(List.of("AB*", "CD*", "CD*", "EF*", "EF*", "AB*"), values(r.table(), "zip"));
        assertEquals(List.of("21", "30", "30", "40", "40", "21"), values(r.table(), "age"));
    }

    @Test
    void categoryLaddersEndInAStar() {
        DataTable t = column("ethnicity", "chinese", "indian", "irish", "british");
        String steps = "[{\"type\":\"generalise_to_k\",\"quasiIdentifiers\":[\"ethnicity\"],\"k\":%d,\"maxSuppression\":0,"
                + "\"hierarchies\":{\"ethnicity\":{\"groups\":[{\"asian\":[\"chinese\",\"indian\"],"
                + "\"white\":[\"irish\",\"british\"]}]}}}]";
        TransformResult two = run(t, String.format(steps, 2));
        assertEquals(List.of("asian", "asian", "white", "white"), values(two.table(), "ethnicity"));
        assertEquals("groups level 1", map(map(two.steps().get(0).details().get("levels")).get("ethnicity"))
                .get("generalisation"));
        TransformResult four = run(t, String.format(steps, 4));
        assertEquals(List.of("*", "*", "*", "*"), values(four.table(), "ethnicity"));
        assertEquals(2, map(map(four.steps().get(0).details().get("levels")).get("ethnicity")).get("level"));
    }

    @Test
    void dateLaddersGoFromMonthToYear() {
        // by month: 2020-01 x2, 2020-02 x1, 2021-03 x2; by year: 2020 x3, 2021 x2
        DataTable t = column("admitted", "2020-01-05", "2020-01-20", "2020-02-11", "2021-03-01", "2021-03-30");
        String steps = "[{\"type\":\"generalise_to_k\",\"quasiIdentifiers\":[\"admitted\"],\"k\":2,"
                + "\"maxSuppression\":%s,\"hierarchies\":{\"admitted\":{\"dates\":[\"month\",\"year\"]}}}]";
        TransformResult byYear = run(t, String.format(steps, "0"));
        assertEquals(List.of("2020", "2020", "2020", "2021", "2021"), values(byYear.table(), "admitted"));
        assertEquals(2, byYear.steps().get(0).details().get("resultingK"));
        // 20% of 5 rows = 1: month level with the February row suppressed
        TransformResult byMonth = run(t, String.format(steps, "0.2"));
        assertEquals(List.of("2020-01", "2020-01", "2021-03", "2021-03"), values(byMonth.table(), "admitted"));
        assertEquals("month", map(map(byMonth.steps().get(0).details().get("levels")).get("admitted"))
                .get("generalisation"));
    }

    @Test
    void anUnreachableKIsAnErrorOnK() {
        DataException e = assertThrows(DataException.class, () -> run(twelve(),
                "[{\"type\":\"generalise_to_k\",\"quasiIdentifiers\":[\"age\"],\"k\":3,\"maxSuppression\":0.1}]"));
        assertEquals("steps[0].k", e.field());
        assertEquals("k=3 cannot be reached: even at the top levels (age: as is) the smallest class has 1 rows, and"
                + " reaching k would suppress 12 of 12 rows, more than maxSuppression 0.1 allows; add coarser levels"
                + " or allow more suppression", e.getMessage());
    }

    // ---------------------------------------------------------------- suppress_small_classes

    /** Ten rows in classes of 1, 2, 3 and 4 on (age, zip). */
    static DataTable oneTwoThreeFour() {
        return table(new String[] {"age", "zip", "diagnosis"},
                new String[] {"30", "A-1", "flu"},
                new String[] {"40", "A-2", "flu"}, new String[] {"40", "A-2", "cold"},
                new String[] {"50", "A-3", "flu"}, new String[] {"50", "A-3", "flu"}, new String[] {"50", "A-3", "cold"},
                new String[] {"60", "A-4", "flu"}, new String[] {"60", "A-4", "cold"},
                new String[] {"60", "A-4", "asthma"}, new String[] {"60", "A-4", "copd"});
    }

    @Test
    void suppressionDropsTheRowsOfSmallClasses() {
        TransformResult r = run(oneTwoThreeFour(),
                "[{\"type\":\"suppress_small_classes\",\"quasiIdentifiers\":[\"age\",\"zip\"],\"k\":3}]");
        Map<String, Object> d = r.steps().get(0).details();
        assertEquals(3L, d.get("rowsAffected"));
        assertEquals(2, d.get("classesAffected"));
        assertEquals(7, d.get("rowsLeft"));
        assertEquals("drop", d.get("mode"));
        assertEquals(7, r.table().rows());
        assertEquals(3, EquivalenceClasses.of(r.table(), List.of("age", "zip")).minSize());
        assertEquals(List.of("50", "60"), r.table().column("age").dictionary());
    }

    @Test
    void suppressionCanMaskTheQuasiIdentifiersInstead() {
        TransformResult r = run(oneTwoThreeFour(), "[{\"type\":\"suppress_small_classes\","
                + "\"quasiIdentifiers\":[\"age\",\"zip\"],\"k\":3,\"mode\":\"mask\"}]");
        assertEquals(10, r.table().rows());
        assertEquals(List.of("*", "*", "*", "50", "50", "50", "60", "60", "60", "60"), values(r.table(), "age"));
        assertEquals(List.of("*", "*", "*", "A-3", "A-3", "A-3", "A-4", "A-4", "A-4", "A-4"), values(r.table(), "zip"));
        assertEquals(values(oneTwoThreeFour(), "diagnosis"), values(r.table(), "diagnosis"));
        assertEquals(3L, r.steps().get(0).details().get("rowsAffected"));
        assertEquals(3L, r.steps().get(0).details().get("maskedClassSize"));
    }

    @Test
    void stepsRunInOrderAndReportTheirIndexAndType() {
        TransformResult r = run(patients(), "[{\"type\":\"drop_columns\",\"columns\":[\"id\"]},"
                + "{\"type\":\"generalise\",\"column\":\"age\",\"bins\":{\"width\":10}},"
                + "{\"type\":\"suppress_small_classes\",\"quasiIdentifiers\":[\"age\"],\"k\":2}]");
        assertEquals(List.of(0, 1, 2), r.steps().stream().map(StepOutcome::index).toList());
        assertEquals(List.of("drop_columns", "generalise", "suppress_small_classes"),
                r.steps().stream().map(StepOutcome::type).toList());
        // 34 and 35 share [30,40); 71 is alone in [70,80) and goes
        assertEquals(List.of("[30,40)", "[30,40)"), values(r.table(), "age"));
        assertEquals(List.of("age", "zip", "diagnosis", "admitted"), r.table().header());
    }
}
