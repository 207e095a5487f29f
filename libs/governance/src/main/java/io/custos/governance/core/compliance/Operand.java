package io.custos.governance.core.compliance;

import java.util.Map;

/**
 * The right-hand side of a fact test: a literal from the rules file, or a named parameter
 * ({@code ${max_epsilon}}) whose value the deployment configures.
 */
public sealed interface Operand {

    /** The value to compare with, given the rule set's parameter values. */
    Object resolve(Map<String, Object> parameters);

    /** A literal text, number or boolean. */
    record Literal(Object value) implements Operand {
        @Override
        public Object resolve(Map<String, Object> parameters) {
            return value;
        }

        @Override
        public String toString() {
            return String.valueOf(value);
        }
    }

    /**
     * A reference to a parameter; {@code expected} is the type the test needs, checked whenever the
     * parameter's value is set.
     */
    record Parameter(String name, ParameterType expected) implements Operand {
        @Override
        public Object resolve(Map<String, Object> parameters) {
            return parameters.get(name);
        }

        @Override
        public String toString() {
            return "${" + name + "}";
        }
    }
}
