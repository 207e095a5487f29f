package io.custos.governance.core.compliance;

import io.custos.governance.core.compliance.ComplianceRulesException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable set of compliance rules with the values of their parameters: the shipped defaults,
 * an operator's file, or the defaults with an operator's file merged on top. See the package
 * documentation for the rules language.
 *
 * <p>How the pieces combine, lowest priority first: the defaults file, then each operator file
 * ({@link #merge}), then configured parameter values ({@link #withParameters}).
 */
public final class ComplianceRules {

    /** Where the shipped rules live on the class path. */
    public static final String DEFAULTS_RESOURCE = "/io/custos/governance/compliance/default-rules.yaml";

    /** A declared parameter: its type is fixed by the default it was declared with. */
    record Declared(ParameterType type, Object value, String sourceName, int line) {
    }

    private final List<Rule> rules;
    private final Map<String, Declared> parameters;
    private final Map<String, Integer> disabled;
    private final List<String> sources;

    ComplianceRules(List<Rule> rules, Map<String, Declared> parameters, Map<String, Integer> disabled,
            List<String> sources) {
        this.rules = List.copyOf(rules);
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.disabled = Collections.unmodifiableMap(new LinkedHashMap<>(disabled));
        this.sources = List.copyOf(sources);
    }

    /** The rules shipped with Custos ({@value #DEFAULTS_RESOURCE}). */
    public static ComplianceRules defaults() {
        return DefaultsHolder.DEFAULTS;
    }

    /**
     * Reads a rules file.
     *
     * @param sourceName how problems name the file (e.g. its path)
     * @throws ComplianceRulesException listing every problem, each with file, line and rule id
     */
    public static ComplianceRules load(byte[] yaml, String sourceName) {
        Objects.requireNonNull(yaml, "yaml");
        return RulesParser.parse(yaml, sourceName);
    }

    /**
     * These rules with an operator's rules on top: an operator rule whose id is already here replaces
     * that rule in place (same position, the operator's definition); other operator rules are added at
     * the end; ids in the operator file's {@code disable} list are removed; parameters the operator
     * file declares override values here (with the same type). The operator file's {@code disable}
     * list is consumed by the merge.
     *
     * @throws ComplianceRulesException when the operator disables a rule that is not here, or redeclares
     *                                  a parameter with another type
     */
    public ComplianceRules merge(ComplianceRules operatorRules) {
        Objects.requireNonNull(operatorRules, "operatorRules");
        List<Problem> problems = new ArrayList<>();
        Map<String, Rule> byId = new LinkedHashMap<>();
        for (Rule rule : rules) {
            byId.put(rule.id(), rule);
        }
        String overlaySource = String.join(", ", operatorRules.sources);
        for (Map.Entry<String, Integer> e : operatorRules.disabled.entrySet()) {
            if (byId.remove(e.getKey()) == null) {
                problems.add(new Problem(overlaySource, e.getKey(), e.getValue(),
                        "cannot disable this rule: " + String.join(", ", sources) + " has no rule with that id"));
            }
        }
        for (Rule rule : operatorRules.rules) {
            byId.put(rule.id(), rule);
        }
        Map<String, Declared> merged = new LinkedHashMap<>(parameters);
        for (Map.Entry<String, Declared> e : operatorRules.parameters.entrySet()) {
            Declared mine = parameters.get(e.getKey());
            Declared theirs = e.getValue();
            if (mine != null && mine.type() != theirs.type()) {
                problems.add(new Problem(theirs.sourceName(), null, theirs.line(), "parameter '" + e.getKey()
                        + "' is " + theirs.type().label() + " here but " + mine.type().label() + " in "
                        + mine.sourceName()));
            } else {
                merged.put(e.getKey(), theirs);
            }
        }
        if (!problems.isEmpty()) {
            throw new ComplianceRulesException(problems);
        }
        List<String> allSources = new ArrayList<>(sources);
        allSources.addAll(operatorRules.sources);
        return new ComplianceRules(new ArrayList<>(byId.values()), merged, Map.of(), allSources);
    }

    /**
     * These rules with some parameter values set, typically from deployment configuration. Values are
     * converted to the parameter's declared type, so configuration text such as {@code "5"} is accepted
     * for a number.
     *
     * @throws ComplianceRulesException for an undeclared parameter or a value of the wrong type
     */
    public ComplianceRules withParameters(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        List<Problem> problems = new ArrayList<>();
        Map<String, Declared> updated = new LinkedHashMap<>(parameters);
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String name = e.getKey();
            Declared declared = parameters.get(name);
            if (declared == null) {
                problems.add(new Problem("configuration", null, 0, "unknown compliance parameter '" + name
                        + "' (known: " + String.join(", ", parameters.keySet()) + ")"));
                continue;
            }
            Object value = convert(e.getValue(), declared.type());
            if (value == null) {
                problems.add(new Problem("configuration", null, 0, "compliance parameter '" + name + "' must be "
                        + declared.type().label() + ", not '" + e.getValue() + "'"));
                continue;
            }
            updated.put(name, new Declared(declared.type(), value, "configuration", 0));
        }
        if (!problems.isEmpty()) {
            throw new ComplianceRulesException(problems);
        }
        return new ComplianceRules(rules, updated, disabled, sources);
    }

    private static Object convert(Object value, ParameterType type) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case NUMBER -> {
                Double d = FactValues.asNumber(value);
                yield d == null || d.isInfinite() ? null : d;
            }
            case BOOLEAN -> FactValues.asBoolean(value);
            default -> value instanceof String || value instanceof Number || value instanceof Boolean
                    ? value.toString() : null;
        };
    }

    /** The rules, in evaluation order. */
    public List<Rule> rules() {
        return rules;
    }

    /** The rule with this id, if any. */
    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Parameter values by name (numbers as {@link Double}). */
    public Map<String, Object> parameters() {
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((name, declared) -> values.put(name, declared.value()));
        return Collections.unmodifiableMap(values);
    }

    /** The rule ids this (operator) file disables when merged onto another rule set. */
    public List<String> disabledRuleIds() {
        return List.copyOf(disabled.keySet());
    }

    /** The files these rules came from, defaults first. */
    public List<String> sources() {
        return sources;
    }

    @Override
    public String toString() {
        return "ComplianceRules" + sources + ": " + rules.size() + " rules, parameters " + parameters();
    }

    /** Loads the shipped rules once, on first use. */
    private static final class DefaultsHolder {
        static final ComplianceRules DEFAULTS = loadDefaults();

        private static ComplianceRules loadDefaults() {
            try (InputStream in = ComplianceRules.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing class-path resource " + DEFAULTS_RESOURCE);
                }
                return load(in.readAllBytes(), "default-rules.yaml");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
