package io.custos.data.table;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Infers each column's type from its distinct values weighted by their counts. A type is taken
 * when at least {@value #MAJORITY} of the present values fit it, so a few typos show up as
 * mismatches instead of turning a numeric column into text.
 */
public final class SchemaInference {

    /** Share of present values that must fit a type for the column to take it. */
    public static final double MAJORITY = 0.95;

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([T ].*)?");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE;

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
        int[] counts = column.counts();
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
            if (INTEGER.matcher(s).matches()) {
                ints += counts[c];
            }
            if (DECIMAL.matcher(s).matches()) {
                decimals += counts[c];
            }
            if (isBoolean(s)) {
                booleans += counts[c];
            }
            if (isDate(s)) {
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
        String v = s.toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("false") || v.equals("yes") || v.equals("no");
    }

    /** An ISO-8601 calendar date, optionally followed by a time. */
    public static boolean isDate(String s) {
        return parseDate(s) != null;
    }

    /** The date of an ISO-8601 date or date-time, or null. */
    public static LocalDate parseDate(String s) {
        if (s == null || !ISO_DATE.matcher(s.strip()).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip().substring(0, 10), ISO);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
