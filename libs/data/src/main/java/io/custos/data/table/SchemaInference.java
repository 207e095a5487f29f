package io.custos.data.table;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Infers each column's type from its distinct values weighted by their counts. A type is taken
 * when at least {@value #MAJORITY} of the present values fit it, so a few typos show up as
 * mismatches instead of turning a numeric column into text.
 *
 * <p>The value shapes are those of the regular expressions {@code [-+]?\d{1,18}} (integer),
 * {@code [-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?} (decimal) and {@code \d{4}-\d{2}-\d{2}([T ].*)?}
 * (ISO date, then a real calendar date), with {@code \d} the ASCII digits and {@code .} any
 * character but a line terminator; they are tested by hand, in one pass over the characters,
 * as a million distinct ids or phone numbers would spend seconds in the regex engine. A column's
 * schema is computed once and kept with the (immutable) column.
 */
public final class SchemaInference {

    /** Share of present values that must fit a type for the column to take it. */
    public static final double MAJORITY = 0.95;

    private SchemaInference() {
    }

    public static List<ColumnSchema> infer(DataTable table) {
        List<ColumnSchema> out = new ArrayList<>();
        for (Column c : table.columns()) {
            out.add(infer(c));
        }
        return out;
    }

    public static ColumnSchema infer(Column column) {
        ColumnSchema cached = column.cachedSchema();
        if (cached == null) {
            cached = compute(column);
            column.cacheSchema(cached);
        }
        return cached;
    }

    private static ColumnSchema compute(Column column) {
        int[] counts = column.countsView();
        List<String> dict = column.dictionary();
        long missing = 0;
        long present = 0;
        long ints = 0;
        long decimals = 0;
        long booleans = 0;
        long dates = 0;
        long presentDistinct = 0;
        long withSpaces = 0;
        for (int c = 0; c < counts.length; c++) {
            String v = dict.get(c);
            if (Column.isMissing(v)) {
                missing += counts[c];
                continue;
            }
            presentDistinct++;
            present += counts[c];
            String s = v.strip();
            if (isInteger(s)) {
                ints += counts[c];
            }
            if (isDecimal(s)) {
                decimals += counts[c];
            }
            if (isBoolean(s)) {
                booleans += counts[c];
            }
            if (isStrippedDate(s)) {
                dates += counts[c];
            }
            if (s.indexOf(' ') >= 0) {
                withSpaces += counts[c];
            }
        }
        if (present == 0) {
            return new ColumnSchema(column.name(), ColumnType.EMPTY, missing, 0, 0);
        }
        ColumnType type;
        long fit;
        if (booleans >= MAJORITY * present && presentDistinct <= 2) {
            type = ColumnType.BOOLEAN;
            fit = booleans;
        } else if (ints >= MAJORITY * present) {
            type = ColumnType.INTEGER;
            fit = ints;
        } else if (decimals >= MAJORITY * present) {
            type = ColumnType.DECIMAL;
            fit = decimals;
        } else if (dates >= MAJORITY * present) {
            type = ColumnType.DATE;
            fit = dates;
        } else if (isFreeText(present, presentDistinct, withSpaces)) {
            type = ColumnType.TEXT;
            fit = present;
        } else {
            type = ColumnType.CATEGORICAL;
            fit = present;
        }
        return new ColumnSchema(column.name(), type, missing, presentDistinct, present - fit);
    }

    /** Mostly distinct values with spaces in them: sentences, addresses, notes. */
    private static boolean isFreeText(long present, long distinct, long withSpaces) {
        return withSpaces >= 0.5 * present && distinct >= 0.5 * present && distinct > 20;
    }

    static boolean isBoolean(String s) {
        // Lower-casing never changes the length of a string that lower-cases to one of these.
        int n = s.length();
        if (n < 2 || n > 5) {
            return false;
        }
        String v = s.toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("false") || v.equals("yes") || v.equals("no");
    }

    /** {@code [-+]?\d{1,18}}. */
    static boolean isInteger(String s) {
        int n = s.length();
        int i = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (n - i < 1 || n - i > 18) {
            return false;
        }
        for (; i < n; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code [-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?}. */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (i < n && isDigit(s.charAt(i))) {
            i = skipDigits(s, i);
            if (i < n && s.charAt(i) == '.') {
                i = skipDigits(s, i + 1);
            }
        } else if (i < n && s.charAt(i) == '.') {
            int j = skipDigits(s, i + 1);
            if (j == i + 1) {
                return false;
            }
            i = j;
        } else {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int j = skipDigits(s, i);
            if (j == i) {
                return false;
            }
            i = j;
        }
        return i == n;
    }

    private static int skipDigits(String s, int i) {
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    /** An ISO-8601 calendar date, optionally followed by a time. */
    public static boolean isDate(String s) {
        return parseDate(s) != null;
    }

    private static boolean isStrippedDate(String s) {
        return parseStrippedDate(s) != null;
    }

    /** The date of an ISO-8601 date or date-time, or null. */
    public static LocalDate parseDate(String s) {
        return s == null ? null : parseStrippedDate(s.strip());
    }

    /**
     * {@code \d{4}-\d{2}-\d{2}([T ].*)?} with a real calendar date in its first ten characters
     * (what {@code LocalDate.parse} with {@code ISO_LOCAL_DATE}, a strict formatter, accepts).
     */
    private static LocalDate parseStrippedDate(String s) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        if (n > 10) {
            char sep = s.charAt(10);
            if (sep != 'T' && sep != ' ') {
                return null;
            }
            for (int i = 11; i < n; i++) {
                if (isLineTerminator(s.charAt(i))) {
                    return null; // '.' does not match these
                }
            }
        }
        if (month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    /** The ASCII digits {@code s[from, to)} as a number, or -1 when one is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (!isDigit(ch)) {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private static boolean isLineTerminator(char ch) {
        return ch == '\n' || ch == '\r' || ch == '\u0085' || ch == '\u2028' || ch == '\u2029';
    }
}
