package io.custos.data.transform;

import io.custos.data.table.Column;
import io.custos.data.table.SchemaInference;
import io.custos.data.transform.TransformStep.DateTruncation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Value-wise generalisations, applied once per distinct value through {@link Column#mapValues}.
 * Missing values stay missing; a present value the generalisation cannot read (a word in a
 * numeric column, a non-date in a date column) becomes {@value #SUPPRESSED}, since keeping it as it
 * is could leave an outlier identifiable.
 */
final class Generalisers {

    static final String SUPPRESSED = "*";

    private Generalisers() {
    }

    /** A number as it reads best in a label: no exponent, no trailing zeros ("20", "2.5"). */
    static String number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.signum() == 0 ? "0" : s.toPlainString();
    }

    static String number(double d) {
        return number(BigDecimal.valueOf(d));
    }

    /** [origin + i x width, origin + (i+1) x width), computed in decimal so 0.3 lands in [0.3,0.4). */
    static UnaryOperator<String> bins(double width, double origin) {
        BigDecimal w = BigDecimal.valueOf(width);
        BigDecimal o = BigDecimal.valueOf(origin);
        return value -> {
            if (Column.isMissing(value)) {
                return value;
            }
            double v = Column.parseNumber(value);
            if (Double.isNaN(v)) {
                return SUPPRESSED;
            }
            BigDecimal bv = decimal(value, v);
            long i = (long) Math.floor((v - origin) / width);
            BigDecimal lo = o.add(w.multiply(BigDecimal.valueOf(i)));
            if (bv.compareTo(lo) < 0) {
                lo = lo.subtract(w);
            } else if (bv.compareTo(lo.add(w)) >= 0) {
                lo = lo.add(w);
            }
            return "[" + number(lo) + "," + number(lo.add(w)) + ")";
        };
    }

    /** The exact decimal of a value where it has one ("0.3", not 0.299999...). */
    private static BigDecimal decimal(String value, double parsed) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            return BigDecimal.valueOf(parsed);
        }
    }

    /** [e_i,e_i+1) between edges, "&lt;e_0" below the first, "&gt;=e_n" from the last. */
    static UnaryOperator<String> edges(List<Double> edges) {
        String[] labels = new String[edges.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = number(edges.get(i));
        }
        return value -> {
            if (Column.isMissing(value)) {
                return value;
            }
            double v = Column.parseNumber(value);
            if (Double.isNaN(v)) {
                return SUPPRESSED;
            }
            if (v < edges.get(0)) {
                return "<" + labels[0];
            }
            int last = edges.size() - 1;
            if (v >= edges.get(last)) {
                return ">=" + labels[last];
            }
            int i = 0;
            while (v >= edges.get(i + 1)) {
                i++;
            }
            return "[" + labels[i] + "," + labels[i + 1] + ")";
        };
    }

    /** An ISO date or date-time to "yyyy-mm" or "yyyy". */
    static UnaryOperator<String> dates(DateTruncation truncation) {
        return value -> {
            if (Column.isMissing(value)) {
                return value;
            }
            LocalDate d = SchemaInference.parseDate(value);
            if (d == null) {
                return SUPPRESSED;
            }
            return truncation == DateTruncation.MONTH
                    ? String.format(Locale.ROOT, "%04d-%02d", d.getYear(), d.getMonthValue())
                    : String.format(Locale.ROOT, "%04d", d.getYear());
        };
    }

    /**
     * The first {@code keep} characters (spaces removed), padded with '*' to {@code width}, the
     * longest postcode of the column, so that all generalised postcodes have one shape and "SW1A 1AA"
     * and "SW1 1AA" can fall into the same class.
     */
    static UnaryOperator<String> postcode(int keep, int width) {
        return value -> {
            if (Column.isMissing(value)) {
                return value;
            }
            String compact = compactPostcode(value);
            StringBuilder sb = new StringBuilder(compact.substring(0, Math.min(keep, compact.length())));
            while (sb.length() < Math.max(width, keep)) {
                sb.append('*');
            }
            return sb.toString();
        };
    }

    static String compactPostcode(String value) {
        return value.replaceAll("\\s+", "");
    }

    /** The longest postcode (spaces removed) among the values rows hold. */
    static int postcodeWidth(Column column) {
        int[] counts = column.counts();
        int width = 0;
        for (int c = 0; c < counts.length; c++) {
            String v = column.dictionary().get(c);
            if (counts[c] > 0 && !Column.isMissing(v)) {
                width = Math.max(width, compactPostcode(v).length());
            }
        }
        return width;
    }

    /** Listed values to their group's label; others stay, or become {@code otherLabel} when given. */
    static UnaryOperator<String> groups(Map<String, List<String>> groups, String otherLabel) {
        Map<String, String> labelOf = new HashMap<>();
        groups.forEach((label, values) -> values.forEach(v -> labelOf.put(v, label)));
        return value -> {
            String label = labelOf.get(value);
            if (label != null) {
                return label;
            }
            return otherLabel != null && !Column.isMissing(value) ? otherLabel : value;
        };
    }

    /** The top of a category hierarchy: every value, missing or not, becomes "*". */
    static UnaryOperator<String> everything() {
        return value -> SUPPRESSED;
    }
}
