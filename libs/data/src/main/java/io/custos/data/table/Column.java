package io.custos.data.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One column, dictionary-encoded: each row holds an int code into the list of distinct values.
 * A million rows of twenty columns take 80 MB of codes plus the distinct values, and every
 * value-wise transform runs once per distinct value rather than once per row.
 *
 * <p>A column never changes, so what is derived from all its rows (the count of each code, the
 * inferred schema) is computed once, on first use, and kept.
 */
public final class Column {

    private final String name;
    private final int[] codes;
    private final List<String> dictionary;
    /** Rows per code, computed on first use; never handed out (callers get a copy). */
    private volatile int[] counts;
    /** The inferred schema, computed on first use by {@link SchemaInference#infer(Column)}. */
    private volatile ColumnSchema schema;

    Column(String name, int[] codes, List<String> dictionary) {
        this.name = name;
        this.codes = codes;
        this.dictionary = List.copyOf(dictionary);
    }

    /** A column from plain values, one per row. */
    public static Column of(String name, List<String> values) {
        Builder b = new Builder(name, values.size());
        values.forEach(b::add);
        return b.build();
    }

    public String name() {
        return name;
    }

    public int size() {
        return codes.length;
    }

    public String value(int row) {
        return dictionary.get(codes[row]);
    }

    public int code(int row) {
        return codes[row];
    }

    /** The distinct values; code {@code c} stands for {@code dictionary().get(c)}. */
    public List<String> dictionary() {
        return dictionary;
    }

    public int distinct() {
        return dictionary.size();
    }

    /** How many rows hold each code (a fresh array the caller may change). */
    public int[] counts() {
        return countsView().clone();
    }

    /** How many rows hold each code: the kept array, which must not be changed. */
    int[] countsView() {
        int[] c = counts;
        if (c == null) {
            c = new int[dictionary.size()];
            for (int code : codes) {
                c[code]++;
            }
            counts = c;
        }
        return c;
    }

    ColumnSchema cachedSchema() {
        return schema;
    }

    void cacheSchema(ColumnSchema s) {
        schema = s;
    }

    /** A value is missing when it is empty or blank, or one of the usual spellings of "no value". */
    public static boolean isMissing(String value) {
        if (value == null) {
            return true;
        }
        int n = value.length();
        // The usual case: longer than any spelling of "no value" ("null") and not starting or ending
        // with white space, so neither blank nor changed by strip(). (White space is never a
        // surrogate, so testing chars is testing code points here.)
        if (n > 4 && !Character.isWhitespace(value.charAt(0)) && !Character.isWhitespace(value.charAt(n - 1))) {
            return false;
        }
        if (value.isBlank()) {
            return true;
        }
        String v = value.strip();
        return v.equals("?") || v.equalsIgnoreCase("NA") || v.equalsIgnoreCase("N/A") || v.equalsIgnoreCase("null")
                || v.equalsIgnoreCase("NaN");
    }

    /** Rows whose value is missing. */
    public int missingCount() {
        int[] counts = countsView();
        int missing = 0;
        for (int c = 0; c < counts.length; c++) {
            if (isMissing(dictionary.get(c))) {
                missing += counts[c];
            }
        }
        return missing;
    }

    /** The value of every row as a number, NaN where it is missing or not a number. */
    public double[] numbers() {
        double[] byCode = new double[dictionary.size()];
        for (int c = 0; c < byCode.length; c++) {
            byCode[c] = parseNumber(dictionary.get(c));
        }
        double[] out = new double[codes.length];
        for (int r = 0; r < codes.length; r++) {
            out[r] = byCode[codes[r]];
        }
        return out;
    }

    /** A number, or NaN (also for NaN and infinities, which no CSV column means as data). */
    public static double parseNumber(String value) {
        if (value == null) {
            return Double.NaN;
        }
        String v = value.strip();
        if (v.isEmpty() || !(Character.isDigit(v.charAt(0)) || v.charAt(0) == '-' || v.charAt(0) == '+'
                || v.charAt(0) == '.')) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The same rows with each distinct value mapped once by {@code f} (generalisation, masking, clipping). */
    public Column mapValues(UnaryOperator<String> f) {
        return mapValues(name, f);
    }

    /** As {@link #mapValues(UnaryOperator)}, under another name. */
    public Column mapValues(String newName, UnaryOperator<String> f) {
        Map<String, Integer> index = new HashMap<>();
        List<String> dict = new ArrayList<>();
        int[] recode = new int[dictionary.size()];
        for (int c = 0; c < recode.length; c++) {
            String mapped = f.apply(dictionary.get(c));
            recode[c] = index.computeIfAbsent(mapped, k -> {
                dict.add(k);
                return dict.size() - 1;
            });
        }
        int[] out = new int[codes.length];
        for (int r = 0; r < codes.length; r++) {
            out[r] = recode[codes[r]];
        }
        return new Column(newName, out, dict);
    }

    /** The rows where {@code keep[row]} is true, in order; values no kept row holds leave the dictionary. */
    public Column keepRows(boolean[] keep, int kept) {
        int[] recode = new int[dictionary.size()];
        java.util.Arrays.fill(recode, -1);
        List<String> dict = new ArrayList<>();
        int[] out = new int[kept];
        int j = 0;
        for (int r = 0; r < codes.length; r++) {
            if (keep[r]) {
                int c = codes[r];
                if (recode[c] < 0) {
                    recode[c] = dict.size();
                    dict.add(dictionary.get(c));
                }
                out[j++] = recode[c];
            }
        }
        return new Column(name, out, dict);
    }

    /** A copy of every row's code. */
    public int[] codes() {
        return codes.clone();
    }

    int[] codesView() {
        return codes;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(Arrays.copyOf(codes, Math.min(codes.length, 5))) + "...";
    }

    /** Appends values one row at a time, giving each new distinct value the next code. */
    public static final class Builder {
        private final String name;
        private int[] codes;
        private int size;
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> dictionary = new ArrayList<>();

        public Builder(String name, int expectedRows) {
            this.name = name;
            this.codes = new int[Math.max(16, expectedRows)];
        }

        public void add(String value) {
            Integer code = index.get(value);
            if (code == null) {
                code = dictionary.size();
                index.put(value, code);
                dictionary.add(value);
            }
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, codes.length + (codes.length >> 1));
            }
            codes[size++] = code;
        }

        public Column build() {
            return new Column(name, Arrays.copyOf(codes, size), dictionary);
        }
    }
}
