package io.custos.governance.core.compliance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The compliance verdict on one model version: an overall status for the badge and every rule's
 * outcome as the evidence behind it.
 *
 * @param status      {@value #NON_COMPLIANT} if an error-severity rule failed, otherwise
 *                    {@value #GAPS} if a warning failed, otherwise {@value #COMPLIANT} (failed
 *                    info rules are advice and do not change it)
 * @param outcomes    one per rule, in the rule set's order
 * @param evaluatedAt when the evaluation ran, from the evaluator's clock
 */
public record ComplianceResult(String status, List<RuleOutcome> outcomes, Instant evaluatedAt) {

    public static final String COMPLIANT = "compliant";
    public static final String GAPS = "gaps";
    public static final String NON_COMPLIANT = "non_compliant";

    public ComplianceResult {
        Objects.requireNonNull(status, "status");
        outcomes = List.copyOf(outcomes);
    }

    /** The status that {@code outcomes} amount to. */
    public static String statusOf(List<RuleOutcome> outcomes) {
        boolean warning = false;
        for (RuleOutcome o : outcomes) {
            if (o.failed() && o.severity() == Severity.ERROR) {
                return NON_COMPLIANT;
            }
            warning |= o.failed() && o.severity() == Severity.WARNING;
        }
        return warning ? GAPS : COMPLIANT;
    }

    /** The failed rules, in order. */
    public List<RuleOutcome> failures() {
        return outcomes.stream().filter(RuleOutcome::failed).toList();
    }

    /** The outcome of rule {@code ruleId}, or null if the rule set had no such rule. */
    public RuleOutcome outcome(String ruleId) {
        for (RuleOutcome o : outcomes) {
            if (o.ruleId().equals(ruleId)) {
                return o;
            }
        }
        return null;
    }
}
