package io.custos.governance.core.compliance;

import io.custos.governance.core.model.ModelVersionRecord;

import java.lang.reflect.RecordComponent;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fact paths rules may test and what kind of value each holds. It is derived from
 * {@link ModelVersionRecord#facts()} (the paths) and the record's components (the types), so it
 * follows the record when facts are added, and a rules file naming a fact the record does not
 * offer is refused when it is loaded rather than failing every model at evaluation time.
 */
final class FactCatalog {

    /** The kind of value a fact holds, which decides the operators that make sense on it. */
    enum FactType {
        TEXT, NUMBER, BOOLEAN, LIST, MAP, TIME, OTHER;

        String label() {
            return switch (this) {
                case TEXT -> "text";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case LIST -> "a list";
                case MAP -> "a map";
                case TIME -> "a timestamp";
                case OTHER -> "a structured value";
            };
        }
    }

    private static final Map<String, FactType> TYPES = derive();

    private FactCatalog() {
    }

    /** Every fact path, in the record's order. */
    static Set<String> paths() {
        return TYPES.keySet();
    }

    /** The type of {@code path}, or null when the record offers no such fact. */
    static FactType typeOf(String path) {
        return TYPES.get(path);
    }

    private static Map<String, FactType> derive() {
        ModelVersionRecord empty = new ModelVersionRecord(null, null, null, null, null, null, null, null);
        Map<String, FactType> types = new LinkedHashMap<>();
        for (String path : empty.facts().keySet()) {
            types.put(path, resolve(path));
        }
        return Collections.unmodifiableMap(types);
    }

    /** Walks the record components named by the path's segments; OTHER if the path does not map 1:1. */
    private static FactType resolve(String path) {
        Class<?> current = ModelVersionRecord.class;
        for (String segment : path.split("\\.")) {
            if (!current.isRecord()) {
                return FactType.OTHER;
            }
            Class<?> next = null;
            for (RecordComponent component : current.getRecordComponents()) {
                if (component.getName().equals(segment)) {
                    next = component.getType();
                    break;
                }
            }
            if (next == null) {
                return FactType.OTHER;
            }
            current = next;
        }
        return typeOfClass(current);
    }

    private static FactType typeOfClass(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return FactType.TEXT;
        }
        if (type == Boolean.class || type == boolean.class) {
            return FactType.BOOLEAN;
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class && type != void.class)) {
            return FactType.NUMBER;
        }
        if (Collection.class.isAssignableFrom(type)) {
            return FactType.LIST;
        }
        if (Map.class.isAssignableFrom(type)) {
            return FactType.MAP;
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return FactType.TIME;
        }
        return FactType.OTHER;
    }

    /** The known path closest to {@code unknown} (a likely typo), or null if none is close. */
    static String suggest(String unknown) {
        return Texts.closest(unknown, TYPES.keySet());
    }
}
