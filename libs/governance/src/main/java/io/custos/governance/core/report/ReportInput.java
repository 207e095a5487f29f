package io.custos.governance.core.report;

import io.custos.governance.core.model.ModelVersionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one compliance report shows about one model version. The report package defines its
 * own compliance and audit shapes (instead of importing the compliance or audit packages) so that
 * rendering can evolve and be tested on its own; callers map their results into these records.
 *
 * <p>Like {@link ModelVersionRecord}, any field may be null: the report prints "—" for what is
 * missing rather than refusing to render, because an auditor must see the gap.
 *
 * @param record the canonical model-version record
 * @param recordId the inventory id of the record, so the report can be traced back to it
 * @param tenant the tenant the record belongs to
 * @param compliance the evaluated compliance rules; null when the record was not evaluated
 * @param auditExcerpt the audit-trail entries about this model version, oldest first
 * @param generatedAt when the report was produced; also the PDF creation date
 * @param generatedBy who asked for the report (user or service)
 */
public record ReportInput(
        ModelVersionRecord record,
        String recordId,
        String tenant,
        ComplianceSummary compliance,
        List<AuditEntry> auditExcerpt,
        Instant generatedAt,
        String generatedBy) {

    public ReportInput {
        auditExcerpt = copyWithoutNulls(auditExcerpt);
    }

    /**
     * The outcome of evaluating the compliance rules.
     *
     * @param status {@code compliant}, {@code gaps} or {@code non_compliant}
     * @param findings one finding per evaluated rule, in the order the rules were evaluated
     */
    public record ComplianceSummary(String status, List<Finding> findings) {
        public ComplianceSummary {
            findings = copyWithoutNulls(findings);
        }
    }

    /**
     * One rule's outcome.
     *
     * @param outcome {@code PASSED}, {@code FAILED} or {@code NOT_APPLICABLE}
     * @param references the regulation articles the rule implements, e.g. {@code "GDPR Art. 35"}
     * @param remediation what to do to close the gap
     */
    public record Finding(String ruleId, String title, String severity, String outcome, String message,
            List<String> references, String remediation) {
        public Finding {
            references = copyWithoutNulls(references);
        }

        /** Whether this finding is a gap the report must list. */
        public boolean failed() {
            return "FAILED".equalsIgnoreCase(outcome);
        }
    }

    /**
     * One entry of the hash-chained audit trail.
     *
     * @param hash the entry's chain hash (hex); the report shows a prefix an auditor can match
     */
    public record AuditEntry(long sequence, Instant at, String actor, String action, String detail, String hash) {
    }

    private static <T> List<T> copyWithoutNulls(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}
