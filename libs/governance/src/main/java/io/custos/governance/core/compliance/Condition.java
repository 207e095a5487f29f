package io.custos.governance.core.compliance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A condition of a rule, evaluated in three-valued logic: a test on a fact that is missing is
 * neither true nor false but {@link Truth#UNKNOWN}, and {@code all}/{@code any}/{@code not} combine
 * as in Kleene's logic. Each result also carries the missing facts that explain it, so a failing
 * rule can say exactly which evidence to add.
 */
public sealed interface Condition {

    /** Three-valued truth. */
    enum Truth {
        TRUE, FALSE, UNKNOWN;

        Truth negate() {
            return switch (this) {
                case TRUE -> FALSE;
                case FALSE -> TRUE;
                case UNKNOWN -> UNKNOWN;
            };
        }
    }

    /**
     * The truth of a condition and the missing facts that decide it (for a true result, the missing
     * facts it relies on being missing, which matters under a {@code not}).
     */
    record Result(Truth truth, Set<String> missingFacts) {
        static Result of(Truth truth) {
            return new Result(truth, Set.of());
        }

        static Result missing(Truth truth, String fact) {
            return new Result(truth, Set.of(fact));
        }
    }

    /** Evaluates against the record's facts and the rule set's parameter values; never throws. */
    Result evaluate(Map<String, Object> facts, Map<String, Object> parameters);

    /** Holds when every part holds. */
    record All(List<Condition> parts) implements Condition {
        public All {
            parts = List.copyOf(parts);
        }

        @Override
        public Result evaluate(Map<String, Object> facts, Map<String, Object> parameters) {
            List<Result> results = evaluateAll(parts, facts, parameters);
            Truth truth = Truth.TRUE;
            for (Result r : results) {
                if (r.truth() == Truth.FALSE) {
                    truth = Truth.FALSE;
                    break;
                }
                if (r.truth() == Truth.UNKNOWN) {
                    truth = Truth.UNKNOWN;
                }
            }
            // Explained by the parts that made it what it is (all of them when it holds).
            return new Result(truth, missingOf(results, truth == Truth.TRUE ? null : truth));
        }
    }

    /** Holds when at least one part holds. */
    record Any(List<Condition> parts) implements Condition {
        public Any {
            parts = List.copyOf(parts);
        }

        @Override
        public Result evaluate(Map<String, Object> facts, Map<String, Object> parameters) {
            List<Result> results = evaluateAll(parts, facts, parameters);
            Truth truth = Truth.FALSE;
            for (Result r : results) {
                if (r.truth() == Truth.TRUE) {
                    truth = Truth.TRUE;
                    break;
                }
                if (r.truth() == Truth.UNKNOWN) {
                    truth = Truth.UNKNOWN;
                }
            }
            // Explained by the parts that hold when it holds; otherwise any part could have made it hold.
            return new Result(truth, missingOf(results, truth == Truth.TRUE ? Truth.TRUE : null));
        }
    }

    /** Holds when its part does not; unknown stays unknown. */
    record Not(Condition part) implements Condition {
        @Override
        public Result evaluate(Map<String, Object> facts, Map<String, Object> parameters) {
            Result inner = part.evaluate(facts, parameters);
            return new Result(inner.truth().negate(), inner.missingFacts());
        }
    }

    /** {@code is: present | absent | true | false}. Presence tests are never unknown: absence is their answer. */
    record Is(String fact, Check check) implements Condition {
        /** What {@code is} checks. */
        public enum Check { PRESENT, ABSENT, TRUE, FALSE }

        @Override
        public Result evaluate(Map<String, Object> facts, Map<String, Object> parameters) {
            Object value = facts.get(fact);
            boolean present = FactValues.isPresent(value);
            switch (check) {
                case PRESENT:
                    return present ? Result.of(Truth.TRUE) : Result.missing(Truth.FALSE, fact);
                case ABSENT:
                    return present ? Result.of(Truth.FALSE) : Result.missing(Truth.TRUE, fact);
                default:
                    if (!present) {
                        return Result.missing(Truth.UNKNOWN, fact);
                    }
                    Boolean b = FactValues.asBoolean(value);
                    boolean wanted = check == Check.TRUE;
                    return Result.of(b != null && b == wanted ? Truth.TRUE : Truth.FALSE);
            }
        }
    }

    /** The comparisons that take one operand. */
    enum Comparison {
        EQUALS, GT, GTE, LT, LTE, CONTAINS;

        boolean numeric() {
            return this == GT || this == GTE || this == LT || this == LTE;
        }
    }

    /** {@code equals}, {@code gt}/{@code gte}/{@code lt}/{@code lte} or {@code contains} one operand. */
    record Compare(String fact, Comparison comparison, Operand operand) implements Condition {
        @Override
        public Result evaluate(Map<String, Object> facts, Map<String, Object> parameters) {
            Object value = facts.get(fact);
            if (!FactValues.isPresent(value)) {
                return Result.missing(Truth.UNKNOWN, fact);
            }
            Object expected = operand.resolve(parameters);
            boolean holds;
            if (comparison == Comparison.EQUALS) {
                holds = FactValues.scalarEquals(value, expected);
            } else if (comparison == Comparison.CONTAINS) {
                holds = FactValues.contains(value, expected);
            } else {
                Integer order = FactValues.compareNumbers(value, expected);
                if (order == null) {
                    return Result.of(Truth.FALSE);
                }
                holds = switch (comparison) {
                    case GT -> order > 0;
                    case GTE -> order >= 0;
                    case LT -> order < 0;
                    default -> order <= 0;
                };
            }
            return Result.of(holds ? Truth.TRUE : Truth.FALSE);
        }
    }

    /** {@code in}: the fact equals one of the options. */
    record In(String fact, List<Operand> options) implements Condition {
        public In {
            options = List.copyOf(options);
        }

        @Override
        public Result evaluate(Map<String, Object> facts, Map<String, Object> parameters) {
            Object value = facts.get(fact);
            if (!FactValues.isPresent(value)) {
                return Result.missing(Truth.UNKNOWN, fact);
            }
            for (Operand option : options) {
                if (FactValues.scalarEquals(value, option.resolve(parameters))) {
                    return Result.of(Truth.TRUE);
                }
            }
            return Result.of(Truth.FALSE);
        }
    }

    /**
     * {@code matches}: the whole text matches a regular expression. Fact values may come from
     * untrusted tags, so the input length and the matcher's work are bounded; a value too long or
     * too costly to match (too many steps, or recursion deeper than the thread's stack) does not match.
     */
    record Matches(String fact, Pattern pattern) implements Condition {
        static final int MAX_INPUT = 1024;
        static final int MAX_STEPS = 200_000;

        @Override
        public Result evaluate(Map<String, Object> facts, Map<String, Object> parameters) {
            Object value = facts.get(fact);
            if (!FactValues.isPresent(value)) {
                return Result.missing(Truth.UNKNOWN, fact);
            }
            String text = value.toString();
            if (text.length() > MAX_INPUT) {
                return Result.of(Truth.FALSE);
            }
            try {
                boolean matches = pattern.matcher(new BoundedCharSequence(text, MAX_STEPS)).matches();
                return Result.of(matches ? Truth.TRUE : Truth.FALSE);
            } catch (BoundedCharSequence.BudgetExceeded | StackOverflowError e) {
                return Result.of(Truth.FALSE);
            }
        }
    }

    private static List<Result> evaluateAll(List<Condition> parts, Map<String, Object> facts,
            Map<String, Object> parameters) {
        List<Result> results = new ArrayList<>(parts.size());
        for (Condition part : parts) {
            results.add(part.evaluate(facts, parameters));
        }
        return results;
    }

    /** The missing facts of the results whose truth is {@code only} (of all results when null). */
    private static Set<String> missingOf(List<Result> results, Truth only) {
        Set<String> missing = new LinkedHashSet<>();
        for (Result r : results) {
            if (only == null || r.truth() == only) {
                missing.addAll(r.missingFacts());
            }
        }
        return Collections.unmodifiableSet(missing);
    }
}
