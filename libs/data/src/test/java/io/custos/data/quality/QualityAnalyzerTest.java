package io.custos.data.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.data.DataException;
import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityAnalyzerTest {

    private static final double EXACT = 1e-9;

    /**
     * 20 rows. Row 20 repeats row 19 in every column. age: 19 integers and "abc" (row 6), 300 in
     * rows 19 and 20. city: missing in rows 3, 7 ("") and 12 ("NA"); "Nice" in rows 4, 10, 15, 18.
     * status: "active" everywhere.
     */
    private static DataTable people() {
        List<String> id = new ArrayList<>();
        for (int i = 1; i <= 19; i++) {
            id.add(Integer.toString(i));
        }
        id.add("19");
        List<String> age = List.of("25", "30", "22", "41", "38", "abc", "29", "33", "35", "27", "31", "36", "28", "34",
                "32", "26", "37", "40", "300", "300");
        List<String> city = List.of("Paris", "Lyon", "", "Nice", "Paris", "Lyon", "", "Paris", "Lyon", "Nice", "Paris",
                "NA", "Lyon", "Paris", "Nice", "Lyon", "Paris", "Nice", "Lyon", "Lyon");
        List<String> status = Collections.nCopies(20, "active");
        return new DataTable(List.of(Column.of("id", id), Column.of("age", age), Column.of("city", city),
                Column.of("status", status)));
    }

    private static QualityRules peopleRules() {
        Map<String, ColumnRule> rules = new LinkedHashMap<>();
        rules.put("age", new ColumnRule(18.0, 120.0, null, null, true));
        rules.put("city", new ColumnRule(null, null, null, List.of("Paris", "Lyon"), null));
        return new QualityRules(rules);
    }

    @Test
    void scoreOfAKnownTableComputedByHand() {
        QualityReport r = QualityAnalyzer.analyze(people(), peopleRules());
        // age: rows 6 (not a number), 19 and 20 (above 120) break a rule: 20 x 3/20 = 3.
        //      "abc" is 1 of 20 present values not INTEGER: 10 x 1/20 = 0.5.
        //      Numbers 22..41 and 300 twice (19): q1 = 28.5, q3 = 37.5, fences [15, 51];
        //      2 of 19 outside: min(2, 10 x 2/19) = 1.05.
        // city: 3 of 20 missing: 10 x 3/20 = 1.5; "Nice" in 4 of 20 rows is not allowed: 20 x 4/20 = 4.
        // status: constant: 2. Table: 1 of 20 rows repeats another: 20 x 1/20 = 1.
        List<Double> points = r.deductions().stream().map(Deduction::points).toList();
        assertEquals(List.of(3.0, 0.5, 1.05, 1.5, 4.0, 2.0, 1.0), points);
        assertEquals(Arrays.asList("age", "age", "age", "city", "city", "status", null),
                r.deductions().stream().map(Deduction::column).toList());
        assertEquals(100 - 13.05, r.score(), EXACT);
        assertEquals(20, r.rows());
        assertEquals(4, r.columns());
        assertEquals(1, r.duplicateRows());

        assertEquals("3 of 20 rows (15%) break a declared rule (number 1, max 2): 20 points x 15%",
                r.deductions().get(0).reason());
        assertEquals("1 of 20 present values (5%) are not INTEGER like the rest: 10 points x 5%",
                r.deductions().get(1).reason());
        assertEquals("2 of 19 numbers (10.53%) lie outside the Tukey fences [15, 51]: 10 points x 10.53%, at most 2",
                r.deductions().get(2).reason());
        assertEquals("3 of 20 rows (15%) are missing: 10 points x 15%", r.deductions().get(3).reason());
        assertEquals("1 of 20 rows (5%) repeat an earlier row in every column: 20 points x 5%",
                r.deductions().get(6).reason());
    }

    @Test
    void withoutRulesOnlyProfileDeductionsRemain() {
        QualityReport r = QualityAnalyzer.analyze(people(), QualityRules.none());
        // 0.5 (age type) + 1.05 (age outliers) + 1.5 (city missing) + 2 (status constant) + 1 (duplicate)
        assertEquals(List.of(0.5, 1.05, 1.5, 2.0, 1.0), r.deductions().stream().map(Deduction::points).toList());
        assertEquals(100 - 6.05, r.score(), EXACT);
        assertTrue(r.byColumn().stream().allMatch(c -> c.violations().isEmpty()));
    }

    @Test
    void columnProfilesComputedByHand() {
        QualityReport r = QualityAnalyzer.analyze(people(), peopleRules());
        ColumnQuality id = r.byColumn().get(0);
        assertEquals("INTEGER", id.type());
        assertEquals(19.0 / 20, id.uniqueness(), EXACT);
        assertEquals(1.0, id.completeness(), EXACT);
        // 1..19 and 19 again: q1 = 5.75, q3 = 15.25 (h = 4.75 and 14.25), fences -8.5 and 29.5.
        assertEquals(new Outliers(5.75, 15.25, -8.5, 29.5, 0, 0.0, List.of()), id.outliers());

        ColumnQuality age = r.byColumn().get(1);
        assertEquals(new Outliers(28.5, 37.5, 15, 51, 2, 2.0 / 19, List.of(19, 20)), age.outliers());
        assertEquals(List.of(
                new RuleViolation("required", "a value in every row", 0, 0.0, List.of()),
                new RuleViolation("number", "a number (min or max is set)", 1, 0.05, List.of(6)),
                new RuleViolation("min", ">= 18", 0, 0.0, List.of()),
                new RuleViolation("max", "<= 120", 2, 0.1, List.of(19, 20))), age.violations());
        assertEquals(1, age.typeMismatches());

        ColumnQuality city = r.byColumn().get(2);
        assertEquals("CATEGORICAL", city.type());
        assertEquals(17, city.present());
        assertEquals(3, city.missing());
        assertEquals(17.0 / 20, city.completeness(), EXACT);
        assertEquals(3, city.distinct());
        assertEquals(3.0 / 17, city.uniqueness(), EXACT);
        assertNull(city.outliers());
        assertEquals(List.of(new RuleViolation("allowed", "one of [Paris, Lyon]", 4, 0.2, List.of(4, 10, 15, 18))),
                city.violations());

        ColumnQuality status = r.byColumn().get(3);
        assertTrue(status.constant());
        assertEquals(1.0 / 20, status.uniqueness(), EXACT);
    }

    @Test
    void missingValuesOfARequiredColumnCountAsViolationsNotTwice() {
        DataTable t = new DataTable(List.of(Column.of("code", List.of("AB12", "", "ab12", "CD34", "N/A"))));
        QualityRules rules = new QualityRules(Map.of("code", new ColumnRule(null, null, "[A-Z]{2}\\d{2}", null, true)));
        QualityReport r = QualityAnalyzer.analyze(t, rules);
        // Rows 2 and 5 are missing (required), row 3 fails the regex: 3 of 5 rows, 20 x 0.6 = 12;
        // no completeness deduction on top.
        assertEquals(List.of(new Deduction(12.0, "code",
                "3 of 5 rows (60%) break a declared rule (required 2, regex 1): 20 points x 60%")), r.deductions());
        assertEquals(88.0, r.score(), EXACT);
        assertEquals(List.of(
                new RuleViolation("required", "a value in every row", 2, 0.4, List.of(2, 5)),
                new RuleViolation("regex", "matches [A-Z]{2}\\d{2}", 1, 0.2, List.of(3))),
                r.byColumn().get(0).violations());
    }

    @Test
    void sampleRowsStopAtFive() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            values.add(i % 10 == 0 ? "bad" : "ok");
        }
        QualityRules rules = new QualityRules(Map.of("v", new ColumnRule(null, null, null, List.of("ok"), null)));
        RuleViolation v = QualityAnalyzer.analyze(new DataTable(List.of(Column.of("v", values))), rules).byColumn()
                .get(0).violations().get(0);
        assertEquals(10, v.count());
        assertEquals(List.of(1, 11, 21, 31, 41), v.sampleRows());
    }

    @Test
    void aTableWithoutRowsScoresZero() {
        QualityReport r = QualityAnalyzer.analyze(new DataTable(List.of(Column.of("a", List.of()))), null);
        assertEquals(0.0, r.score(), EXACT);
        assertEquals(List.of(new Deduction(100, null, "the table has no rows: there is nothing to rely on")),
                r.deductions());
    }

    @Test
    void theScoreIsFlooredAtZero() {
        // Column c has its one value in row c % 3, so every column misses 2 of 3 rows
        // (10 x 2/3 = 6.67) and no two rows are equal.
        List<Column> sparse = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            List<String> values = new ArrayList<>(List.of("", "", ""));
            values.set(c % 3, "x" + c);
            sparse.add(Column.of("c" + c, values));
        }
        // Twelve columns: 100 - 12 x 6.67 = 19.96.
        assertEquals(19.96, QualityAnalyzer.analyze(new DataTable(sparse.subList(0, 12)), null).score(), EXACT);
        // Twenty: 133.4 points, floored at 0.
        QualityReport r = QualityAnalyzer.analyze(new DataTable(sparse), null);
        assertEquals(0.0, r.score(), EXACT);
        assertEquals(20, r.deductions().size());
        assertEquals(20 * 6.67, r.deductions().stream().mapToDouble(Deduction::points).sum(), 1e-6);
    }

    @Test
    void badRulesAreRefusedNamingTheField() {
        DataTable t = people();
        assertRefused(t, "nope", new ColumnRule(1.0, null, null, null, null), "rules.columns.nope",
                "does not have; columns are [id, age, city, status]");
        assertRefused(t, "age", new ColumnRule(null, null, "[a-", null, null), "rules.columns.age.regex",
                "not a valid Java regular expression");
        assertRefused(t, "age", new ColumnRule(50.0, 10.0, null, null, null), "rules.columns.age.min",
                "min 50 is greater than max 10; min must be at most max");
        assertRefused(t, "age", new ColumnRule(Double.NaN, null, null, null, null), "rules.columns.age.min",
                "must be a finite number");
        assertRefused(t, "age", new ColumnRule(null, Double.POSITIVE_INFINITY, null, null, null),
                "rules.columns.age.max", "must be a finite number");
        assertRefused(t, "city", new ColumnRule(null, null, null, List.of(), null), "rules.columns.city.allowed",
                "list at least one");
        assertRefused(t, "city", new ColumnRule(null, null, null, Arrays.asList("Paris", null), null),
                "rules.columns.city.allowed[1]", "not null");
        assertRefused(t, "city", new ColumnRule(null, null, "x".repeat(1001), null, null),
                "rules.columns.city.regex", "at most 1000");
    }

    private static void assertRefused(DataTable t, String column, ColumnRule rule, String field, String message) {
        Map<String, ColumnRule> rules = new LinkedHashMap<>();
        rules.put(column, rule);
        DataException e = assertThrows(DataException.class, () -> QualityAnalyzer.analyze(t, new QualityRules(rules)));
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void theReportIsPlainJsonBothWays() throws Exception {
        ObjectMapper json = new ObjectMapper();
        QualityReport r = QualityAnalyzer.analyze(people(), peopleRules());
        String text = json.writeValueAsString(r);
        assertEquals(r, json.readValue(text, QualityReport.class));
        assertTrue(text.contains("\"score\":86.95"), text);
        // Row numbers, never the offending values.
        assertFalse(text.contains("Nice"), text);
        assertFalse(text.contains("abc"), text);
        QualityRules rules = json.readValue("{\"columns\":{\"age\":{\"min\":18,\"required\":true}}}",
                QualityRules.class);
        assertEquals(new ColumnRule(18.0, null, null, null, true), rules.columns().get("age"));
    }
}
