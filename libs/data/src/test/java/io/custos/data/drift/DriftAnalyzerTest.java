package io.custos.data.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.data.DataException;
import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DriftAnalyzerTest {

    private static DataTable table(Column... columns) {
        return new DataTable(List.of(columns));
    }

    private static Column numbers(String name, double... values) {
        return Column.of(name, Arrays.stream(values).mapToObj(DriftAnalyzerTest::text).toList());
    }

    /** Integers without ".0", so that a column of them is INTEGER. */
    private static String text(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static Column normal(String name, int n, double mean, long seed) {
        Random random = new Random(seed);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(Double.toString(mean + random.nextGaussian()));
        }
        return Column.of(name, values);
    }

    /** counts[i] copies of the i-th category. */
    private static Column categories(String name, String[] names, int[] counts) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            values.addAll(Collections.nCopies(counts[i], names[i]));
        }
        Collections.shuffle(values, new Random(7));
        return Column.of(name, values);
    }

    private static ColumnDrift only(DriftReport r) {
        assertEquals(1, r.columns().size());
        return r.columns().get(0);
    }

    @Test
    void identicalSamplesAreStable() {
        DataTable t = table(normal("income", 500, 0, 1),
                categories("city", new String[] {"Paris", "Lyon", "Nice"}, new int[] {250, 150, 100}));
        DriftReport r = DriftAnalyzer.compare(t, t, DriftOptions.defaults());
        assertEquals(DriftVerdict.STABLE, r.verdict());
        ColumnDrift income = r.columns().get(0);
        assertEquals("NUMERIC", income.kind());
        assertEquals("KS", income.test());
        assertEquals(0.0, income.statistic());
        assertEquals(1.0, income.pValue(), 1e-12);
        assertEquals(0.0, income.psi());
        assertEquals(10, income.bins());
        assertEquals("KS p=1 >= 0.05 and PSI 0 < 0.1", income.reason());
        ColumnDrift city = r.columns().get(1);
        assertEquals("CATEGORICAL", city.kind());
        assertEquals("CHI_SQUARE", city.test());
        assertEquals(0.0, city.statistic());
        assertEquals(1.0, city.pValue(), 1e-12);
        assertEquals(DriftVerdict.STABLE, city.verdict());
        assertEquals("0 of 2 columns drifted, 0 with a warning", r.summary());
    }

    @Test
    void aShiftedNormalDrifts() {
        DriftReport r = DriftAnalyzer.compare(table(normal("x", 1000, 0, 1)), table(normal("x", 1000, 1, 2)), null);
        ColumnDrift x = only(r);
        assertEquals(DriftVerdict.DRIFT, x.verdict());
        assertEquals(DriftVerdict.DRIFT, r.verdict());
        // A one-sd shift moves about 38% of the mass across the median: D near 0.38, PSI far above 0.25.
        assertTrue(x.statistic() > 0.3 && x.statistic() < 0.46, x.toString());
        assertTrue(x.pValue() < 1e-20, x.toString());
        assertTrue(x.psi() > 0.5, x.toString());
        assertTrue(x.reason().startsWith("PSI ") && x.reason().contains(" >= 0.25 (KS p="), x.reason());
        assertEquals("1 of 1 columns drifted [x], 0 with a warning", r.summary());
    }

    @Test
    void twoSamplesOfTheSameNormalAreStable() {
        ColumnDrift x = only(DriftAnalyzer.compare(table(normal("x", 1000, 0, 3)), table(normal("x", 1000, 0, 4)),
                null));
        assertEquals(DriftVerdict.STABLE, x.verdict(), x.toString());
        assertTrue(x.pValue() > 0.05 && x.psi() < 0.1, x.toString());
    }

    @Test
    void aSignificantButSmallShiftIsOnlyAWarning() {
        // 20000 rows each, means 0 and 0.1: KS sees it for certain, PSI is about 0.01.
        ColumnDrift x = only(DriftAnalyzer.compare(table(normal("x", 20_000, 0, 5)),
                table(normal("x", 20_000, 0.1, 6)), null));
        assertEquals(DriftVerdict.WARNING, x.verdict(), x.toString());
        assertTrue(x.pValue() < 1e-6 && x.psi() < 0.1, x.toString());
        assertTrue(x.reason().endsWith(": a significant but small shift"), x.reason());
    }

    /** D of two samples: the largest gap between their empirical distribution functions. */
    private static double ksD(double[] x, double[] y) {
        double d = 0;
        for (double t : concat(x, y)) {
            double fx = Arrays.stream(x).filter(v -> v <= t).count() / (double) x.length;
            double fy = Arrays.stream(y).filter(v -> v <= t).count() / (double) y.length;
            d = Math.max(d, Math.abs(fx - fy));
        }
        return d;
    }

    private static double[] concat(double[] x, double[] y) {
        double[] all = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        return all;
    }

    @Test
    void ksPValueMatchesAnExactPermutationCount() {
        double[] x = {1, 2, 3, 5};
        double[] y = {4, 6, 7};
        double observed = ksD(x, y);
        assertEquals(0.75, observed, 1e-12);
        // Without ties the exact p-value is the share of the C(7,4) = 35 ways of splitting the
        // pooled values into samples of 4 and 3 whose D is at least the observed one.
        double[] pooled = concat(x, y);
        int atLeast = 0;
        int splits = 0;
        for (int mask = 0; mask < 1 << pooled.length; mask++) {
            if (Integer.bitCount(mask) != x.length) {
                continue;
            }
            double[] a = new double[x.length];
            double[] b = new double[y.length];
            int i = 0;
            int j = 0;
            for (int k = 0; k < pooled.length; k++) {
                if ((mask & (1 << k)) != 0) {
                    a[i++] = pooled[k];
                } else {
                    b[j++] = pooled[k];
                }
            }
            splits++;
            if (ksD(a, b) >= observed - 1e-12) {
                atLeast++;
            }
        }
        // By hand: D >= 0.75 when the three lowest values are all x (4 ways to place the last x),
        // or three of the four lowest are y (4 ways): 8 of 35.
        assertEquals(35, splits);
        assertEquals(8, atLeast);
        ColumnDrift c = only(DriftAnalyzer.compare(table(numbers("v", x)), table(numbers("v", y)), null));
        assertEquals("KS", c.test());
        assertEquals(observed, c.statistic(), 1e-12);
        assertEquals(8.0 / 35, c.pValue(), 1e-12);
    }

    @Test
    void numericPsiMatchesAHandComputation() {
        // Baseline 1..10: deciles (type 7) at 1.9, 2.8, ..., 9.1, one value per bin (0.1 each).
        // Current: 1 five times, then 2..6: bin 1 holds 0.5, bins 2-6 hold 0.1, bins 7-10 none.
        double[] baseline = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] current = {1, 1, 1, 1, 1, 2, 3, 4, 5, 6};
        double eps = 1e-4;
        double expected = (0.5 - 0.1) * Math.log(0.5 / 0.1) + 4 * (eps - 0.1) * Math.log(eps / 0.1);
        assertEquals(3.4041, expected, 1e-4);
        ColumnDrift c = only(DriftAnalyzer.compare(table(numbers("v", baseline)), table(numbers("v", current)), null));
        assertEquals(10, c.bins());
        assertEquals(expected, c.psi(), 1e-12);
        assertEquals(DriftVerdict.DRIFT, c.verdict());
        assertTrue(c.reason().startsWith("PSI 3.4 >= 0.25"), c.reason());
    }

    @Test
    void fewDistinctValuesGiveFewerBins() {
        // Deciles of {0 x 80, 1 x 20}: 0 for 0.1 to 0.7; at 0.8, h = 79.2 lies between the last 0 and
        // the first 1, giving 0.2; at 0.9, 1. Edges {0, 0.2, 1}, so four bins: <= 0, (0, 0.2],
        // (0.2, 1], > 1, holding 80, 0, 20, 0 baseline rows and 50, 0, 50, 0 current ones.
        double[] baseline = new double[100];
        Arrays.fill(baseline, 80, 100, 1);
        double[] current = new double[100];
        Arrays.fill(current, 50, 100, 1);
        ColumnDrift c = only(DriftAnalyzer.compare(table(numbers("flag", baseline)), table(numbers("flag", current)),
                null));
        assertEquals(4, c.bins());
        // The two empty bins are empty on both sides: (eps - eps) ln(eps / eps) = 0.
        double expected = (0.5 - 0.8) * Math.log(0.5 / 0.8) + (0.5 - 0.2) * Math.log(0.5 / 0.2);
        assertEquals(expected, c.psi(), 1e-12);
    }

    @Test
    void categoricalChiSquareAndPsiMatchHandComputations() {
        String[] abc = {"a", "b", "c"};
        DataTable baseline = table(categories("cat", abc, new int[] {50, 30, 20}));
        DataTable current = table(categories("cat", abc, new int[] {40, 30, 30}));
        ColumnDrift c = only(DriftAnalyzer.compare(baseline, current, null));
        // Expected counts 45, 30, 25 in each table: chi2 = 2 (25/45) + 0 + 2 (25/25) = 28/9; two
        // degrees of freedom, where the chi-square survival function is exp(-x/2).
        double chi2 = 28.0 / 9;
        assertEquals(chi2, c.statistic(), 1e-12);
        assertEquals(Math.exp(-chi2 / 2), c.pValue(), 1e-12);
        double psi = (0.4 - 0.5) * Math.log(0.4 / 0.5) + (0.3 - 0.2) * Math.log(0.3 / 0.2);
        assertEquals(psi, c.psi(), 1e-12);
        assertEquals(3, c.bins());
        assertEquals(DriftVerdict.STABLE, c.verdict());
        assertEquals("chi-square p=0.211 >= 0.05 and PSI 0.0629 < 0.1", c.reason());
    }

    @Test
    void rareAndOneSidedCategoriesArePooled() {
        // Baseline: a 100, b 100, r1 1, r2 2 (203 rows). Current: a 100, b 60, c 40 (new) (200 rows).
        // A category needs a total of 5 x 403 / 200 = 10.075 for an expected count >= 5 in the
        // smaller table: r1 (1) and r2 (2) are pooled into "other" (3, still too small), which then
        // takes the smallest category, c (40): groups a, b, other = {3 | 40}.
        DataTable baseline = table(categories("k", new String[] {"a", "b", "r1", "r2"}, new int[] {100, 100, 1, 2}));
        DataTable current = table(categories("k", new String[] {"a", "b", "c"}, new int[] {100, 60, 40}));
        ColumnDrift c = only(DriftAnalyzer.compare(baseline, current, null));
        assertEquals(3, c.bins());
        long[][] pooled = {{100, 100, 3}, {100, 60, 40}};
        double chi2 = 0;
        double n = 403;
        double[] rowTotals = {203, 200};
        double[] colTotals = {200, 160, 43};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double e = rowTotals[i] * colTotals[j] / n;
                chi2 += (pooled[i][j] - e) * (pooled[i][j] - e) / e;
            }
        }
        assertEquals(chi2, c.statistic(), 1e-9);
        assertEquals(Math.exp(-chi2 / 2), c.pValue(), 1e-12);
        double psi = 0;
        for (int j = 0; j < 3; j++) {
            double b = pooled[0][j] / 203.0;
            double k = pooled[1][j] / 200.0;
            psi += (k - b) * Math.log(k / b);
        }
        assertEquals(psi, c.psi(), 1e-12);
        assertEquals(DriftVerdict.DRIFT, c.verdict());
    }

    @Test
    void aColumnOfOnlyRareCategoriesHasNoTest() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add("id" + i);
        }
        ColumnDrift c = only(DriftAnalyzer.compare(table(Column.of("id", ids)),
                table(Column.of("id", ids.subList(25, 50))), null));
        assertNull(c.test());
        assertNull(c.pValue());
        assertEquals(0.0, c.psi());
        assertEquals(1, c.bins());
        assertEquals(DriftVerdict.STABLE, c.verdict());
        assertEquals("PSI 0 < 0.1 (no chi-square test: fewer than two category groups with expected counts >= 5)",
                c.reason());
    }

    @Test
    void datesAreComparedAsDays() {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            before.add(LocalDate.of(2020, 1, 1).plusDays(i).toString());
            after.add(LocalDate.of(2020, 4, 1).plusDays(i).toString());
        }
        ColumnDrift c = only(DriftAnalyzer.compare(table(Column.of("day", before)), table(Column.of("day", after)),
                null));
        assertEquals("DATE", c.kind());
        assertEquals("KS", c.test());
        // Jan 1 + 0..199 against Apr 1 (day 91) + 0..199: the ECDFs differ most at day 90, by 91/200.
        assertEquals(91.0 / 200, c.statistic(), 1e-12);
        assertEquals(DriftVerdict.DRIFT, c.verdict());
    }

    @Test
    void missingAndUnusableValuesAreLeftOutAndCounted() {
        DataTable baseline = table(Column.of("v", List.of("1", "2", "", "3", "4", "5", "6", "7", "8", "9", "10")));
        DataTable current = table(Column.of("v", List.of("1", "2", "NA", "3", "x", "5", "6", "7", "8", "9", "10")));
        ColumnDrift c = only(DriftAnalyzer.compare(baseline, current, null));
        assertEquals(10, c.baselineCount());
        assertEquals(1, c.baselineSkipped());
        assertEquals(9, c.currentCount());
        assertEquals(2, c.currentSkipped());
    }

    @Test
    void aColumnEmptiedInTheCurrentTableDrifts() {
        ColumnDrift c = only(DriftAnalyzer.compare(table(Column.of("v", List.of("1", "2", "3"))),
                table(Column.of("v", List.of("", "", ""))), null));
        assertEquals(DriftVerdict.DRIFT, c.verdict());
        assertNull(c.psi());
        assertEquals("no usable values in the current table, 3 in the baseline", c.reason());
    }

    @Test
    void columnsInOnlyOneTableAreListedAndWarn() {
        Column same = numbers("v", 1, 2, 3, 4, 5);
        DriftReport r = DriftAnalyzer.compare(table(same, Column.of("zip", List.of("1", "2", "3", "4", "5"))),
                table(Column.of("email", List.of("a", "b", "c", "d", "e")), same), null);
        assertEquals(List.of("v"), r.columns().stream().map(ColumnDrift::column).toList());
        assertEquals(List.of("zip"), r.onlyInBaseline());
        assertEquals(List.of("email"), r.onlyInCurrent());
        assertEquals(DriftVerdict.STABLE, r.columns().get(0).verdict());
        assertEquals(DriftVerdict.WARNING, r.verdict());
        assertEquals("0 of 1 columns drifted, 0 with a warning; only in the baseline: [zip]; only in the current "
                + "table: [email]", r.summary());
    }

    @Test
    void namedColumnsAreComparedInTheGivenOrder() {
        DataTable t = table(numbers("a", 1, 2, 3), numbers("b", 4, 5, 6), numbers("c", 7, 8, 9));
        DriftReport r = DriftAnalyzer.compare(t, t, new DriftOptions(0.05, 0.1, 0.25, List.of("c", "a")));
        assertEquals(List.of("c", "a"), r.columns().stream().map(ColumnDrift::column).toList());
    }

    @ParameterizedTest
    @CsvSource({
        // p, psi, verdict with alpha 0.05, warning 0.1, drift 0.25
        "0.5, 0.01, STABLE", "0.5, 0.1, WARNING", "0.5, 0.25, DRIFT", "0.01, 0.01, WARNING",
        "0.01, 0.1, DRIFT", "0.05, 0.2, WARNING", "NaN, 0.05, STABLE", "NaN, 0.3, DRIFT"})
    void verdictRule(double p, double psi, DriftVerdict expected) {
        assertEquals(expected, DriftAnalyzer.verdict(p, psi, DriftOptions.defaults()));
    }

    @Test
    void badOptionsAreRefusedNamingTheField() {
        DataTable a = table(numbers("x", 1, 2, 3));
        DataTable b = table(numbers("x", 1, 2, 3), numbers("y", 1, 2, 3));
        assertRefused(a, a, new DriftOptions(0, 0.1, 0.25, null), "options.alpha", "strictly between 0 and 1");
        assertRefused(a, a, new DriftOptions(1, 0.1, 0.25, null), "options.alpha", "strictly between 0 and 1");
        assertRefused(a, a, new DriftOptions(Double.NaN, 0.1, 0.25, null), "options.alpha", "between 0 and 1");
        assertRefused(a, a, new DriftOptions(0.05, 0.3, 0.25, null), "options.psiWarning",
                "psiWarning 0.3 is above psiDrift 0.25");
        assertRefused(a, a, new DriftOptions(0.05, -1, 0.25, null), "options.psiWarning", "positive");
        assertRefused(a, b, new DriftOptions(0.05, 0.1, 0.25, List.of("x", "y")), "options.columns[1]",
                "column 'y' is not in the baseline table; its columns are [x]");
        assertRefused(b, a, new DriftOptions(0.05, 0.1, 0.25, List.of("y")), "options.columns[0]",
                "column 'y' is not in the current table");
        assertRefused(a, a, new DriftOptions(0.05, 0.1, 0.25, List.of("x", "x")), "options.columns[1]",
                "listed twice");
        assertRefused(a, a, new DriftOptions(0.05, 0.1, 0.25, List.of()), "options.columns", "name at least one");
    }

    private static void assertRefused(DataTable baseline, DataTable current, DriftOptions o, String field,
            String message) {
        DataException e = assertThrows(DataException.class, () -> DriftAnalyzer.compare(baseline, current, o));
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void theReportIsPlainJsonBothWays() throws Exception {
        ObjectMapper json = new ObjectMapper();
        DriftReport r = DriftAnalyzer.compare(table(numbers("v", 1, 2, 3)), table(Column.of("v", List.of("", "", ""))),
                null);
        assertEquals(r, json.readValue(json.writeValueAsString(r), DriftReport.class));
        assertEquals(DriftOptions.defaults(),
                json.readValue("{\"alpha\":0.05,\"psiWarning\":0.1,\"psiDrift\":0.25}", DriftOptions.class));
    }
}
