package io.custos.governance.core.compliance;

import io.custos.governance.core.model.ModelVersionRecord;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Evaluates a rule set against one model version. Missing evidence is a finding, never an error:
 * a requirement that cannot be checked because a fact is missing fails and names the fact, and a
 * {@code when} that cannot be decided makes the rule not applicable (rules that must apply in doubt
 * say so with {@code is: absent}). Stateless and thread-safe; the clock only stamps results.
 */
public final class ComplianceEvaluator {

    private final Clock clock;

    /** An evaluator stamping results with the system UTC clock. */
    public ComplianceEvaluator() {
        this(Clock.systemUTC());
    }

    public ComplianceEvaluator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every rule's outcome on {@code record}, and the overall status they amount to. */
    public ComplianceResult evaluate(ComplianceRules rules, ModelVersionRecord record) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(record, "record");
        Map<String, Object> facts = record.facts();
        Map<String, Object> parameters = rules.parameters();
        List<RuleOutcome> outcomes = new ArrayList<>(rules.rules().size());
        for (Rule rule : rules.rules()) {
            outcomes.add(evaluateSafely(rule, facts, parameters));
        }
        return new ComplianceResult(ComplianceResult.statusOf(outcomes), outcomes, clock.instant());
    }

    /**
     * One rule's outcome. Conditions are written not to throw; should one ever do so, that rule fails
     * (the safe direction for a compliance verdict) and the other rules are still evaluated.
     */
    private static RuleOutcome evaluateSafely(Rule rule, Map<String, Object> facts, Map<String, Object> parameters) {
        try {
            return evaluate(rule, facts, parameters);
        } catch (RuntimeException e) {
            return outcome(rule, RuleOutcome.Outcome.FAILED,
                    "This rule could not be evaluated (" + e.getClass().getSimpleName() + "); treat it as failed.",
                    Set.of());
        }
    }

    private static RuleOutcome evaluate(Rule rule, Map<String, Object> facts, Map<String, Object> parameters) {
        if (rule.when() != null) {
            Condition.Result applies = rule.when().evaluate(facts, parameters);
            if (applies.truth() == Condition.Truth.FALSE) {
                return outcome(rule, RuleOutcome.Outcome.NOT_APPLICABLE, "Does not apply to this model.", Set.of());
            }
            if (applies.truth() == Condition.Truth.UNKNOWN) {
                return outcome(rule, RuleOutcome.Outcome.NOT_APPLICABLE,
                        "Cannot tell whether this applies; missing: " + String.join(", ", applies.missingFacts()) + ".",
                        applies.missingFacts());
            }
        }
        Condition.Result required = rule.require().evaluate(facts, parameters);
        if (required.truth() == Condition.Truth.TRUE) {
            return outcome(rule, RuleOutcome.Outcome.PASSED, "Satisfied.", Set.of());
        }
        String message = rule.gap().render(facts, parameters);
        if (!required.missingFacts().isEmpty()) {
            message += " Missing: " + String.join(", ", required.missingFacts()) + ".";
        }
        return outcome(rule, RuleOutcome.Outcome.FAILED, message, required.missingFacts());
    }

    private static RuleOutcome outcome(Rule rule, RuleOutcome.Outcome outcome, String message, Set<String> missing) {
        return new RuleOutcome(rule.id(), rule.title(), rule.severity(), outcome, message, rule.references(),
                rule.remediation(), List.copyOf(missing));
    }
}
