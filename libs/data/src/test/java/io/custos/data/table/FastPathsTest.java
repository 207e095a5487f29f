package io.custos.data.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written value tests and the folding of equivalence classes agree with the plain definitions. */
class FastPathsTest {

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([T ].*)?");

    private static LocalDate regexDate(String s) {
        if (s == null || !ISO_DATE.matcher(s.strip()).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip().substring(0, 10), DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean plainMissing(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        String v = value.strip();
        return v.equals("?") || v.equalsIgnoreCase("NA") || v.equalsIgnoreCase("N/A") || v.equalsIgnoreCase("null")
                || v.equalsIgnoreCase("NaN");
    }

    private static boolean plainBoolean(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("false") || v.equals("yes") || v.equals("no");
    }

    @Test
    void valueShapesAgreeWithTheRegularExpressions() {
        SplittableRandom r = new SplittableRandom(3);
        String alphabet = "0123456789012345678901234567890123456789+-.eE T:Z\n\r\u2028\u0085 \t\u00a0x/ANul?";
        List<String> values = new ArrayList<>(List.of("", " ", "1", "-", "+", ".", "1.", ".5", "1e5", "1.e5", ".e5",
                "1e", "1e+", "-1.5E-3", "123456789012345678", "1234567890123456789", "+123456789012345678",
                "2024-02-29", "2023-02-29", "0000-01-01", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-01T",
                "2024-01-01 10:00", "2024-01-01x", "2024-01-01T\n", " 2024-01-01 ", "2024-1-01", "NA", " n/a ",
                "NULL", "nan", "?", "null ", "TRUE", "No", "yes", "falſe", "\u0130", "K", "TRUE "));
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (r.nextInt(4) == 0) {
                sb.append(String.format(Locale.ROOT, "%04d-%02d-%02d", r.nextInt(10_000), r.nextInt(14), r.nextInt(33)));
            }
            for (int k = r.nextInt(r.nextBoolean() ? 6 : 22); k > 0; k--) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            values.add(sb.toString());
        }
        for (String v : values) {
            assertEquals(INTEGER.matcher(v).matches(), SchemaInference.isInteger(v), () -> "integer [" + v + "]");
            assertEquals(DECIMAL.matcher(v).matches(), SchemaInference.isDecimal(v), () -> "decimal [" + v + "]");
            assertEquals(regexDate(v), SchemaInference.parseDate(v), () -> "date [" + v + "]");
            assertEquals(plainMissing(v), Column.isMissing(v), () -> "missing [" + v + "]");
            assertEquals(plainBoolean(v), SchemaInference.isBoolean(v), () -> "boolean [" + v + "]");
        }
    }

    @Test
    void equivalenceClassesAreAPlainGroupingInOrderOfFirstAppearance() {
        SplittableRandom r = new SplittableRandom(11);
        int rows = 5000;
        // One code, few codes (dense table), many codes (hash map after the classes multiply), unique.
        int[][] shapes = {{1, 3, 7}, {2, 50, 4000}, {5000, 2}, {40, 60, 90, 3000, 1}, {3000, 3000, 3000}};
        for (int[] distincts : shapes) {
            List<Column> columns = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int c = 0; c < distincts.length; c++) {
                List<String> values = new ArrayList<>();
                for (int row = 0; row < rows; row++) {
                    values.add(distincts[c] == rows ? "u" + row : "v" + r.nextInt(distincts[c]));
                }
                columns.add(Column.of("c" + c, values));
                names.add("c" + c);
            }
            DataTable t = new DataTable(columns);
            EquivalenceClasses ec = EquivalenceClasses.of(t, names);
            Map<List<String>, Integer> ids = new HashMap<>();
            List<Integer> sizes = new ArrayList<>();
            for (int row = 0; row < rows; row++) {
                List<String> key = new ArrayList<>();
                for (Column c : columns) {
                    key.add(c.value(row));
                }
                int id = ids.computeIfAbsent(key, k -> ids.size());
                if (id == sizes.size()) {
                    sizes.add(0);
                }
                sizes.set(id, sizes.get(id) + 1);
                assertEquals(id, ec.classOf(row));
            }
            assertArrayEquals(sizes.stream().mapToInt(Integer::intValue).toArray(), ec.sizes());
        }
    }

    @Test
    void countsAreCopies() {
        Column c = Column.of("a", List.of("x", "y", "x"));
        int[] counts = c.counts();
        counts[0] = 99;
        assertArrayEquals(new int[] {2, 1}, c.counts());
    }
}
