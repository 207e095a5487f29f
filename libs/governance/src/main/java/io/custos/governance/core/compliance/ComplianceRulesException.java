package io.custos.governance.core.compliance;

import java.util.List;

/**
 * A rules file (or a combination of rule sets, or a parameter value) that cannot be used. Every
 * problem found is listed, each naming the file, the line and the rule, so an operator can fix
 * the file in one pass.
 */
public class ComplianceRulesException extends IllegalArgumentException {

    /**
     * One problem.
     *
     * @param ruleId null when the problem is not inside a rule
     * @param line   1-based; 0 when unknown
     */
    public record Problem(String sourceName, String ruleId, int line, String message) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(sourceName);
            if (line > 0) {
                s.append(':').append(line);
            }
            s.append(": ");
            if (ruleId != null) {
                s.append("rule '").append(ruleId).append("': ");
            }
            return s.append(message).toString();
        }
    }

    private final transient List<Problem> problems;

    public ComplianceRulesException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public ComplianceRulesException(Problem problem) {
        this(List.of(problem));
    }

    /** Every problem found, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).toString();
        }
        StringBuilder s = new StringBuilder(problems.size() + " problems in compliance rules:");
        for (Problem p : problems) {
            s.append("\n  - ").append(p);
        }
        return s.toString();
    }
}
