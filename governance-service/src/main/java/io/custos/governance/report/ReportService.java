package io.custos.governance.report;

import io.custos.governance.audit.AuditTrail;
import io.custos.governance.compliance.ComplianceService;
import io.custos.governance.core.compliance.Reference;
import io.custos.governance.core.compliance.RuleOutcome;
import io.custos.governance.core.model.ModelVersionRecord;
import io.custos.governance.core.report.ComplianceReportRenderer;
import io.custos.governance.core.report.ReportInput;
import io.custos.governance.domain.ModelRecord;
import io.custos.governance.service.InventoryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The compliance report of one model version, in Markdown or PDF from the same template: the
 * record as governance sees it, a fresh evaluation against the rules in force, and the record's
 * audit excerpt. Generating one is itself audited.
 */
@ApplicationScoped
public class ReportService {

    static final int AUDIT_EXCERPT = 50;

    @Inject
    InventoryService inventory;

    @Inject
    ComplianceService compliance;

    @Inject
    AuditTrail audit;

    private final ComplianceReportRenderer renderer = new ComplianceReportRenderer();

    public enum Format {
        MD, PDF
    }

    public record Rendered(byte[] body, String mediaType, String fileName) {
    }

    @Transactional
    public Rendered render(ModelRecord r, Format format, String actor) {
        ModelVersionRecord effective = inventory.effective(r);
        if (effective == null) {
            throw new io.custos.service.problem.ProblemException(409, "Conflict", "model " + r.id
                    + " was recorded before canonical records existed; it has no report until its source updates it");
        }
        ComplianceService.Outcome outcome = compliance.evaluate(effective);
        List<ReportInput.AuditEntry> excerpt = new ArrayList<>(audit.latest(r.tenant, r.id.toString(), AUDIT_EXCERPT)
                .stream().map(e -> new ReportInput.AuditEntry(e.seq(), e.at(), e.actor(), e.action(), e.detail(), e.hash()))
                .toList());
        Collections.reverse(excerpt); // the report reads oldest first
        ReportInput input = new ReportInput(effective, r.id.toString(), r.tenant,
                new ReportInput.ComplianceSummary(outcome.status(), outcome.result().outcomes().stream()
                        .map(ReportService::finding).toList()),
                excerpt, Instant.now().truncatedTo(ChronoUnit.SECONDS), actor);
        audit.append(r.tenant, actor, "report.generated", r.id.toString(), Map.of("format",
                format.name().toLowerCase(Locale.ROOT), "complianceStatus", outcome.status(),
                "rules", compliance.rulesFingerprint()));
        String base = (r.name + "-" + r.version).replaceAll("[^A-Za-z0-9._-]+", "-") + "-compliance";
        return format == Format.PDF
                ? new Rendered(renderer.pdf(input), "application/pdf", base + ".pdf")
                : new Rendered(renderer.markdown(input).getBytes(StandardCharsets.UTF_8), "text/markdown; charset=UTF-8",
                        base + ".md");
    }

    private static ReportInput.Finding finding(RuleOutcome o) {
        return new ReportInput.Finding(o.ruleId(), o.title(), o.severity().name().toLowerCase(Locale.ROOT),
                o.outcome().name(), o.message(), o.references().stream().map(ReportService::reference).toList(),
                o.remediation());
    }

    private static String reference(Reference ref) {
        return ref.framework().displayName() + " " + ref.clause()
                + (ref.title() == null || ref.title().isBlank() ? "" : " (" + ref.title() + ")");
    }
}
