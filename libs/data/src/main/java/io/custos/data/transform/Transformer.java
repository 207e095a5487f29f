package io.custos.data.transform;

import io.custos.data.DataException;
import io.custos.data.pii.PiiMatch;
import io.custos.data.pii.PiiScanner;
import io.custos.data.pii.PiiType;
import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import io.custos.data.table.EquivalenceClasses;
import io.custos.data.table.SchemaInference;
import io.custos.data.transform.TransformStep.ClipMethod;
import io.custos.data.transform.TransformStep.ClipOutliers;
import io.custos.data.transform.TransformStep.DropColumns;
import io.custos.data.transform.TransformStep.DropHighUniqueness;
import io.custos.data.transform.TransformStep.Generalise;
import io.custos.data.transform.TransformStep.GeneraliseToK;
import io.custos.data.transform.TransformStep.RedactPii;
import io.custos.data.transform.TransformStep.RedactionMode;
import io.custos.data.transform.TransformStep.SuppressSmallClasses;
import io.custos.data.transform.TransformStep.SuppressionMode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Applies transform steps in order. All steps are checked against the table first (shapes,
 * columns as earlier steps leave them, data types, the FF1 key), so a bad step anywhere fails the
 * request before anything runs; the input table is never modified, so a step that fails while
 * running (a k that cannot be reached) leaves nothing behind either.
 */
public final class Transformer {

    /** Most decimals a clip bound is given with. */
    private static final int MAX_BOUND_SCALE = 6;

    private Transformer() {
    }

    public static TransformResult apply(DataTable table, List<TransformStep> steps, TransformContext context) {
        if (steps == null) {
            throw new DataException("steps", "required: a list of transform steps");
        }
        TransformContext ctx = context == null ? new TransformContext(null, null) : context;
        StepRules.checkAgainstTable(table, steps, ctx);
        PiiScanner scanner = steps.stream().anyMatch(s -> s instanceof RedactPii) ? scanner(ctx) : null;
        DataTable current = table;
        List<StepOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            TransformStep step = steps.get(i);
            String f = "steps[" + i + "]";
            StepRules.checkColumnsNow(step, f, current);
            Map<String, Object> details = new LinkedHashMap<>();
            if (step instanceof RedactPii r) {
                current = redact(current, r, scanner, ctx, details);
            } else if (step instanceof ClipOutliers c) {
                current = clip(current, c, details);
            } else if (step instanceof DropColumns d) {
                current = current.without(new HashSet<>(d.columns()));
                details.put("dropped", d.columns());
                details.put("columnsLeft", current.columns().size());
            } else if (step instanceof DropHighUniqueness d) {
                current = dropHighUniqueness(current, d, f, details);
            } else if (step instanceof Generalise g) {
                current = generalise(current, g, f, details);
            } else if (step instanceof GeneraliseToK g) {
                current = generaliseToK(current, g, f, details);
            } else if (step instanceof SuppressSmallClasses s) {
                current = suppress(current, s, details);
            }
            outcomes.add(new StepOutcome(i, TransformSteps.typeName(step), details));
        }
        return new TransformResult(current, List.copyOf(outcomes));
    }

    private static PiiScanner scanner(TransformContext ctx) {
        try {
            return new PiiScanner(ctx.phoneRegion());
        } catch (DataException e) {
            throw new DataException("phoneRegion", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- redact_pii

    /** Kinds redacted as a whole value: a name, or a date in a date-of-birth column. */
    private static boolean wholeValue(PiiType type, String column) {
        if (type == PiiType.PERSON_NAME) {
            return true;
        }
        if (type != PiiType.DATE_OF_BIRTH) {
            return false;
        }
        // The words of the header, as the PII scanner reads a date-of-birth column's header.
        String spaced = column.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Arrays.stream(spaced.split("[^\\p{L}\\p{N}]+"))
                .anyMatch(w -> w.equals("dob") || w.equals("born") || w.contains("birth"));
    }

    private static DataTable redact(DataTable table, RedactPii step, PiiScanner scanner, TransformContext ctx,
            Map<String, Object> details) {
        Set<PiiType> types = step.types() == null ? EnumSet.allOf(PiiType.class) : EnumSet.copyOf(step.types());
        List<String> columns = step.columns() != null ? step.columns() : table.header();
        char mask = step.maskChar().charAt(0);
        FormatPreservingCipher cipher = step.mode() == RedactionMode.FORMAT_PRESERVING
                ? new FormatPreservingCipher(ctx.fpeKey()) : null;
        Map<String, Object> perColumn = new LinkedHashMap<>();
        long rowsChanged = 0;
        DataTable out = table;
        for (String name : columns) {
            Column c = table.column(name);
            int[] counts = c.counts();
            Map<PiiType, Long> rowsByType = new EnumMap<>(PiiType.class);
            long maskedRows = 0;
            long changed = 0;
            // Scanning and FF1 (tens of microseconds a value) run once per distinct value, in
            // parallel: the scanner and the cipher are stateless.
            List<String> dictionary = c.dictionary();
            int[] typesOfCode = new int[counts.length];
            Redaction[] byCode = new Redaction[counts.length];
            IntStream.range(0, counts.length).parallel().forEach(code -> {
                if (counts[code] == 0) {
                    return;
                }
                String v = dictionary.get(code);
                List<PiiMatch> matches = scanner.find(v, name).stream().filter(m -> types.contains(m.type())).toList();
                if (!matches.isEmpty()) {
                    for (PiiMatch m : matches) {
                        typesOfCode[code] |= 1 << m.type().ordinal();
                    }
                    byCode[code] = redactValue(v, matches, name, mask, cipher);
                }
            });
            Map<String, String> redacted = new HashMap<>();
            for (int code = 0; code < counts.length; code++) {
                Redaction r = byCode[code];
                if (r == null) {
                    continue;
                }
                for (PiiType t : PiiType.values()) {
                    if ((typesOfCode[code] & (1 << t.ordinal())) != 0) {
                        rowsByType.merge(t, (long) counts[code], Long::sum);
                    }
                }
                if (r.masked()) {
                    maskedRows += counts[code];
                }
                String v = dictionary.get(code);
                if (!r.text().equals(v)) {
                    redacted.put(v, r.text());
                    changed += counts[code];
                }
            }
            if (!redacted.isEmpty()) {
                out = out.with(name, c.mapValues(v -> redacted.getOrDefault(v, v)));
            }
            if (!rowsByType.isEmpty()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("rowsChanged", changed);
                d.put("rowsByType", rowsByType);
                if (cipher != null) {
                    d.put("rowsPartlyMasked", maskedRows);
                }
                perColumn.put(name, d);
            }
            rowsChanged += changed;
        }
        details.put("mode", step.mode() == RedactionMode.MASK ? "mask" : "format_preserving");
        details.put("maskChar", step.maskChar());
        details.put("types", types.stream().map(Enum::name).toList());
        details.put("columnsScanned", columns.size());
        if (cipher != null) {
            details.put("cipher", "FF1 (NIST SP 800-38G) with AES-256, empty tweak; ASCII digits radix 10 and"
                    + " letters radix 26 per match, masked when fewer than 6 digits or 5 letters");
        }
        details.put("rowsChanged", rowsChanged);
        details.put("columns", perColumn);
        return out;
    }

    private record Redaction(String text, boolean masked) {
    }

    private static Redaction redactValue(String value, List<PiiMatch> matches, String column, char mask,
            FormatPreservingCipher cipher) {
        List<int[]> spans = new ArrayList<>();
        for (PiiMatch m : matches) {
            if (wholeValue(m.type(), column)) {
                spans = List.of(new int[] {0, value.length()});
                break;
            }
            spans.add(new int[] {m.start(), m.end()});
        }
        StringBuilder sb = new StringBuilder(value);
        boolean masked = false;
        for (int[] s : spans) {
            String part = value.substring(s[0], s[1]);
            String replacement;
            if (cipher == null) {
                replacement = String.valueOf(mask).repeat(part.length());
            } else {
                FormatPreservingCipher.Encrypted e = cipher.encrypt(part, mask);
                replacement = e.text();
                masked |= e.masked();
            }
            sb.replace(s[0], s[1], replacement);
        }
        return new Redaction(sb.toString(), masked);
    }

    // ---------------------------------------------------------------- clip_outliers

    private static DataTable clip(DataTable table, ClipOutliers step, Map<String, Object> details) {
        details.put("method", step.method() == ClipMethod.STD ? "std" : "iqr");
        details.put("factor", step.factor());
        Map<String, Object> perColumn = new LinkedHashMap<>();
        DataTable out = table;
        for (String name : step.columns()) {
            Column c = table.column(name);
            ClipBounds b = ClipBounds.of(c, step.method(), step.factor());
            Map<String, Object> d = new LinkedHashMap<>();
            if (b == null) {
                d.put("skipped", "fewer than 2 numbers");
                perColumn.put(name, d);
                continue;
            }
            int scale = Math.min(MAX_BOUND_SCALE, b.scale());
            // Bounds rounded inwards to the column's decimals, so a clipped value looks like the others.
            BigDecimal lower = BigDecimal.valueOf(b.lower()).setScale(scale, RoundingMode.CEILING);
            BigDecimal upper = BigDecimal.valueOf(b.upper()).setScale(scale, RoundingMode.FLOOR);
            if (upper.compareTo(lower) < 0) {
                upper = lower;
            }
            double lo = lower.doubleValue();
            double hi = upper.doubleValue();
            String loText = Generalisers.number(lower);
            String hiText = Generalisers.number(upper);
            int[] counts = c.counts();
            long clippedLow = 0;
            long clippedHigh = 0;
            for (int code = 0; code < counts.length; code++) {
                double v = Column.parseNumber(c.dictionary().get(code));
                if (v < lo) {
                    clippedLow += counts[code];
                } else if (v > hi) {
                    clippedHigh += counts[code];
                }
            }
            if (clippedLow + clippedHigh > 0) {
                out = out.with(name, c.mapValues(v -> {
                    double x = Column.parseNumber(v);
                    return x < lo ? loText : x > hi ? hiText : v;
                }));
            }
            d.putAll(b.parameters());
            d.put("computedLower", b.lower());
            d.put("computedUpper", b.upper());
            d.put("lower", lower.doubleValue());
            d.put("upper", upper.doubleValue());
            d.put("clippedLow", clippedLow);
            d.put("clippedHigh", clippedHigh);
            d.put("clipped", clippedLow + clippedHigh);
            perColumn.put(name, d);
        }
        details.put("columns", perColumn);
        return out;
    }

    // ---------------------------------------------------------------- drop_high_uniqueness

    private static DataTable dropHighUniqueness(DataTable table, DropHighUniqueness step, String f,
            Map<String, Object> details) {
        Set<String> exclude = new HashSet<>(step.exclude());
        List<Map<String, Object>> dropped = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Column c : table.columns()) {
            if (exclude.contains(c.name())) {
                continue;
            }
            int[] counts = c.counts();
            long present = 0;
            long distinct = 0;
            for (int code = 0; code < counts.length; code++) {
                if (counts[code] > 0 && !Column.isMissing(c.dictionary().get(code))) {
                    present += counts[code];
                    distinct++;
                }
            }
            double share = present == 0 ? 0 : (double) distinct / present;
            if (present > 0 && share >= step.threshold()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("column", c.name());
                d.put("distinctShare", share);
                dropped.add(d);
                names.add(c.name());
            }
        }
        if (names.size() == table.columns().size()) {
            throw new DataException(f + ".threshold", "every column reaches the threshold " + step.threshold()
                    + "; dropping them all would leave nothing (raise the threshold or exclude columns)");
        }
        details.put("threshold", step.threshold());
        details.put("excluded", step.exclude());
        details.put("dropped", dropped);
        return table.without(names);
    }

    // ---------------------------------------------------------------- generalise

    private static DataTable generalise(DataTable table, Generalise step, String f, Map<String, Object> details) {
        Column c = table.column(step.column());
        UnaryOperator<String> g;
        details.put("column", step.column());
        boolean numeric = false;
        boolean date = false;
        if (step.bins() != null) {
            numeric = true;
            if (step.bins().width() != null) {
                double origin = step.bins().origin() == null ? 0 : step.bins().origin();
                g = Generalisers.bins(step.bins().width(), origin);
                details.put("method", "bins");
                details.put("width", step.bins().width());
                details.put("origin", origin);
            } else {
                g = Generalisers.edges(step.bins().edges());
                details.put("method", "bins");
                details.put("edges", step.bins().edges());
            }
        } else if (step.dateTruncation() != null) {
            date = true;
            g = Generalisers.dates(step.dateTruncation());
            details.put("method", "dateTruncation");
            details.put("dateTruncation", step.dateTruncation().name().toLowerCase(Locale.ROOT));
        } else if (step.postcodeKeep() != null) {
            int width = Generalisers.postcodeWidth(c);
            g = Generalisers.postcode(step.postcodeKeep(), width);
            details.put("method", "postcodeKeep");
            details.put("postcodeKeep", step.postcodeKeep());
            details.put("paddedTo", Math.max(width, step.postcodeKeep()));
        } else {
            g = Generalisers.groups(step.groups(), step.otherLabel());
            details.put("method", "groups");
            details.put("groups", step.groups().keySet());
            details.put("otherLabel", step.otherLabel());
        }
        int[] counts = c.counts();
        long changed = 0;
        long unreadable = 0;
        long present = 0;
        for (int code = 0; code < counts.length; code++) {
            String v = c.dictionary().get(code);
            if (counts[code] == 0) {
                continue;
            }
            if (!Column.isMissing(v)) {
                present += counts[code];
                if ((numeric && Double.isNaN(Column.parseNumber(v))) || (date && SchemaInference.parseDate(v) == null)) {
                    unreadable += counts[code];
                }
            }
            if (!g.apply(v).equals(v)) {
                changed += counts[code];
            }
        }
        if (present > 0 && unreadable == present) {
            throw new DataException(f + "." + (numeric ? "bins" : "dateTruncation"), "no value of column '"
                    + step.column() + "' is " + (numeric ? "a number" : "an ISO date") + " at this step");
        }
        Column mapped = c.mapValues(g);
        details.put("distinctBefore", distinctPresent(c));
        details.put("distinctAfter", distinctPresent(mapped));
        details.put("rowsChanged", changed);
        if (numeric || date) {
            details.put("unreadableSuppressed", unreadable);
        }
        return table.with(step.column(), mapped);
    }

    // ---------------------------------------------------------------- generalise_to_k

    private static DataTable generaliseToK(DataTable table, GeneraliseToK step, String f, Map<String, Object> details) {
        List<String> qis = step.quasiIdentifiers();
        List<List<KAnonymitySearch.Level>> levels = new ArrayList<>();
        for (String q : qis) {
            levels.add(KAnonymitySearch.levels(step.hierarchies().get(q), table.column(q)));
        }
        KAnonymitySearch.Result r = KAnonymitySearch.search(table, qis, levels, step.k(), step.maxSuppression(), f);
        DataTable out = table;
        Map<String, Object> chosen = new LinkedHashMap<>();
        int total = 0;
        for (int q = 0; q < qis.size(); q++) {
            int level = r.levels()[q];
            KAnonymitySearch.Level l = levels.get(q).get(level);
            total += level;
            if (level > 0) {
                out = out.with(qis.get(q), out.column(qis.get(q)).mapValues(l.generalise()));
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("level", level);
            d.put("maxLevel", levels.get(q).size() - 1);
            d.put("generalisation", l.description());
            chosen.put(qis.get(q), d);
        }
        if (r.suppressedRows() > 0) {
            out = out.keepRows(r.keepRow());
        }
        details.put("quasiIdentifiers", qis);
        details.put("k", step.k());
        details.put("maxSuppression", step.maxSuppression());
        details.put("levels", chosen);
        details.put("totalLevel", total);
        details.put("suppressedRows", r.suppressedRows());
        details.put("resultingK", r.resultingK());
        details.put("classes", r.classes());
        details.put("nodesEvaluated", r.nodesEvaluated());
        return out;
    }

    // ---------------------------------------------------------------- suppress_small_classes

    private static DataTable suppress(DataTable table, SuppressSmallClasses step, Map<String, Object> details) {
        int rows = table.rows();
        EquivalenceClasses p = EquivalenceClasses.of(table, step.quasiIdentifiers());
        int[] sizes = p.sizes();
        int k = step.k();
        boolean[] small = new boolean[rows];
        long affected = 0;
        for (int r = 0; r < rows; r++) {
            small[r] = sizes[p.classOf(r)] < k;
            if (small[r]) {
                affected++;
            }
        }
        int classesAffected = 0;
        for (int s : sizes) {
            if (s < k) {
                classesAffected++;
            }
        }
        DataTable out = table;
        if (affected > 0) {
            if (step.mode() == SuppressionMode.DROP) {
                boolean[] keep = new boolean[rows];
                for (int r = 0; r < rows; r++) {
                    keep[r] = !small[r];
                }
                out = table.keepRows(keep);
            } else {
                for (String q : step.quasiIdentifiers()) {
                    Column c = table.column(q);
                    Column.Builder b = new Column.Builder(q, rows);
                    for (int r = 0; r < rows; r++) {
                        b.add(small[r] ? Generalisers.SUPPRESSED : c.value(r));
                    }
                    out = out.with(q, b.build());
                }
            }
        }
        details.put("quasiIdentifiers", step.quasiIdentifiers());
        details.put("k", k);
        details.put("mode", step.mode() == SuppressionMode.DROP ? "drop" : "mask");
        details.put("rowsAffected", affected);
        details.put("classesAffected", classesAffected);
        details.put("rowsLeft", out.rows());
        if (step.mode() == SuppressionMode.MASK && affected > 0) {
            // The masked rows form one class of their own, which may itself be below k.
            details.put("maskedClassSize", affected);
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static long distinctPresent(Column c) {
        int[] counts = c.counts();
        long n = 0;
        for (int code = 0; code < counts.length; code++) {
            if (counts[code] > 0 && !Column.isMissing(c.dictionary().get(code))) {
                n++;
            }
        }
        return n;
    }
}
