package io.custos.data.drift;

import io.custos.data.DataException;
import io.custos.data.table.Column;
import io.custos.data.table.ColumnType;
import io.custos.data.table.DataTable;
import io.custos.data.table.SchemaInference;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.SignificanceResult;

/**
 * Compares a current table with a baseline, column by column.
 *
 * <p><b>Kind.</b> A column is NUMERIC when the baseline's inferred type is INTEGER or DECIMAL,
 * DATE when it is DATE (dates are compared as day numbers), CATEGORICAL otherwise. Missing values
 * are left out of both tables (and, for the numeric kinds, values that are not numbers or dates);
 * how many were left out is reported.
 *
 * <p><b>Numeric and date columns:</b> the two-sample Kolmogorov-Smirnov test (commons-statistics,
 * exact or asymptotic p-value as it chooses for the sample sizes) and the PSI over ten bins cut at
 * the baseline's deciles (see {@link Psi}).
 *
 * <p><b>Categorical columns:</b> the chi-square test of homogeneity on the 2 x k table of counts
 * (baseline and current by category) and the PSI over the same k categories. A category whose
 * expected count is below 5 in either table is pooled into one "other" group, as the chi-square
 * approximation needs; if "other" is itself still too small it is merged with the smallest
 * category until it is large enough. A category present in only one table is a category like any
 * other (its count in the other table is 0). With fewer than two groups left, no test is run and
 * the verdict rests on the PSI (which is then 0).
 *
 * <p><b>Verdict.</b> With p the test's p-value and PSI the index:
 * <ul>
 *   <li>DRIFT when PSI &gt;= psiDrift, or when p &lt; alpha and PSI &gt;= psiWarning (the shift
 *       is both real and material);</li>
 *   <li>WARNING when PSI &gt;= psiWarning, or p &lt; alpha (on large tables a test finds even
 *       negligible shifts significant, so significance alone is only a warning);</li>
 *   <li>STABLE otherwise.</li>
 * </ul>
 * A column with values in one table and none in the other is a DRIFT.
 */
public final class DriftAnalyzer {

    /** Least expected count per cell for the chi-square approximation. */
    static final double MIN_EXPECTED = 5;

    private DriftAnalyzer() {
    }

    public static DriftReport compare(DataTable baseline, DataTable current, DriftOptions options) {
        DriftOptions o = options == null ? DriftOptions.defaults() : options;
        validate(o);
        List<String> onlyInBaseline = baseline.header().stream().filter(c -> !current.has(c)).toList();
        List<String> onlyInCurrent = current.header().stream().filter(c -> !baseline.has(c)).toList();
        List<String> names = o.columns() == null
                ? baseline.header().stream().filter(current::has).toList()
                : checkedColumns(o.columns(), baseline, current);
        List<ColumnDrift> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(compare(baseline.column(name), current.column(name), o));
        }
        return summarise(baseline, current, columns, onlyInBaseline, onlyInCurrent);
    }

    private static void validate(DriftOptions o) {
        if (!(o.alpha() > 0 && o.alpha() < 1)) {
            throw new DataException("options.alpha", "alpha is " + o.alpha()
                    + "; it must lie strictly between 0 and 1, e.g. 0.05");
        }
        if (!(Double.isFinite(o.psiWarning()) && o.psiWarning() > 0)) {
            throw new DataException("options.psiWarning", "psiWarning is " + o.psiWarning()
                    + "; it must be a positive number, e.g. 0.1");
        }
        if (!(Double.isFinite(o.psiDrift()) && o.psiDrift() > 0)) {
            throw new DataException("options.psiDrift", "psiDrift is " + o.psiDrift()
                    + "; it must be a positive number, e.g. 0.25");
        }
        if (o.psiWarning() > o.psiDrift()) {
            throw new DataException("options.psiWarning", "psiWarning " + o.psiWarning()
                    + " is above psiDrift " + o.psiDrift() + "; the warning threshold must be at most the drift one");
        }
    }

    private static List<String> checkedColumns(List<String> wanted, DataTable baseline, DataTable current) {
        if (wanted.isEmpty()) {
            throw new DataException("options.columns", "columns is empty; name at least one column, or leave it out "
                    + "to compare every column the two tables share");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < wanted.size(); i++) {
            String name = wanted.get(i);
            String field = "options.columns[" + i + "]";
            if (name == null) {
                throw new DataException(field, "column names must be strings, not null");
            }
            if (!seen.add(name)) {
                throw new DataException(field, "column '" + name + "' is listed twice");
            }
            if (!baseline.has(name)) {
                throw new DataException(field, "column '" + name + "' is not in the baseline table; its columns are "
                        + baseline.header());
            }
            if (!current.has(name)) {
                throw new DataException(field, "column '" + name + "' is not in the current table; its columns are "
                        + current.header());
            }
        }
        return wanted;
    }

    private static ColumnDrift compare(Column baseline, Column current, DriftOptions o) {
        ColumnType type = SchemaInference.infer(baseline).type();
        if (type.numeric() || type == ColumnType.DATE) {
            return compareNumbers(baseline, current, type == ColumnType.DATE, o);
        }
        return compareCategories(baseline, current, o);
    }

    private static ColumnDrift compareNumbers(Column baseline, Column current, boolean dates, DriftOptions o) {
        String kind = dates ? "DATE" : "NUMERIC";
        double[] x = sortedNumbers(baseline, dates);
        double[] y = current == baseline ? x : sortedNumbers(current, dates);
        long bSkipped = baseline.size() - x.length;
        long cSkipped = current.size() - y.length;
        if (x.length == 0 || y.length == 0) {
            return oneSideEmpty(baseline.name(), kind, x.length, y.length, bSkipped, cSkipped);
        }
        double[] edges = Psi.decileEdges(x);
        double psi = Psi.of(Psi.binCountsSorted(x, edges), Psi.binCountsSorted(y, edges));
        // The test sorts copies of both samples; handing it sorted ones costs it one pass each.
        KolmogorovSmirnovTest.TwoResult ks = KolmogorovSmirnovTest.withDefaults().test(x, y);
        double p = ks.getPValue();
        return new ColumnDrift(baseline.name(), kind, "KS", x.length, y.length, bSkipped, cSkipped,
                ks.getStatistic(), p, psi, edges.length + 1, verdict(p, psi, o), reason("KS", p, psi, o, null));
    }

    /**
     * The column's numbers (or dates as epoch days), one per row that has one, sorted. Each distinct
     * value is parsed once; the distinct numbers are sorted and repeated by their row counts, which
     * gives exactly the sorted rows without sorting a million of them.
     */
    static double[] sortedNumbers(Column column, boolean dates) {
        List<String> dictionary = column.dictionary();
        int[] counts = column.counts();
        double[] ofCode = new double[dictionary.size()];
        int distinct = 0;
        int rows = 0;
        for (int c = 0; c < ofCode.length; c++) {
            String v = dictionary.get(c);
            if (dates) {
                LocalDate d = SchemaInference.parseDate(v);
                ofCode[c] = d == null ? Double.NaN : d.toEpochDay();
            } else {
                ofCode[c] = Column.parseNumber(v);
            }
            if (!Double.isNaN(ofCode[c]) && counts[c] > 0) {
                distinct++;
                rows += counts[c];
            }
        }
        // The distinct numbers, sorted as Arrays.sort sorts (two codes may hold one number: "1", "1.0").
        double[] values = new double[distinct];
        int k = 0;
        for (int c = 0; c < ofCode.length; c++) {
            if (!Double.isNaN(ofCode[c]) && counts[c] > 0) {
                values[k++] = ofCode[c];
            }
        }
        Arrays.sort(values);
        int unique = 0;
        for (int i = 0; i < values.length; i++) {
            if (unique == 0 || Double.compare(values[unique - 1], values[i]) != 0) {
                values[unique++] = values[i];
            }
        }
        values = Arrays.copyOf(values, unique);
        int[] rowsOf = new int[unique];
        for (int c = 0; c < ofCode.length; c++) {
            if (!Double.isNaN(ofCode[c]) && counts[c] > 0) {
                rowsOf[Arrays.binarySearch(values, ofCode[c])] += counts[c];
            }
        }
        double[] out = new double[rows];
        int at = 0;
        for (int i = 0; i < unique; i++) {
            Arrays.fill(out, at, at + rowsOf[i], values[i]);
            at += rowsOf[i];
        }
        return out;
    }

    private static ColumnDrift compareCategories(Column baseline, Column current, DriftOptions o) {
        // Categories in order of first appearance: the baseline's present values in dictionary
        // order, then the current table's values the baseline lacks, in its dictionary order.
        List<String> bDict = baseline.dictionary();
        List<String> cDict = current.dictionary();
        int[] bCounts = baseline.counts();
        int[] cCounts = current == baseline ? bCounts : current.counts();
        int[] categoryOfB = new int[bDict.size()];
        int categories = 0;
        long bCount = 0;
        for (int code = 0; code < categoryOfB.length; code++) {
            if (Column.isMissing(bDict.get(code))) {
                categoryOfB[code] = -1;
            } else {
                categoryOfB[code] = categories++;
                bCount += bCounts[code];
            }
        }
        int[] categoryOfC = new int[cDict.size()];
        if (cDict == bDict) {
            System.arraycopy(categoryOfB, 0, categoryOfC, 0, categoryOfB.length);
        } else {
            StringIndex baselineCodes = new StringIndex(bDict);
            for (int code = 0; code < categoryOfC.length; code++) {
                String v = cDict.get(code);
                if (Column.isMissing(v)) {
                    categoryOfC[code] = -1;
                } else {
                    int b = baselineCodes.codeOf(v);
                    categoryOfC[code] = b >= 0 ? categoryOfB[b] : categories++;
                }
            }
        }
        long[][] byCategory = new long[2][categories];
        for (int code = 0; code < categoryOfB.length; code++) {
            if (categoryOfB[code] >= 0) {
                byCategory[0][categoryOfB[code]] += bCounts[code];
            }
        }
        long cCount = 0;
        for (int code = 0; code < categoryOfC.length; code++) {
            if (categoryOfC[code] >= 0) {
                byCategory[1][categoryOfC[code]] += cCounts[code];
                cCount += cCounts[code];
            }
        }
        long bSkipped = baseline.size() - bCount;
        long cSkipped = current.size() - cCount;
        if (bCount == 0 || cCount == 0) {
            return oneSideEmpty(baseline.name(), "CATEGORICAL", bCount, cCount, bSkipped, cSkipped);
        }
        List<long[]> groups = pool(byCategory[0], byCategory[1], bCount, cCount);
        long[] b = new long[groups.size()];
        long[] c = new long[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            b[i] = groups.get(i)[0];
            c[i] = groups.get(i)[1];
        }
        double psi = Psi.of(b, c);
        if (groups.size() < 2) {
            String note = "no chi-square test: fewer than two category groups with expected counts >= 5";
            return new ColumnDrift(baseline.name(), "CATEGORICAL", null, bCount, cCount, bSkipped, cSkipped, null,
                    null, psi, groups.size(), verdict(Double.NaN, psi, o), reason(null, Double.NaN, psi, o, note));
        }
        SignificanceResult chi = ChiSquareTest.withDefaults().test(new long[][] {b, c});
        double p = chi.getPValue();
        return new ColumnDrift(baseline.name(), "CATEGORICAL", "CHI_SQUARE", bCount, cCount, bSkipped, cSkipped,
                chi.getStatistic(), p, psi, groups.size(), verdict(p, psi, o), reason("chi-square", p, psi, o, null));
    }

    /**
     * Pools categories whose expected count is below {@link #MIN_EXPECTED} in either table into
     * one "other" group (expected = row total x category total / grand total, least for the
     * smaller table), then, while "other" is still too small, merges the smallest remaining
     * category into it.
     */
    static List<long[]> pool(List<long[]> categories, long bCount, long cCount) {
        double minTotal = minTotal(bCount, cCount);
        List<long[]> kept = new ArrayList<>();
        long[] other = new long[2];
        for (long[] cat : categories) {
            if (cat[0] + cat[1] < minTotal) {
                other[0] += cat[0];
                other[1] += cat[1];
            } else {
                kept.add(cat);
            }
        }
        return finishPool(kept, other, minTotal);
    }

    /** {@link #pool(List, long, long)} of the categories {@code (b[i], c[i])}, without a pair per category. */
    static List<long[]> pool(long[] b, long[] c, long bCount, long cCount) {
        double minTotal = minTotal(bCount, cCount);
        List<long[]> kept = new ArrayList<>();
        long[] other = new long[2];
        for (int i = 0; i < b.length; i++) {
            if (b[i] + c[i] < minTotal) {
                other[0] += b[i];
                other[1] += c[i];
            } else {
                kept.add(new long[] {b[i], c[i]});
            }
        }
        return finishPool(kept, other, minTotal);
    }

    private static double minTotal(long bCount, long cCount) {
        return MIN_EXPECTED * (bCount + cCount) / Math.min(bCount, cCount);
    }

    private static List<long[]> finishPool(List<long[]> kept, long[] other, double minTotal) {
        if (other[0] + other[1] == 0) {
            return kept;
        }
        kept.sort((p, q) -> Long.compare(p[0] + p[1], q[0] + q[1]));
        while (other[0] + other[1] < minTotal && !kept.isEmpty()) {
            long[] smallest = kept.remove(0);
            other[0] += smallest[0];
            other[1] += smallest[1];
        }
        kept.add(other);
        return kept;
    }

    /** From distinct strings to their index in a list of them, without boxing. */
    private static final class StringIndex {
        private final List<String> values;
        private final int[] slots; // index + 1, 0 when empty
        private final int mask;

        StringIndex(List<String> values) {
            this.values = values;
            int capacity = Integer.highestOneBit(Math.max(4, values.size() * 2 - 1)) << 1;
            slots = new int[capacity];
            mask = capacity - 1;
            for (int i = 0; i < values.size(); i++) {
                int s = slot(values.get(i));
                while (slots[s] != 0) {
                    s = (s + 1) & mask;
                }
                slots[s] = i + 1;
            }
        }

        int codeOf(String v) {
            for (int s = slot(v); slots[s] != 0; s = (s + 1) & mask) {
                if (values.get(slots[s] - 1).equals(v)) {
                    return slots[s] - 1;
                }
            }
            return -1;
        }

        private int slot(String v) {
            int h = v.hashCode() * 0x9E3779B9;
            return (h ^ (h >>> 16)) & mask;
        }
    }

    private static ColumnDrift oneSideEmpty(String name, String kind, long bCount, long cCount, long bSkipped,
            long cSkipped) {
        if (bCount == 0 && cCount == 0) {
            return new ColumnDrift(name, kind, null, 0, 0, bSkipped, cSkipped, null, null, null, 0,
                    DriftVerdict.STABLE, "no usable values in either table");
        }
        String reason = bCount == 0
                ? "no usable values in the baseline, " + cCount + " in the current table"
                : "no usable values in the current table, " + bCount + " in the baseline";
        return new ColumnDrift(name, kind, null, bCount, cCount, bSkipped, cSkipped, null, null, null, 0,
                DriftVerdict.DRIFT, reason);
    }

    /** See the class comment; {@code p} is NaN when no test was run. */
    static DriftVerdict verdict(double p, double psi, DriftOptions o) {
        boolean significant = p < o.alpha();
        if (psi >= o.psiDrift() || (significant && psi >= o.psiWarning())) {
            return DriftVerdict.DRIFT;
        }
        if (psi >= o.psiWarning() || significant) {
            return DriftVerdict.WARNING;
        }
        return DriftVerdict.STABLE;
    }

    private static String reason(String test, double p, double psi, DriftOptions o, String note) {
        String psiPart = "PSI " + num(psi) + (psi >= o.psiDrift() ? " >= " + num(o.psiDrift())
                : psi >= o.psiWarning() ? " >= " + num(o.psiWarning()) : " < " + num(o.psiWarning()));
        if (test == null) {
            return psiPart + " (" + note + ")";
        }
        boolean significant = p < o.alpha();
        String testPart = test + " p=" + pValue(p) + (significant ? " < " : " >= ") + num(o.alpha());
        DriftVerdict v = verdict(p, psi, o);
        if (psi >= o.psiDrift()) {
            return psiPart + " (" + testPart + ")";
        }
        return switch (v) {
            case DRIFT -> testPart + " and " + psiPart;
            case WARNING -> significant
                    ? testPart + " but " + psiPart + ": a significant but small shift"
                    : psiPart + " but " + testPart;
            case STABLE -> testPart + " and " + psiPart;
        };
    }

    private static DriftReport summarise(DataTable baseline, DataTable current, List<ColumnDrift> columns,
            List<String> onlyInBaseline, List<String> onlyInCurrent) {
        DriftVerdict overall = DriftVerdict.STABLE;
        List<String> drifted = new ArrayList<>();
        List<String> warned = new ArrayList<>();
        for (ColumnDrift c : columns) {
            overall = overall.atLeast(c.verdict());
            if (c.verdict() == DriftVerdict.DRIFT) {
                drifted.add(c.column());
            } else if (c.verdict() == DriftVerdict.WARNING) {
                warned.add(c.column());
            }
        }
        if (!onlyInBaseline.isEmpty() || !onlyInCurrent.isEmpty()) {
            overall = overall.atLeast(DriftVerdict.WARNING);
        }
        StringBuilder s = new StringBuilder();
        s.append(drifted.size()).append(" of ").append(columns.size()).append(" columns drifted");
        if (!drifted.isEmpty()) {
            s.append(' ').append(drifted);
        }
        s.append(", ").append(warned.size()).append(" with a warning");
        if (!warned.isEmpty()) {
            s.append(' ').append(warned);
        }
        if (!onlyInBaseline.isEmpty()) {
            s.append("; only in the baseline: ").append(onlyInBaseline);
        }
        if (!onlyInCurrent.isEmpty()) {
            s.append("; only in the current table: ").append(onlyInCurrent);
        }
        return new DriftReport(overall, s.toString(), baseline.rows(), current.rows(), columns, onlyInBaseline,
                onlyInCurrent);
    }

    /** Three significant digits below 1, two decimals above; no trailing zeros. */
    static String num(double x) {
        BigDecimal d = BigDecimal.valueOf(x);
        d = Math.abs(x) >= 1 || x == 0 ? d.setScale(2, RoundingMode.HALF_UP) : d.round(new MathContext(3));
        return d.stripTrailingZeros().toPlainString();
    }

    /** A p-value: plain down to 0.001, scientific below (1.2e-09). */
    static String pValue(double p) {
        return p >= 0.001 || p == 0 ? num(p) : String.format(Locale.ROOT, "%.1e", p);
    }
}
