package io.custos.data.transform;

import io.custos.data.DataException;
import io.custos.data.table.ColumnType;
import io.custos.data.table.DataTable;
import io.custos.data.table.SchemaInference;
import io.custos.data.transform.TransformStep.Bins;
import io.custos.data.transform.TransformStep.ClipOutliers;
import io.custos.data.transform.TransformStep.DropColumns;
import io.custos.data.transform.TransformStep.DropHighUniqueness;
import io.custos.data.transform.TransformStep.Generalise;
import io.custos.data.transform.TransformStep.GeneraliseToK;
import io.custos.data.transform.TransformStep.Hierarchy;
import io.custos.data.transform.TransformStep.RedactPii;
import io.custos.data.transform.TransformStep.RedactionMode;
import io.custos.data.transform.TransformStep.SuppressSmallClasses;
import io.custos.data.transform.TransformStep.SuppressionMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks behind "nothing runs unless every step can": shapes and ranges of each step's fields
 * ({@link #checkShape}), then every column reference and data type against the table as the
 * earlier steps will have left it ({@link #checkAgainstTable}).
 */
final class StepRules {

    private StepRules() {
    }

    // ---------------------------------------------------------------- shapes

    static void checkShape(TransformStep step, String f) {
        if (step == null) {
            throw new DataException(f, "a step is required");
        }
        if (step instanceof RedactPii r) {
            if (r.columns() != null) {
                names(r.columns(), f + ".columns");
            }
            if (r.types() != null) {
                if (r.types().isEmpty()) {
                    throw new DataException(f + ".types", "leave types out to redact every kind, or name at least one");
                }
                for (int i = 0; i < r.types().size(); i++) {
                    if (r.types().get(i) == null) {
                        throw new DataException(f + ".types[" + i + "]", "required: one of "
                                + TransformSteps.enumNames(io.custos.data.pii.PiiType.class));
                    }
                }
            }
            String m = r.maskChar();
            if (m.codePointCount(0, m.length()) != 1 || Character.isLetterOrDigit(m.codePointAt(0))
                    || Character.isWhitespace(m.codePointAt(0))) {
                throw new DataException(f + ".maskChar", "must be one character that is not a letter, digit or"
                        + " space, such as \"*\" or \"#\" (got \"" + m + "\")");
            }
        } else if (step instanceof ClipOutliers c) {
            names(c.columns(), f + ".columns");
            if (!(c.factor() > 0) || c.factor().isInfinite()) {
                throw new DataException(f + ".factor", "must be a number above 0 (got " + c.factor() + ")");
            }
        } else if (step instanceof DropColumns d) {
            names(d.columns(), f + ".columns");
        } else if (step instanceof DropHighUniqueness d) {
            if (!(d.threshold() > 0 && d.threshold() <= 1)) {
                throw new DataException(f + ".threshold", "must be in (0, 1], the share of distinct among present"
                        + " values from which a column is dropped (got " + d.threshold() + ")");
            }
            if (!d.exclude().isEmpty()) {
                names(d.exclude(), f + ".exclude");
            }
        } else if (step instanceof Generalise g) {
            checkGeneralise(g, f);
        } else if (step instanceof GeneraliseToK g) {
            checkGeneraliseToK(g, f);
        } else if (step instanceof SuppressSmallClasses s) {
            names(s.quasiIdentifiers(), f + ".quasiIdentifiers");
            k(s.k(), f + ".k");
        }
    }

    private static void checkGeneralise(Generalise g, String f) {
        if (g.column() == null || g.column().isBlank()) {
            throw new DataException(f + ".column", "required: the column to generalise");
        }
        int given = (g.bins() != null ? 1 : 0) + (g.dateTruncation() != null ? 1 : 0)
                + (g.postcodeKeep() != null ? 1 : 0) + (g.groups() != null ? 1 : 0);
        if (given != 1) {
            throw new DataException(f, "give exactly one of bins, dateTruncation, postcodeKeep, groups (got "
                    + given + ")");
        }
        if (g.bins() != null) {
            checkBins(g.bins(), f + ".bins");
        }
        if (g.postcodeKeep() != null && g.postcodeKeep() < 1) {
            throw new DataException(f + ".postcodeKeep", "must be at least 1, the characters to keep (got "
                    + g.postcodeKeep() + ")");
        }
        if (g.groups() != null) {
            checkGroups(g.groups(), f + ".groups");
        }
        if (g.otherLabel() != null && g.groups() == null) {
            throw new DataException(f + ".otherLabel", "only used with groups");
        }
    }

    private static void checkBins(Bins b, String f) {
        if ((b.width() == null) == (b.edges() == null)) {
            throw new DataException(f, "give either width (with an optional origin) or edges");
        }
        if (b.width() != null) {
            if (!(b.width() > 0) || b.width().isInfinite()) {
                throw new DataException(f + ".width", "must be a number above 0 (got " + b.width() + ")");
            }
            if (b.origin() != null && !Double.isFinite(b.origin())) {
                throw new DataException(f + ".origin", "must be a finite number");
            }
            return;
        }
        if (b.origin() != null) {
            throw new DataException(f + ".origin", "only used with width");
        }
        increasing(b.edges(), f + ".edges");
    }

    private static void increasing(List<Double> values, String f) {
        if (values.size() < 2) {
            throw new DataException(f, "give at least 2 numbers in increasing order");
        }
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || !Double.isFinite(v)) {
                throw new DataException(f + "[" + i + "]", "must be a finite number");
            }
            if (i > 0 && v <= values.get(i - 1)) {
                throw new DataException(f + "[" + i + "]", "must be greater than the one before ("
                        + values.get(i - 1) + "); values must increase strictly");
            }
        }
    }

    private static void checkGroups(Map<String, List<String>> groups, String f) {
        if (groups.isEmpty()) {
            throw new DataException(f, "give at least one group: {\"label\": [values...]}");
        }
        Map<String, String> groupOf = new HashMap<>();
        for (Map.Entry<String, List<String>> e : groups.entrySet()) {
            String label = e.getKey();
            String lf = f + "." + label;
            if (label.isBlank()) {
                throw new DataException(f, "group labels must not be blank");
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new DataException(lf, "list at least one value for group '" + label + "'");
            }
            for (int i = 0; i < e.getValue().size(); i++) {
                String v = e.getValue().get(i);
                if (v == null) {
                    throw new DataException(lf + "[" + i + "]", "must be a string");
                }
                String other = groupOf.putIfAbsent(v, label);
                if (other != null) {
                    throw new DataException(lf + "[" + i + "]", "\"" + v + "\" is already in group '" + other
                            + "'; a value belongs to one group");
                }
            }
        }
    }

    private static void checkGeneraliseToK(GeneraliseToK g, String f) {
        names(g.quasiIdentifiers(), f + ".quasiIdentifiers");
        k(g.k(), f + ".k");
        if (!(g.maxSuppression() >= 0 && g.maxSuppression() < 1)) {
            throw new DataException(f + ".maxSuppression", "must be in [0, 1), the share of rows that may be"
                    + " dropped (got " + g.maxSuppression() + ")");
        }
        for (Map.Entry<String, Hierarchy> e : g.hierarchies().entrySet()) {
            String hf = f + ".hierarchies." + e.getKey();
            if (!g.quasiIdentifiers().contains(e.getKey())) {
                throw new DataException(hf, "'" + e.getKey() + "' is not one of the quasiIdentifiers "
                        + g.quasiIdentifiers());
            }
            Hierarchy h = e.getValue();
            if (h == null) {
                throw new DataException(hf, "give one of widths, dates, postcodeKeep, groups");
            }
            checkHierarchy(h, hf);
        }
    }

    private static void checkHierarchy(Hierarchy h, String f) {
        int given = (h.widths() != null ? 1 : 0) + (h.dates() != null ? 1 : 0) + (h.postcodeKeep() != null ? 1 : 0)
                + (h.groups() != null ? 1 : 0);
        if (given != 1) {
            throw new DataException(f, "give exactly one of widths, dates, postcodeKeep, groups (got " + given + ")");
        }
        if (h.origin() != null && (h.widths() == null || !Double.isFinite(h.origin()))) {
            throw new DataException(f + ".origin", "a finite number, only used with widths");
        }
        if (h.widths() != null) {
            if (h.widths().isEmpty()) {
                throw new DataException(f + ".widths", "give at least one width, e.g. [5, 10, 20]");
            }
            for (int i = 0; i < h.widths().size(); i++) {
                Double w = h.widths().get(i);
                if (w == null || !(w > 0) || w.isInfinite()) {
                    throw new DataException(f + ".widths[" + i + "]", "must be a number above 0");
                }
                if (i > 0 && w <= h.widths().get(i - 1)) {
                    throw new DataException(f + ".widths[" + i + "]", "widths must increase strictly (each level"
                            + " coarser than the one before)");
                }
            }
        }
        if (h.dates() != null) {
            if (h.dates().isEmpty()) {
                throw new DataException(f + ".dates", "give at least one of month, year, e.g. [\"month\", \"year\"]");
            }
            for (int i = 0; i < h.dates().size(); i++) {
                if (h.dates().get(i) == null) {
                    throw new DataException(f + ".dates[" + i + "]", "one of month, year");
                }
                if (i > 0 && h.dates().get(i).compareTo(h.dates().get(i - 1)) <= 0) {
                    throw new DataException(f + ".dates[" + i + "]", "levels must get coarser: month, then year");
                }
            }
        }
        if (h.postcodeKeep() != null) {
            if (h.postcodeKeep().isEmpty()) {
                throw new DataException(f + ".postcodeKeep", "give at least one count, e.g. [4, 3, 2, 1]");
            }
            for (int i = 0; i < h.postcodeKeep().size(); i++) {
                Integer n = h.postcodeKeep().get(i);
                if (n == null || n < 0) {
                    throw new DataException(f + ".postcodeKeep[" + i + "]", "must be a whole number of at least 0");
                }
                if (i > 0 && n >= h.postcodeKeep().get(i - 1)) {
                    throw new DataException(f + ".postcodeKeep[" + i + "]", "counts must decrease strictly (each"
                            + " level keeps fewer characters)");
                }
            }
        }
        if (h.groups() != null) {
            if (h.groups().isEmpty()) {
                throw new DataException(f + ".groups", "give at least one level of groups; \"*\" is added as the"
                        + " last level");
            }
            for (int i = 0; i < h.groups().size(); i++) {
                if (h.groups().get(i) == null) {
                    throw new DataException(f + ".groups[" + i + "]", "a JSON object {\"label\": [values...]}");
                }
                checkGroups(h.groups().get(i), f + ".groups[" + i + "]");
            }
        }
    }

    private static void names(List<String> names, String f) {
        if (names == null || names.isEmpty()) {
            throw new DataException(f, "required: a non-empty list of column names");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isBlank()) {
                throw new DataException(f + "[" + i + "]", "a column name is required");
            }
            if (!seen.add(n)) {
                throw new DataException(f + "[" + i + "]", "column '" + n + "' is listed twice");
            }
        }
    }

    private static void k(Integer k, String f) {
        if (k == null) {
            throw new DataException(f, "required: a whole number of at least 2");
        }
        if (k < 2) {
            throw new DataException(f, "must be at least 2 (got " + k + ")");
        }
    }

    // ---------------------------------------------------------------- against the table

    /** The columns as the steps so far leave them; types are looked up only for unchanged columns. */
    private static final class Scope {
        final DataTable table;
        final Set<String> present;
        final Map<String, String> droppedBy = new HashMap<>();
        final Set<String> changed = new HashSet<>();
        final Map<String, ColumnType> types = new HashMap<>();

        Scope(DataTable table) {
            this.table = table;
            this.present = new LinkedHashSet<>(table.header());
        }

        void require(String column, String f) {
            if (present.contains(column)) {
                return;
            }
            String by = droppedBy.get(column);
            throw new DataException(f, "column '" + column + "' " + (by != null ? "is dropped by " + by
                    : "does not exist") + "; columns " + (by != null ? "left are " : "are ") + present);
        }

        void requireAll(List<String> columns, String f) {
            for (int i = 0; i < columns.size(); i++) {
                require(columns.get(i), f + "[" + i + "]");
            }
        }

        /** Checks the inferred type of a column no earlier step has changed. */
        void requireType(String column, String f, boolean wantNumeric, String what) {
            if (changed.contains(column)) {
                return;
            }
            ColumnType t = types.computeIfAbsent(column, c -> SchemaInference.infer(table.column(c)).type());
            boolean ok = wantNumeric ? t.numeric() : t == ColumnType.DATE;
            if (!ok) {
                throw new DataException(f, "column '" + column + "' holds " + t.name().toLowerCase()
                        + " values; " + what + " needs " + (wantNumeric ? "numbers" : "ISO dates (yyyy-mm-dd)"));
            }
        }
    }

    /** Every step against the table, in order, before anything runs. */
    static void checkAgainstTable(DataTable table, List<TransformStep> steps, TransformContext context) {
        Scope scope = new Scope(table);
        for (int i = 0; i < steps.size(); i++) {
            TransformStep step = steps.get(i);
            String f = "steps[" + i + "]";
            checkShape(step, f);
            String name = "step " + i + " (" + TransformSteps.typeName(step) + ")";
            if (step instanceof RedactPii r) {
                if (r.columns() != null) {
                    scope.requireAll(r.columns(), f + ".columns");
                }
                if (r.mode() == RedactionMode.FORMAT_PRESERVING) {
                    byte[] key = context == null ? null : context.fpeKey();
                    if (key == null || key.length != FormatPreservingCipher.KEY_BYTES) {
                        throw new DataException(f + ".mode", "format_preserving needs a "
                                + FormatPreservingCipher.KEY_BYTES + "-byte FF1 key in the transform context (got "
                                + (key == null ? "none" : key.length + " bytes") + ")");
                    }
                }
                scope.changed.addAll(r.columns() != null ? r.columns() : scope.present);
            } else if (step instanceof ClipOutliers c) {
                scope.requireAll(c.columns(), f + ".columns");
                for (int j = 0; j < c.columns().size(); j++) {
                    scope.requireType(c.columns().get(j), f + ".columns[" + j + "]", true, "clip_outliers");
                }
                scope.changed.addAll(c.columns());
            } else if (step instanceof DropColumns d) {
                scope.requireAll(d.columns(), f + ".columns");
                if (scope.present.size() == d.columns().size()) {
                    throw new DataException(f + ".columns", "would drop every column; keep at least one");
                }
                for (String c : d.columns()) {
                    scope.present.remove(c);
                    scope.droppedBy.put(c, name);
                }
            } else if (step instanceof DropHighUniqueness d) {
                // Which columns go depends on the data as it will be then: checked again when it runs.
                scope.requireAll(d.exclude(), f + ".exclude");
            } else if (step instanceof Generalise g) {
                scope.require(g.column(), f + ".column");
                if (g.bins() != null) {
                    scope.requireType(g.column(), f + ".bins", true, "bins");
                } else if (g.dateTruncation() != null) {
                    scope.requireType(g.column(), f + ".dateTruncation", false, "dateTruncation");
                }
                scope.changed.add(g.column());
            } else if (step instanceof GeneraliseToK g) {
                scope.requireAll(g.quasiIdentifiers(), f + ".quasiIdentifiers");
                for (Map.Entry<String, Hierarchy> e : g.hierarchies().entrySet()) {
                    String hf = f + ".hierarchies." + e.getKey();
                    if (e.getValue().widths() != null) {
                        scope.requireType(e.getKey(), hf + ".widths", true, "a widths hierarchy");
                    } else if (e.getValue().dates() != null) {
                        scope.requireType(e.getKey(), hf + ".dates", false, "a dates hierarchy");
                    }
                }
                scope.changed.addAll(g.quasiIdentifiers());
            } else if (step instanceof SuppressSmallClasses s) {
                scope.requireAll(s.quasiIdentifiers(), f + ".quasiIdentifiers");
                if (s.mode() == SuppressionMode.MASK) {
                    scope.changed.addAll(s.quasiIdentifiers());
                }
            }
        }
    }

    /** The columns a step names, checked against the table as it is when the step runs. */
    static void checkColumnsNow(TransformStep step, String f, DataTable current) {
        Scope scope = new Scope(current);
        List<String> named = new ArrayList<>();
        String field;
        if (step instanceof RedactPii r && r.columns() != null) {
            named = r.columns();
            field = f + ".columns";
        } else if (step instanceof ClipOutliers c) {
            named = c.columns();
            field = f + ".columns";
        } else if (step instanceof DropColumns d) {
            named = d.columns();
            field = f + ".columns";
        } else if (step instanceof DropHighUniqueness d) {
            named = d.exclude();
            field = f + ".exclude";
        } else if (step instanceof Generalise g) {
            named = List.of(g.column());
            field = f + ".column";
            scope.require(g.column(), field);
            return;
        } else if (step instanceof GeneraliseToK g) {
            named = g.quasiIdentifiers();
            field = f + ".quasiIdentifiers";
        } else if (step instanceof SuppressSmallClasses s) {
            named = s.quasiIdentifiers();
            field = f + ".quasiIdentifiers";
        } else {
            field = f;
        }
        scope.requireAll(named, field);
    }
}
