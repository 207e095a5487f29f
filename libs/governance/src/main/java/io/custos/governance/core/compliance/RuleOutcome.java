package io.custos.governance.core.compliance;

import java.util.List;

/**
 * The verdict of one rule on one model version.
 *
 * @param message      for a failure, the rule's gap message with the record's facts substituted
 *                     (followed by the missing facts, if any); otherwise a short explanation
 * @param missingFacts the fact paths whose absence made the rule fail (or, for a rule that could
 *                     not tell whether it applies, the facts its {@code when} needed)
 */
public record RuleOutcome(
        String ruleId,
        String title,
        Severity severity,
        Outcome outcome,
        String message,
        List<Reference> references,
        String remediation,
        List<String> missingFacts) {

    /** What became of a rule. */
    public enum Outcome {
        /** The rule applies and its requirement holds. */
        PASSED,
        /** The rule applies and its requirement does not hold, or cannot be checked because facts are missing. */
        FAILED,
        /** The rule's {@code when} does not hold, or cannot be decided for lack of facts. */
        NOT_APPLICABLE
    }

    public RuleOutcome {
        references = List.copyOf(references);
        missingFacts = List.copyOf(missingFacts);
    }

    /** True for a failure. */
    public boolean failed() {
        return outcome == Outcome.FAILED;
    }
}
