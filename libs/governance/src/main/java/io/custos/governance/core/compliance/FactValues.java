package io.custos.governance.core.compliance;

import io.custos.governance.core.model.ModelVersionRecord;

import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * How rules read fact values. Values come from customers' MLflow tags as often as from our own
 * events, so comparisons are forgiving about form (case, surrounding spaces, "3" versus 3) and never
 * throw: a value of an unexpected kind simply does not match.
 */
final class FactValues {

    /** Separators of a text fact read as a list, e.g. a regulatory scope "EU_AI_ACT, GDPR". */
    private static final Pattern TOKEN_SEPARATORS = Pattern.compile("[\\s,;|]+");
    /** Longest rendering of one value inside a message. */
    private static final int MAX_RENDERED = 200;

    private FactValues() {
    }

    /** Present means usable evidence: not null, not blank text, not an empty list or map, not NaN. */
    static boolean isPresent(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof CharSequence text) {
            return !text.toString().isBlank();
        }
        if (value instanceof Collection<?> collection) {
            return !collection.isEmpty();
        }
        if (value instanceof Map<?, ?> map) {
            return !map.isEmpty();
        }
        if (value instanceof Double d) {
            return !d.isNaN();
        }
        if (value instanceof Float f) {
            return !f.isNaN();
        }
        return true;
    }

    /** The value as a number (numbers, or text that reads as one), or null. */
    static Double asNumber(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isNaN(d) ? null : d;
        }
        if (value instanceof String s) {
            try {
                double d = Double.parseDouble(s.trim());
                return Double.isNaN(d) ? null : d;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** The value as a boolean (booleans, or the text true/false in any case), or null. */
    static Boolean asBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (t.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (t.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        return null;
    }

    /**
     * Whether a scalar fact equals an operand: numerically when the operand is a number, as booleans
     * when it is a boolean, otherwise as text ignoring case and surrounding spaces.
     */
    static boolean scalarEquals(Object fact, Object operand) {
        if (fact == null || operand == null) {
            return false;
        }
        if (operand instanceof Number) {
            Double a = asNumber(fact);
            return a != null && Double.compare(a, asNumber(operand)) == 0;
        }
        if (operand instanceof Boolean b) {
            return b.equals(asBoolean(fact));
        }
        if (fact instanceof Number) {
            Double b = asNumber(operand);
            return b != null && Double.compare(asNumber(fact), b) == 0;
        }
        if (fact instanceof Boolean b) {
            return b.equals(asBoolean(operand));
        }
        return elementText(fact).trim().equalsIgnoreCase(operand.toString().trim());
    }

    /** Compares two numbers; null when the fact is not a number. */
    static Integer compareNumbers(Object fact, Object operand) {
        Double a = asNumber(fact);
        Double b = asNumber(operand);
        if (a == null || b == null) {
            return null;
        }
        return Double.compare(a, b);
    }

    /**
     * Whether a list holds the operand, a map has it as a key, or a text, split on commas,
     * semicolons, bars and spaces, has it as a token.
     */
    static boolean contains(Object fact, Object operand) {
        if (fact instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (scalarEquals(key, operand)) {
                    return true;
                }
            }
            return false;
        }
        if (fact instanceof Collection<?> collection) {
            for (Object element : collection) {
                if (element != null && scalarEquals(elementText(element), operand)) {
                    return true;
                }
            }
            return false;
        }
        if (fact instanceof String text) {
            for (String token : TOKEN_SEPARATORS.split(text.trim())) {
                if (!token.isEmpty() && scalarEquals(token, operand)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Renders a value for a message: numbers without a useless ".0", lists and map keys joined, bounded length. */
    static String render(Object value) {
        String text;
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            text = d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        } else if (value instanceof Collection<?> collection) {
            StringJoiner joiner = new StringJoiner(", ");
            collection.forEach(e -> joiner.add(elementText(e)));
            text = joiner.toString();
        } else if (value instanceof Map<?, ?> map) {
            StringJoiner joiner = new StringJoiner(", ");
            map.keySet().forEach(k -> joiner.add(String.valueOf(k)));
            text = joiner.toString();
        } else {
            text = String.valueOf(value);
        }
        return Texts.abbreviate(text, MAX_RENDERED);
    }

    /** A list element as text: an artifact file is known by its path. */
    private static String elementText(Object element) {
        if (element instanceof ModelVersionRecord.ArtifactFile file) {
            return String.valueOf(file.path());
        }
        return element instanceof Double || element instanceof Float ? render(element) : String.valueOf(element);
    }
}
