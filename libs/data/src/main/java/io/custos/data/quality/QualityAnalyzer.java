package io.custos.data.quality;

import io.custos.data.DataException;
import io.custos.data.table.Column;
import io.custos.data.table.ColumnSchema;
import io.custos.data.table.DataTable;
import io.custos.data.table.EquivalenceClasses;
import io.custos.data.table.SchemaInference;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Profiles a table and scores it.
 *
 * <h2>Score</h2>
 * The score starts at 100; each problem found takes off points proportional to how much of the
 * column (or table) it affects, so that a single typo costs little and a broken column costs a
 * lot, but no one column can cost more than its caps. Every deduction is listed with its reason;
 * the score is 100 minus their sum, floored at 0. Points are rounded to two decimals before
 * summing, so the listed deductions add up exactly.
 *
 * <table>
 *   <caption>Deductions</caption>
 *   <tr><th>what</th><th>points</th><th>per</th></tr>
 *   <tr><td>missing values (not in a required column)</td>
 *       <td>{@value #COMPLETENESS_POINTS} x missing rows / rows</td><td>column</td></tr>
 *   <tr><td>declared rules broken (a missing value in a required column counts here)</td>
 *       <td>{@value #VALIDITY_POINTS} x rows breaking at least one rule / rows</td><td>column</td></tr>
 *   <tr><td>present values not of the column's inferred type</td>
 *       <td>{@value #TYPE_MISMATCH_POINTS} x mismatches / present rows</td><td>column</td></tr>
 *   <tr><td>constant column (one value in every present row, at least two rows)</td>
 *       <td>{@value #CONSTANT_POINTS}</td><td>column</td></tr>
 *   <tr><td>Tukey outliers of a numeric column</td>
 *       <td>{@value #OUTLIER_POINTS_PER_SHARE} x outliers / numbers, at most {@value #OUTLIER_POINTS_MAX}
 *       (skewed data has outliers that are not errors)</td><td>column</td></tr>
 *   <tr><td>rows repeating an earlier row in every column</td>
 *       <td>{@value #DUPLICATE_POINTS} x duplicate rows / rows</td><td>table</td></tr>
 *   <tr><td>no rows at all</td><td>100</td><td>table</td></tr>
 * </table>
 *
 * <p>Uniqueness is reported but costs nothing: few distinct values is what a category is.
 *
 * <h2>Rules</h2>
 * See {@link ColumnRule}. A rule naming a column the table lacks, a regex that does not compile,
 * min above max, a non-finite bound or an empty or null-holding allowed list is refused with a
 * {@link DataException} whose field is the rule's path, e.g. {@code rules.columns.age.regex}.
 * Declared rules are checked once per distinct value.
 */
public final class QualityAnalyzer {

    public static final double COMPLETENESS_POINTS = 10;
    public static final double VALIDITY_POINTS = 20;
    public static final double TYPE_MISMATCH_POINTS = 10;
    public static final double CONSTANT_POINTS = 2;
    public static final double OUTLIER_POINTS_PER_SHARE = 10;
    public static final double OUTLIER_POINTS_MAX = 2;
    public static final double DUPLICATE_POINTS = 20;

    /** Row numbers given per violation or outlier list. */
    public static final int SAMPLE_ROWS = 5;

    /** Longest regex accepted in a rule: long patterns are the ones that backtrack for minutes. */
    public static final int MAX_REGEX_LENGTH = 1000;

    private static final double TUKEY_K = 1.5;

    private QualityAnalyzer() {
    }

    public static QualityReport analyze(DataTable table, QualityRules rules) {
        Map<String, List<Check>> checks = compile(table, rules == null ? QualityRules.none() : rules);
        int rows = table.rows();
        List<Deduction> deductions = new ArrayList<>();
        if (rows == 0) {
            deductions.add(new Deduction(100, null, "the table has no rows: there is nothing to rely on"));
        }
        List<ColumnQuality> byColumn = new ArrayList<>();
        for (Column column : table.columns()) {
            byColumn.add(profile(column, checks.getOrDefault(column.name(), List.of()), deductions));
        }
        long duplicates = 0;
        if (rows > 0 && !table.columns().isEmpty()) {
            // The number of distinct rows does not depend on the order the columns are folded in;
            // the most distinct first make every row a class of its own soonest (then the rest
            // are skipped).
            List<String> mostDistinctFirst = table.columns().stream()
                    .sorted(Comparator.comparingInt(Column::distinct).reversed()).map(Column::name).toList();
            duplicates = rows - EquivalenceClasses.of(table, mostDistinctFirst).classCount();
            if (duplicates > 0) {
                double share = (double) duplicates / rows;
                deductions.add(new Deduction(points(DUPLICATE_POINTS * share), null,
                        duplicates + " of " + rows + " rows (" + percent(share) + ") repeat an earlier row in every "
                                + "column: " + num(DUPLICATE_POINTS) + " points x " + percent(share)));
            }
        }
        double taken = 0;
        for (Deduction d : deductions) {
            taken += d.points();
        }
        double score = Math.max(0, round2(100 - taken));
        return new QualityReport(rows, table.columns().size(), duplicates, score, deductions, byColumn);
    }

    private static ColumnQuality profile(Column column, List<Check> checks, List<Deduction> deductions) {
        String name = column.name();
        int rows = column.size();
        ColumnSchema schema = SchemaInference.infer(column);
        List<String> dictionary = column.dictionary();
        int[] counts = column.counts();
        long missing = schema.missing();
        long present = rows - missing;
        boolean required = checks.stream().anyMatch(c -> c.rule().equals("required"));

        // Bits by code: bit i for check i, bit OUTLIER_BIT for a Tukey outlier.
        int outlierBit = checks.size();
        int[] flagsOfCode = new int[dictionary.size()];
        long[] rowsOfFlag = new long[checks.size() + 1];
        long rowsBreakingRules = 0;
        for (int code = 0; code < flagsOfCode.length; code++) {
            String value = dictionary.get(code);
            int flags = 0;
            for (int i = 0; i < checks.size(); i++) {
                if (checks.get(i).violatedBy().test(value)) {
                    flags |= 1 << i;
                    rowsOfFlag[i] += counts[code];
                }
            }
            if (flags != 0) {
                rowsBreakingRules += counts[code];
            }
            flagsOfCode[code] = flags;
        }

        double[] fences = null;
        double q1 = 0;
        double q3 = 0;
        long numbers = 0;
        if (schema.type().numeric()) {
            double[] numberOfCode = new double[dictionary.size()];
            for (int code = 0; code < numberOfCode.length; code++) {
                numberOfCode[code] = Column.parseNumber(dictionary.get(code));
            }
            SortedNumbers sorted = SortedNumbers.of(column, numberOfCode);
            numbers = sorted.count();
            if (numbers > 0) {
                q1 = sorted.quantile(0.25);
                q3 = sorted.quantile(0.75);
                double iqr = q3 - q1;
                fences = new double[] {q1 - TUKEY_K * iqr, q3 + TUKEY_K * iqr};
                for (int code = 0; code < numberOfCode.length; code++) {
                    double x = numberOfCode[code];
                    if (x < fences[0] || x > fences[1]) {
                        flagsOfCode[code] |= 1 << outlierBit;
                        rowsOfFlag[outlierBit] += counts[code];
                    }
                }
            }
        }
        List<List<Integer>> samples = sampleRows(column, flagsOfCode, rowsOfFlag);

        List<RuleViolation> violations = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            violations.add(new RuleViolation(c.rule(), c.requirement(), rowsOfFlag[i], share(rowsOfFlag[i], rows),
                    samples.get(i)));
        }
        Outliers outliers = fences == null ? null : new Outliers(q1, q3, fences[0], fences[1],
                rowsOfFlag[outlierBit], share(rowsOfFlag[outlierBit], numbers), samples.get(outlierBit));
        boolean constant = schema.distinct() == 1 && present > 1;

        // Deductions, in the order of the table in the class comment.
        if (missing > 0 && !required) {
            double share = share(missing, rows);
            deductions.add(new Deduction(points(COMPLETENESS_POINTS * share), name, missing + " of " + rows
                    + " rows (" + percent(share) + ") are missing: " + num(COMPLETENESS_POINTS) + " points x "
                    + percent(share)));
        }
        if (rowsBreakingRules > 0) {
            double share = share(rowsBreakingRules, rows);
            StringBuilder which = new StringBuilder();
            for (RuleViolation v : violations) {
                if (v.count() > 0) {
                    which.append(which.isEmpty() ? "" : ", ").append(v.rule()).append(' ').append(v.count());
                }
            }
            deductions.add(new Deduction(points(VALIDITY_POINTS * share), name, rowsBreakingRules + " of " + rows
                    + " rows (" + percent(share) + ") break a declared rule (" + which + "): "
                    + num(VALIDITY_POINTS) + " points x " + percent(share)));
        }
        if (schema.mismatches() > 0) {
            double share = share(schema.mismatches(), present);
            deductions.add(new Deduction(points(TYPE_MISMATCH_POINTS * share), name, schema.mismatches() + " of "
                    + present + " present values (" + percent(share) + ") are not " + schema.type()
                    + " like the rest: " + num(TYPE_MISMATCH_POINTS) + " points x " + percent(share)));
        }
        if (constant) {
            deductions.add(new Deduction(CONSTANT_POINTS, name, "every present row holds the same value, so the "
                    + "column tells nothing: " + num(CONSTANT_POINTS) + " points"));
        }
        if (outliers != null && outliers.count() > 0) {
            double raw = OUTLIER_POINTS_PER_SHARE * outliers.share();
            deductions.add(new Deduction(points(Math.min(OUTLIER_POINTS_MAX, raw)), name, outliers.count() + " of "
                    + numbers + " numbers (" + percent(outliers.share()) + ") lie outside the Tukey fences ["
                    + num(outliers.lowerFence()) + ", " + num(outliers.upperFence()) + "]: "
                    + num(OUTLIER_POINTS_PER_SHARE) + " points x " + percent(outliers.share()) + ", at most "
                    + num(OUTLIER_POINTS_MAX)));
        }
        return new ColumnQuality(name, schema.type().name(), present, missing, rows == 0 ? 1.0 : share(present, rows),
                schema.distinct(), share(schema.distinct(), present), constant, schema.mismatches(), violations,
                outliers);
    }

    /** The first rows carrying each flag, walking the rows only until every flag has its samples. */
    private static List<List<Integer>> sampleRows(Column column, int[] flagsOfCode, long[] rowsOfFlag) {
        List<List<Integer>> samples = new ArrayList<>();
        long wanted = 0;
        for (long r : rowsOfFlag) {
            samples.add(new ArrayList<>());
            wanted += Math.min(SAMPLE_ROWS, r);
        }
        for (int row = 0; row < column.size() && wanted > 0; row++) {
            int flags = flagsOfCode[column.code(row)];
            for (int f = 0; flags != 0 && f < rowsOfFlag.length; f++) {
                if ((flags & (1 << f)) != 0 && samples.get(f).size() < SAMPLE_ROWS) {
                    samples.get(f).add(row + 1);
                    wanted--;
                }
            }
        }
        return samples;
    }

    /** One declared rule, ready to test a value. */
    private record Check(String rule, String requirement, Predicate<String> violatedBy) {
    }

    private static Map<String, List<Check>> compile(DataTable table, QualityRules rules) {
        Map<String, List<Check>> out = new HashMap<>();
        for (Map.Entry<String, ColumnRule> e : rules.columns().entrySet()) {
            String column = e.getKey();
            String path = "rules.columns." + column;
            if (!table.has(column)) {
                throw new DataException(path, "rules name column '" + column + "', which the table does not have; "
                        + "columns are " + table.header());
            }
            ColumnRule rule = e.getValue();
            if (rule != null) {
                out.put(column, compile(rule, path));
            }
        }
        return out;
    }

    private static List<Check> compile(ColumnRule rule, String path) {
        List<Check> checks = new ArrayList<>();
        if (Boolean.TRUE.equals(rule.required())) {
            checks.add(new Check("required", "a value in every row", Column::isMissing));
        }
        Double min = finite(rule.min(), path + ".min");
        Double max = finite(rule.max(), path + ".max");
        if (min != null && max != null && min > max) {
            throw new DataException(path + ".min", "min " + num(min) + " is greater than max " + num(max)
                    + "; min must be at most max");
        }
        if (min != null || max != null) {
            checks.add(new Check("number", "a number (min or max is set)",
                    v -> !Column.isMissing(v) && Double.isNaN(Column.parseNumber(v))));
        }
        if (min != null) {
            double bound = min;
            checks.add(new Check("min", ">= " + num(bound), v -> Column.parseNumber(v) < bound));
        }
        if (max != null) {
            double bound = max;
            checks.add(new Check("max", "<= " + num(bound), v -> Column.parseNumber(v) > bound));
        }
        if (rule.regex() != null) {
            Pattern pattern = regex(rule.regex(), path + ".regex");
            checks.add(new Check("regex", "matches " + rule.regex(),
                    v -> !Column.isMissing(v) && !pattern.matcher(v).matches()));
        }
        if (rule.allowed() != null) {
            Set<String> allowed = allowed(rule.allowed(), path + ".allowed");
            checks.add(new Check("allowed", "one of " + describe(rule.allowed()),
                    v -> !Column.isMissing(v) && !allowed.contains(v)));
        }
        return checks;
    }

    private static Double finite(Double bound, String field) {
        if (bound != null && !Double.isFinite(bound)) {
            throw new DataException(field, "must be a finite number, not " + bound);
        }
        return bound;
    }

    private static Pattern regex(String regex, String field) {
        if (regex.length() > MAX_REGEX_LENGTH) {
            throw new DataException(field, "the regular expression has " + regex.length() + " characters; at most "
                    + MAX_REGEX_LENGTH + " are allowed");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new DataException(field, "not a valid Java regular expression (" + e.getDescription() + " near index "
                    + e.getIndex() + "); the whole value must match it, e.g. [A-Z]{2}\\d{4}");
        }
    }

    private static Set<String> allowed(List<String> values, String field) {
        if (values.isEmpty()) {
            throw new DataException(field, "allowed lists no value; list at least one, or leave it out to allow any");
        }
        Set<String> set = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new DataException(field + "[" + i + "]", "allowed values must be strings, not null");
            }
            set.add(values.get(i));
        }
        return set;
    }

    private static String describe(List<String> values) {
        int shown = Math.min(values.size(), 10);
        String head = String.join(", ", values.subList(0, shown));
        return "[" + head + (values.size() > shown ? ", ... (" + values.size() + " values)" : "") + "]";
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static double points(double raw) {
        return round2(raw);
    }

    private static double round2(double x) {
        return BigDecimal.valueOf(x).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    private static String percent(double share) {
        return num(share * 100) + "%";
    }

    /** A number for a reason text: two decimals at most (three significant digits below 1), no trailing zeros. */
    static String num(double x) {
        BigDecimal d = BigDecimal.valueOf(x);
        d = Math.abs(x) >= 1 || x == 0 ? d.setScale(2, RoundingMode.HALF_UP) : d.round(new MathContext(3));
        return d.stripTrailingZeros().toPlainString();
    }
}
