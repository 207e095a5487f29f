package io.custos.governance.core.report;

import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.ValueResolver;
import java.time.Instant;
import java.util.Objects;

/**
 * Renders the compliance report of one model version, for auditors, as Markdown and as PDF. Both
 * come from ONE Qute template ({@code compliance-report.md}): the PDF is the rendered Markdown
 * printed, so the two can never disagree.
 *
 * <p>Plain Java with a standalone Qute engine (no CDI), so the governance service and the CLI can
 * both use it. Every value the template prints is escaped for Markdown, because model names, tags
 * and rule messages come from users and from customers' MLflow servers and must not be able to
 * change the report's structure. Instances are immutable and thread-safe; create one and reuse it
 * (it parses the template and loads the fonts once).
 */
public final class ComplianceReportRenderer {

    private static final String TEMPLATE = "compliance-report.md";

    private final Template template;
    private final ReportPdfPrinter printer = new ReportPdfPrinter();

    public ComplianceReportRenderer() {
        Engine engine = Engine.builder()
                .addDefaults()
                // Reads the view's record components ({r.header.modelName}).
                .addValueResolver(new ReflectionValueResolver())
                // {value.mono}: a digest or id as a code span (monospace, wrapping in the PDF).
                .addValueResolver(ValueResolver.builder()
                        .applyToBaseClass(String.class)
                        .applyToName("mono")
                        .resolveSync(context -> MarkdownEscaper.codeSpan((String) context.getBase()))
                        .build())
                .addResultMapper(new MarkdownEscaper())
                .strictRendering(true)
                .build();
        this.template = engine.parse(ReportPdfPrinter.resourceText(TEMPLATE), null, TEMPLATE);
    }

    /** The report as GitHub-flavoured Markdown (CommonMark with tables). */
    public String markdown(ReportInput input) {
        return markdown(ReportView.of(Objects.requireNonNull(input, "input")));
    }

    /**
     * The report as an A4 PDF: the {@link #markdown(ReportInput) Markdown} printed, with the model
     * name and version in every page header and "Page X of Y" in the footer. Rendering the same
     * input twice gives the same bytes.
     */
    public byte[] pdf(ReportInput input) {
        ReportView view = ReportView.of(Objects.requireNonNull(input, "input"));
        return printer.pdf(markdown(view), frame(view, input.generatedAt()));
    }

    /** The HTML the PDF is printed from; for tests that check what structure reaches the PDF. */
    String html(ReportInput input) {
        ReportView view = ReportView.of(input);
        return printer.html(markdown(view), frame(view, input.generatedAt()));
    }

    private String markdown(ReportView view) {
        return template.data("r", view).render();
    }

    private static ReportPdfPrinter.PageFrame frame(ReportView view, Instant generatedAt) {
        ReportView.Header h = view.header();
        String model = h.modelName() + ", version " + h.version();
        return new ReportPdfPrinter.PageFrame(
                "Compliance report: " + model,
                "Custos compliance report · " + model,
                "Generated " + h.generatedAt() + " by " + h.generatedBy() + " · status " + view.status().label(),
                h.generatedBy(),
                generatedAt);
    }
}
