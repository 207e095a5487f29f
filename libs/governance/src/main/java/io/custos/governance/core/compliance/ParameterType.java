package io.custos.governance.core.compliance;

/**
 * The type of a parameter, fixed by the value it is declared with in a rules file. {@code ANY} is
 * only what a test may expect (a text fact compares with any scalar); declarations are never ANY.
 */
public enum ParameterType {
    NUMBER, BOOLEAN, TEXT, ANY;

    static ParameterType of(Object value) {
        if (value instanceof Number) {
            return NUMBER;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        return TEXT;
    }

    boolean accepts(ParameterType declared) {
        return this == ANY || this == declared;
    }

    String label() {
        return switch (this) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case TEXT -> "text";
            case ANY -> "a scalar";
        };
    }
}
