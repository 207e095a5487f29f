package io.custos.data.risk;

import io.custos.data.DataException;
import io.custos.data.pii.ColumnPii;
import io.custos.data.pii.PiiFinding;
import io.custos.data.pii.PiiScanner;
import io.custos.data.pii.PiiType;
import io.custos.data.risk.RiskReport.ColumnRisk;
import io.custos.data.risk.RiskReport.JournalistRisk;
import io.custos.data.risk.RiskReport.KAnonymity;
import io.custos.data.risk.RiskReport.LDiversity;
import io.custos.data.risk.RiskReport.OverallRisk;
import io.custos.data.risk.RiskReport.ProsecutorRisk;
import io.custos.data.risk.RiskReport.QiCombination;
import io.custos.data.risk.RiskReport.RiskFactor;
import io.custos.data.table.Column;
import io.custos.data.table.ColumnSchema;
import io.custos.data.table.ColumnType;
import io.custos.data.table.DataTable;
import io.custos.data.table.Partition;
import io.custos.data.table.SchemaInference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Computes a {@link RiskReport}. Everything works on dictionary codes and class ids (int arrays),
 * never on per-row objects, so a million rows of twenty columns take seconds: a column's
 * statistics come from its value counts, and equivalence classes from {@link Partition}.
 *
 * <p><b>Quasi-identifier candidates</b> (used when the options give none): columns whose header
 * mentions age, sex/gender, zip/postcode, birth/dob, race/ethnicity, marital, occupation/job/
 * profession, city/town/country, nationality/citizenship, religion or education, or that hold
 * dates (or dates of birth found by the PII scanner); never a constant column, never a column
 * holding direct-identifier PII in most rows, and never a near-unique (90%+) column that is not a
 * number, date or postcode (that is an identifier: drop it).
 *
 * <p><b>l-diversity</b> uses l = {@value #REQUIRED_L}: a class with one sensitive value discloses
 * it. distinct-l is the fewest distinct sensitive values in a class; entropy-l is exp of the
 * lowest class entropy. <b>Journalist risk</b> estimates each class's population as
 * max(size, size / populationFraction), a simple estimate; without a fraction it equals
 * prosecutor risk and the report says so.
 *
 * <p><b>Overall score</b> (0-100) is the highest of these factors, each scored on its own:
 * direct-identifier PII in a column 100 (dates of birth only: 60); an identifier column 90;
 * records unique on the quasi-identifiers 60 + 40 x min(1, share / 10%); records in classes below
 * k 25 + 50 x min(1, share / 20%); records in classes with one sensitive value 25 + 45 x min(1,
 * share / 20%). HIGH from 60, MEDIUM from 25, else LOW. Prosecutor risk is what is scored (the
 * conservative attacker, who knows the person is in the data).
 */
public final class RiskAnalyzer {

    /** Most quasi-identifier combinations evaluated; each costs one pass over the rows. */
    public static final int MAX_COMBINATIONS = 120;

    /** Most combinations listed in the report (the riskiest). */
    public static final int REPORTED_COMBINATIONS = 25;

    /** The l of l-diversity: a class with a single sensitive value discloses it. */
    public static final int REQUIRED_L = 2;

    public static final int MAX_COMBINATION_SIZE = 4;

    private RiskAnalyzer() {
    }

    /** What is known about one column before the quasi-identifiers are chosen. */
    private record ColumnFacts(Column column, ColumnSchema schema, long distinct, double uniqueness, ColumnPii pii,
            HeaderCues.Cue cue, long directPiiRows, boolean birthDates, boolean candidate, String reason) {

        String name() {
            return column.name();
        }

        boolean nearUnique() {
            return uniqueness >= RiskScoring.NEAR_UNIQUE && distinct > 1;
        }
    }

    public static RiskReport analyze(DataTable table, RiskOptions options) {
        RiskOptions o = options == null ? RiskOptions.defaults() : options;
        validate(table, o);
        PiiScanner scanner = scanner(o.phoneRegion());
        int rows = table.rows();
        Map<String, ColumnPii> piiByColumn = new HashMap<>();
        for (ColumnPii p : scanner.scan(table)) {
            piiByColumn.put(p.column(), p);
        }
        List<ColumnFacts> facts = new ArrayList<>();
        for (Column c : table.columns()) {
            facts.add(facts(c, rows, piiByColumn.get(c.name())));
        }
        List<String> notes = new ArrayList<>();
        List<String> qis;
        String source;
        if (o.quasiIdentifiers() != null) {
            qis = o.quasiIdentifiers();
            source = "given";
        } else {
            qis = facts.stream().filter(ColumnFacts::candidate).map(ColumnFacts::name).toList();
            source = "detected";
        }
        int k = o.k();
        KAnonymity kAnonymity = null;
        LDiversity lDiversity = null;
        ProsecutorRisk prosecutor = null;
        JournalistRisk journalist = null;
        List<QiCombination> combinations = List.of();
        int evaluated = 0;
        long possible = 0;
        if (rows == 0) {
            notes.add("the table has no rows: there is nothing to re-identify");
        } else if (qis.isEmpty()) {
            notes.add("no quasi-identifiers " + ("given".equals(source) ? "were given" : "were detected")
                    + ": k-anonymity, l-diversity and prosecutor/journalist risk"
                    + " are not computed; name them in quasiIdentifiers to get these figures");
        } else {
            int[][] qiCodes = new int[qis.size()][];
            int[] qiCodeCounts = new int[qis.size()];
            Partition classes = Partition.single(rows);
            for (int i = 0; i < qis.size(); i++) {
                Column c = table.column(qis.get(i));
                qiCodes[i] = c.codes();
                qiCodeCounts[i] = c.distinct();
                classes = classes.refine(qiCodes[i], qiCodeCounts[i]);
            }
            int[] sizes = classes.sizes();
            kAnonymity = kAnonymity(sizes, rows, k);
            prosecutor = prosecutor(sizes, rows, k);
            journalist = journalist(sizes, rows, k, o.populationFraction(), prosecutor);
            if (o.sensitive() != null) {
                Column s = table.column(o.sensitive());
                lDiversity = lDiversity(classes, sizes, s.codes(), s.distinct(), o.sensitive(), rows);
            }
            int maxSize = Math.min(o.maxCombinationSize(), qis.size());
            for (int size = 1; size <= maxSize; size++) {
                possible += binomial(qis.size(), size);
            }
            List<QiCombination> all = combinations(qis, qiCodes, qiCodeCounts, facts, maxSize, rows);
            evaluated = all.size();
            if (evaluated < possible) {
                notes.add("only " + evaluated + " of " + possible + " quasi-identifier combinations were evaluated"
                        + " (the cap is " + MAX_COMBINATIONS + "), those of the most unique columns first");
            }
            combinations = all.subList(0, Math.min(REPORTED_COMBINATIONS, all.size()));
        }
        if (o.sensitive() != null && lDiversity == null && rows > 0) {
            notes.add("l-diversity of '" + o.sensitive() + "' needs quasi-identifiers to form classes");
        }
        if (journalist != null) {
            notes.add(journalist.estimate());
        }
        Set<String> chosen = new HashSet<>(qis);
        boolean kFails = kAnonymity != null && !kAnonymity.satisfied();
        List<ColumnRisk> columns = new ArrayList<>();
        for (ColumnFacts f : facts) {
            columns.add(columnRisk(f, chosen.contains(f.name()) && kFails));
        }
        OverallRisk overall = overall(facts, qis, kAnonymity, lDiversity, k);
        List<String> actions = recommendedActions(columns, qis, kAnonymity, lDiversity, k);
        return new RiskReport(rows, columns, List.copyOf(qis), source, k, combinations, evaluated, possible,
                kAnonymity, lDiversity, prosecutor, journalist, overall, actions, notes);
    }

    // ---------------------------------------------------------------- validation

    private static void validate(DataTable table, RiskOptions o) {
        List<String> qis = o.quasiIdentifiers();
        if (qis != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < qis.size(); i++) {
                String field = "quasiIdentifiers[" + i + "]";
                String name = qis.get(i);
                if (name == null || name.isBlank()) {
                    throw new DataException(field, "a column name is required; columns are " + table.header());
                }
                requireColumn(table, name, field);
                if (!seen.add(name)) {
                    throw new DataException(field, "column '" + name + "' is listed twice");
                }
            }
        }
        if (o.sensitive() != null) {
            requireColumn(table, o.sensitive(), "sensitive");
            if (qis != null && qis.contains(o.sensitive())) {
                throw new DataException("sensitive", "column '" + o.sensitive()
                        + "' is also a quasi-identifier; the sensitive column must be another column");
            }
        }
        if (o.k() < 2) {
            throw new DataException("k", "k must be an integer of at least 2 (got " + o.k() + ")");
        }
        Double f = o.populationFraction();
        if (f != null && !(f > 0 && f <= 1)) {
            throw new DataException("populationFraction", "populationFraction must be in (0, 1] (got " + f
                    + "); leave it out when the dataset is the whole population");
        }
        if (o.maxCombinationSize() < 1 || o.maxCombinationSize() > MAX_COMBINATION_SIZE) {
            throw new DataException("maxCombinationSize", "maxCombinationSize must be between 1 and "
                    + MAX_COMBINATION_SIZE + " (got " + o.maxCombinationSize() + ")");
        }
    }

    private static void requireColumn(DataTable table, String name, String field) {
        if (!table.has(name)) {
            throw new DataException(field, "column '" + name + "' does not exist; columns are " + table.header());
        }
    }

    private static PiiScanner scanner(String region) {
        try {
            return new PiiScanner(region);
        } catch (DataException e) {
            throw new DataException("phoneRegion", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- columns

    private static ColumnFacts facts(Column c, int rows, ColumnPii pii) {
        ColumnSchema schema = SchemaInference.infer(c);
        long uniqueRows = 0;
        long distinct = 0;
        int[] counts = c.counts();
        for (int code = 0; code < counts.length; code++) {
            if (counts[code] == 1) {
                uniqueRows++;
            }
            // Counted here rather than taken from the schema: after rows are dropped a dictionary
            // can still hold values no row has.
            if (counts[code] > 0 && !Column.isMissing(c.dictionary().get(code))) {
                distinct++;
            }
        }
        double uniqueness = rows == 0 ? 0 : (double) uniqueRows / rows;
        if (pii == null) {
            pii = new ColumnPii(c.name(), 0, List.of());
        }
        long directRows = 0;
        boolean birthDates = false;
        PiiType directType = null;
        for (PiiFinding f : pii.findings()) {
            if (RiskScoring.DIRECT.contains(f.type()) && f.count() > directRows) {
                directRows = f.count();
                directType = f.type();
            }
            birthDates |= f.type() == PiiType.DATE_OF_BIRTH;
        }
        HeaderCues.Cue cue = HeaderCues.quasiIdentifierCue(c.name());
        long present = rows - schema.missing();
        boolean candidate = false;
        String reason;
        boolean generalisable = schema.type().numeric() || schema.type() == ColumnType.DATE || birthDates
                || (cue != null && cue.kind() == HeaderCues.Kind.POSTCODE);
        if (distinct <= 1) {
            reason = distinct == 0 ? "no values" : "constant: every present value is the same";
        } else if (directType != null && 2 * directRows > present) {
            reason = "holds " + directType + " values: a direct identifier, to redact rather than generalise";
        } else if (cue == null && schema.type() != ColumnType.DATE && !birthDates) {
            reason = "no quasi-identifier cue in the header (age, sex, postcode, birth, ...) and not a date";
        } else if (uniqueness >= RiskScoring.NEAR_UNIQUE && !generalisable) {
            reason = "near-unique (" + percent(uniqueness) + " of rows): an identifier rather than a quasi-identifier";
        } else {
            candidate = true;
            reason = (cue != null ? "header mentions '" + cue.word() + "'"
                    : birthDates ? "holds dates of birth" : "a date (dates of events are quasi-identifiers)")
                    + "; " + distinct + " distinct values";
        }
        return new ColumnFacts(c, schema, distinct, uniqueness, pii, cue, directRows, birthDates, candidate, reason);
    }

    /**
     * Level and actions of a column. {@code generaliseAsQi}: the column is a chosen quasi-identifier
     * and the data misses k, so it should be generalised.
     */
    private static ColumnRisk columnRisk(ColumnFacts f, boolean generaliseAsQi) {
        RiskLevel level = RiskLevel.LOW;
        List<String> actions = new ArrayList<>();
        ColumnType type = f.schema().type();
        for (PiiFinding p : f.pii().findings()) {
            if (p.type() == PiiType.DATE_OF_BIRTH && type == ColumnType.DATE) {
                actions.add("truncate dates to year");
                level = max(level, RiskLevel.MEDIUM);
            } else {
                actions.add("redact " + p.type() + " values");
                level = max(level, RiskScoring.DIRECT.contains(p.type()) ? RiskLevel.HIGH : RiskLevel.MEDIUM);
            }
        }
        if (f.pii().findings().isEmpty() && !f.candidate() && f.nearUnique()) {
            String action = nearUniqueAction(f);
            actions.add(action);
            level = max(level, action.startsWith("drop") ? RiskLevel.HIGH : RiskLevel.MEDIUM);
        }
        if (generaliseAsQi) {
            String action = generaliseAction(f);
            if (action != null && !actions.contains(action)) {
                actions.add(action);
            }
            level = max(level, RiskLevel.MEDIUM);
        }
        return new ColumnRisk(f.name(), type, f.distinct(), f.schema().missing(), f.uniqueness(),
                f.pii().rowsWithPii(), f.pii().findings(), f.candidate(), f.reason(), level, List.copyOf(actions));
    }

    /** Near-unique numbers and dates lose detail; anything else near-unique is an identifier. */
    private static String nearUniqueAction(ColumnFacts f) {
        ColumnType type = f.schema().type();
        if (type == ColumnType.DECIMAL || (type == ColumnType.INTEGER && !HeaderCues.namesIdentifier(f.name()))) {
            return "generalise: numeric bins";
        }
        if (type == ColumnType.DATE) {
            return "truncate dates to month";
        }
        return "drop column: " + percent(f.uniqueness()) + " unique";
    }

    private static boolean isIdentifierColumn(ColumnFacts f) {
        return f.pii().findings().isEmpty() && !f.candidate() && f.nearUnique()
                && nearUniqueAction(f).startsWith("drop");
    }

    private static String generaliseAction(ColumnFacts f) {
        ColumnType type = f.schema().type();
        if (f.cue() != null && f.cue().kind() == HeaderCues.Kind.POSTCODE) {
            return "truncate postcode";
        }
        if (type == ColumnType.DATE) {
            boolean birth = f.birthDates() || (f.cue() != null && f.cue().kind() == HeaderCues.Kind.BIRTH_DATE);
            return birth ? "truncate dates to year" : "truncate dates to month";
        }
        if (type.numeric()) {
            return "generalise: numeric bins";
        }
        return f.distinct() > 2 ? "generalise: group categories" : null;
    }

    private static RiskLevel max(RiskLevel a, RiskLevel b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    // ---------------------------------------------------------------- k-anonymity and risk

    private static KAnonymity kAnonymity(int[] sizes, int rows, int k) {
        int min = Integer.MAX_VALUE;
        long singletons = 0;
        long below = 0;
        int classesBelow = 0;
        for (int s : sizes) {
            min = Math.min(min, s);
            if (s == 1) {
                singletons++;
            }
            if (s < k) {
                below += s;
                classesBelow++;
            }
        }
        return new KAnonymity(min, k, min >= k, sizes.length, singletons, (double) singletons / rows, classesBelow,
                below, (double) below / rows);
    }

    private static ProsecutorRisk prosecutor(int[] sizes, int rows, int k) {
        int min = Integer.MAX_VALUE;
        long above = 0;
        for (int s : sizes) {
            min = Math.min(min, s);
            if (s < k) {
                above += s;
            }
        }
        return new ProsecutorRisk(1.0 / min, (double) sizes.length / rows, 1.0 / k, above, (double) above / rows);
    }

    private static JournalistRisk journalist(int[] sizes, int rows, int k, Double fraction, ProsecutorRisk p) {
        if (fraction == null) {
            return new JournalistRisk(null, true, p.max(), p.average(), p.threshold(), p.recordsAboveThreshold(),
                    p.recordsAboveThresholdShare(), "no populationFraction given: the dataset is taken to be the"
                            + " whole population, so journalist risk equals prosecutor risk");
        }
        double max = 0;
        double sum = 0;
        long above = 0;
        for (int s : sizes) {
            double population = Math.max(s, s / fraction);
            max = Math.max(max, 1 / population);
            sum += s / population;
            if (population < k) {
                above += s;
            }
        }
        return new JournalistRisk(fraction, false, max, sum / rows, 1.0 / k, above, (double) above / rows,
                "journalist risk with populationFraction " + fraction + ": each class's population size is"
                        + " estimated as max(class size, class size / populationFraction), a simple estimate"
                        + " (no super-population model), and a record's risk is 1 / that size");
    }

    private static LDiversity lDiversity(Partition classes, int[] sizes, int[] sensitiveCodes, int sensitiveDistinct,
            String sensitive, int rows) {
        // Sub-classes of (class, sensitive value): their count per class is its distinct l, their
        // sizes give its entropy.
        Partition split = classes.refine(sensitiveCodes, sensitiveDistinct);
        int[] splitSizes = split.sizes();
        int[] parent = new int[split.classCount()];
        for (int r = 0; r < rows; r++) {
            parent[split.classOf(r)] = classes.classOf(r);
        }
        int[] distinct = new int[sizes.length];
        double[] entropy = new double[sizes.length];
        for (int sub = 0; sub < splitSizes.length; sub++) {
            int c = parent[sub];
            distinct[c]++;
            double p = (double) splitSizes[sub] / sizes[c];
            entropy[c] -= p * Math.log(p);
        }
        int minDistinct = Integer.MAX_VALUE;
        double minEntropy = Double.MAX_VALUE;
        int violating = 0;
        long violatingRecords = 0;
        for (int c = 0; c < sizes.length; c++) {
            minDistinct = Math.min(minDistinct, distinct[c]);
            minEntropy = Math.min(minEntropy, entropy[c]);
            if (distinct[c] < REQUIRED_L) {
                violating++;
                violatingRecords += sizes[c];
            }
        }
        return new LDiversity(sensitive, REQUIRED_L, minDistinct, Math.exp(minEntropy), violating, violatingRecords,
                (double) violatingRecords / rows);
    }

    // ---------------------------------------------------------------- combinations

    /**
     * Uniqueness of every combination of 1..maxSize quasi-identifiers, up to {@link #MAX_COMBINATIONS}:
     * smaller combinations first, and within a size those of the most unique columns first. A
     * combination refines the partition of its prefix, kept on a stack, so each costs about one pass.
     */
    private static List<QiCombination> combinations(List<String> qis, int[][] codes, int[] codeCounts,
            List<ColumnFacts> facts, int maxSize, int rows) {
        Map<String, Double> uniqueness = new HashMap<>();
        facts.forEach(f -> uniqueness.put(f.name(), f.uniqueness()));
        Integer[] ranked = new Integer[qis.size()];
        for (int i = 0; i < ranked.length; i++) {
            ranked[i] = i;
        }
        Arrays.sort(ranked, Comparator.comparingDouble((Integer i) -> -uniqueness.get(qis.get(i)))
                .thenComparingInt(i -> i));
        List<QiCombination> out = new ArrayList<>();
        outer:
        for (int size = 1; size <= maxSize; size++) {
            int[] combo = new int[size];
            for (int i = 0; i < size; i++) {
                combo[i] = i;
            }
            Partition[] prefix = new Partition[size];
            int valid = 0; // prefix[0..valid-1] match the current combo
            int[] previous = null;
            while (true) {
                if (out.size() >= MAX_COMBINATIONS) {
                    break outer;
                }
                if (previous != null) {
                    valid = 0;
                    while (valid < size - 1 && previous[valid] == combo[valid]) {
                        valid++;
                    }
                    valid = Math.min(valid, size - 1);
                }
                for (int j = valid; j < size; j++) {
                    int q = ranked[combo[j]];
                    Partition base = j == 0 ? Partition.single(rows) : prefix[j - 1];
                    prefix[j] = base.refine(codes[q], codeCounts[q]);
                }
                valid = size;
                int[] sizes = prefix[size - 1].sizes();
                long unique = 0;
                for (int s : sizes) {
                    if (s == 1) {
                        unique++;
                    }
                }
                int[] members = new int[size];
                for (int j = 0; j < size; j++) {
                    members[j] = ranked[combo[j]];
                }
                Arrays.sort(members);
                List<String> names = new ArrayList<>();
                for (int m : members) {
                    names.add(qis.get(m));
                }
                out.add(new QiCombination(names, sizes.length, unique, (double) unique / rows));
                previous = combo.clone();
                if (!nextCombination(combo, qis.size())) {
                    break;
                }
            }
        }
        out.sort(Comparator.comparingLong(QiCombination::uniqueRows).reversed()
                .thenComparingInt(c -> c.columns().size())
                .thenComparing(Comparator.comparingInt(QiCombination::classes).reversed()));
        return out;
    }

    /** The next combination in lexicographic order; false after the last. */
    private static boolean nextCombination(int[] combo, int n) {
        int k = combo.length;
        int i = k - 1;
        while (i >= 0 && combo[i] == n - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        combo[i]++;
        for (int j = i + 1; j < k; j++) {
            combo[j] = combo[j - 1] + 1;
        }
        return true;
    }

    private static long binomial(int n, int k) {
        long r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }

    // ---------------------------------------------------------------- overall

    private static OverallRisk overall(List<ColumnFacts> facts, List<String> qis, KAnonymity kAnonymity,
            LDiversity lDiversity, int k) {
        List<RiskFactor> factors = new ArrayList<>();
        for (ColumnFacts f : facts) {
            if (f.directPiiRows() > 0) {
                PiiFinding top = f.pii().findings().stream().filter(p -> RiskScoring.DIRECT.contains(p.type()))
                        .max(Comparator.comparingLong(PiiFinding::count)).orElseThrow();
                factors.add(new RiskFactor("pii", RiskScoring.DIRECT_PII, "column '" + f.name() + "': " + top.type()
                        + " in " + top.count() + " rows"));
            } else if (f.birthDates()) {
                factors.add(new RiskFactor("pii", RiskScoring.BIRTH_DATE_PII, "column '" + f.name()
                        + "': dates of birth"));
            } else if (isIdentifierColumn(f)) {
                factors.add(new RiskFactor("identifier", RiskScoring.IDENTIFIER_COLUMN, "column '" + f.name()
                        + "' is " + percent(f.uniqueness()) + " unique: its values single out rows"));
            }
        }
        if (kAnonymity != null) {
            int unique = RiskScoring.singletons(kAnonymity.singletonShare());
            if (unique > 0) {
                factors.add(new RiskFactor("unique_records", unique, "records unique on " + qis + ": "
                        + kAnonymity.singletonRecords() + " (" + percent(kAnonymity.singletonShare()) + ")"));
            }
            int below = RiskScoring.belowK(kAnonymity.recordsBelowKShare());
            if (below > 0) {
                factors.add(new RiskFactor("below_k", below, "records in classes smaller than k=" + k + " on " + qis
                        + ": " + kAnonymity.recordsBelowK() + " (" + percent(kAnonymity.recordsBelowKShare()) + ")"));
            }
        }
        if (lDiversity != null) {
            int points = RiskScoring.lDiversity(lDiversity.recordsInViolatingClassesShare());
            if (points > 0) {
                factors.add(new RiskFactor("l_diversity", points, "classes with a single '" + lDiversity.sensitive()
                        + "' value: " + lDiversity.classesViolating() + ", holding "
                        + records(lDiversity.recordsInViolatingClasses()) + " ("
                        + percent(lDiversity.recordsInViolatingClassesShare()) + ")"));
            }
        }
        factors.sort(Comparator.comparingInt(RiskFactor::points).reversed());
        int score = factors.isEmpty() ? 0 : factors.get(0).points();
        return new OverallRisk(RiskLevel.ofScore(score), score, List.copyOf(factors));
    }

    private static List<String> recommendedActions(List<ColumnRisk> columns, List<String> qis, KAnonymity kAnonymity,
            LDiversity lDiversity, int k) {
        List<String> out = new ArrayList<>();
        for (RiskLevel level : List.of(RiskLevel.HIGH, RiskLevel.MEDIUM)) {
            for (ColumnRisk c : columns) {
                if (c.level() != level) {
                    continue;
                }
                for (String a : c.actions()) {
                    out.add("column '" + c.name() + "': " + a + " (step " + stepFor(a) + ")");
                }
            }
        }
        if (kAnonymity != null && !kAnonymity.satisfied()) {
            if (kAnonymity.recordsBelowKShare() <= 0.05) {
                out.add("suppress the " + records(kAnonymity.recordsBelowK()) + " in classes smaller than k=" + k
                        + " on " + qis + " (step suppress_small_classes)");
            } else {
                out.add("generalise " + qis + " until k=" + k + " is reached, suppressing at most 5% of records"
                        + " (step generalise_to_k)");
            }
        }
        if (lDiversity != null && lDiversity.classesViolating() > 0) {
            out.add("l-diversity: " + lDiversity.classesViolating() + " classes have a single '"
                    + lDiversity.sensitive() + "' value; generalise the quasi-identifiers further or suppress these"
                    + " classes (steps generalise_to_k, suppress_small_classes)");
        }
        return out;
    }

    private static String stepFor(String action) {
        if (action.startsWith("redact")) {
            return "redact_pii";
        }
        if (action.startsWith("drop")) {
            return "drop_columns";
        }
        return "generalise";
    }

    // ---------------------------------------------------------------- helpers

    private static String records(long n) {
        return n == 1 ? "1 record" : n + " records";
    }

    /** A share as a percentage for messages: one decimal below 10%, never rounded up to 100%. */
    static String percent(double share) {
        double p = share * 100;
        if (p > 0 && p < 0.1) {
            return "<0.1%";
        }
        if (p > 0 && p < 10) {
            return String.format(Locale.ROOT, "%.1f%%", p);
        }
        return (share < 1 ? (int) Math.floor(p) : 100) + "%";
    }
}
