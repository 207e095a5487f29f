package io.custos.governance.core.compliance;

import java.util.Objects;

/**
 * A clause of a framework that a rule gives evidence for, e.g. GDPR {@code Art. 35} "Data protection
 * impact assessment". Reports print it next to the finding, so an auditor can check the mapping.
 */
public record Reference(Framework framework, String clause, String title) {
    public Reference {
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(clause, "clause");
        Objects.requireNonNull(title, "title");
    }
}
