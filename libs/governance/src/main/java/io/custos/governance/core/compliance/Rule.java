package io.custos.governance.core.compliance;

import java.util.List;
import java.util.Objects;

/**
 * One compliance rule, as loaded from a rules file.
 *
 * @param id          unique kebab-case id; an operator rule with the same id replaces a default one
 * @param when        the condition under which the rule applies; null means it applies to every model
 * @param require     what must hold when the rule applies
 * @param gap         the message of a failure, with the record's facts substituted
 * @param sourceName  the rules file it came from, and {@code line} its line there (1-based), for
 *                    people tracing a finding back to its rule
 */
public record Rule(
        String id,
        String title,
        String description,
        Severity severity,
        Condition when,
        Condition require,
        MessageTemplate gap,
        List<Reference> references,
        String remediation,
        String sourceName,
        int line) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(require, "require");
        Objects.requireNonNull(gap, "gap");
        references = List.copyOf(references);
    }
}
