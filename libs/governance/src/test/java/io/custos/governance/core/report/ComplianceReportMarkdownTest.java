package io.custos.governance.core.report;

import static io.custos.governance.core.report.ReportFixtures.AUDIT_HASHES;
import static io.custos.governance.core.report.ReportFixtures.CODE_COMMIT;
import static io.custos.governance.core.report.ReportFixtures.DATASET_SHA;
import static io.custos.governance.core.report.ReportFixtures.DPIA_MESSAGE;
import static io.custos.governance.core.report.ReportFixtures.DRIFT_MESSAGE;
import static io.custos.governance.core.report.ReportFixtures.MODEL_SHA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.governance.core.model.ModelVersionRecord;
import io.custos.governance.core.report.ReportInput.AuditEntry;
import io.custos.governance.core.report.ReportInput.ComplianceSummary;
import io.custos.governance.core.report.ReportInput.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Emphasis;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

class ComplianceReportMarkdownTest {

    private static final ComplianceReportRenderer RENDERER = new ComplianceReportRenderer();
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    @Test
    void sectionsComeInTheAuditorsOrder() {
        String md = RENDERER.markdown(ReportFixtures.input());

        List<String> headings = List.of("# Compliance report: credit-risk-scorer, version 7", "> **Compliance status:",
                "## 1. Identity", "## 2. Lifecycle", "## 3. Privacy guarantee",
                "## 4. Training and evaluation evidence", "### Metrics", "### Hyperparameters", "## 5. Lineage",
                "## 6. Risk and compliance", "## 7. Artifacts and environment", "### Runtime environment files",
                "### Manifest", "### Evidence files", "## 8. Gaps", "## 9. Rule outcomes",
                "## 10. Audit trail excerpt", "## 11. Completeness");
        int previous = -1;
        for (String heading : headings) {
            int at = md.indexOf(heading);
            assertTrue(at > previous, heading + " missing or out of order");
            previous = at;
        }
    }

    @Test
    void showsTheRecordsValues() {
        String md = RENDERER.markdown(ReportFixtures.input());

        for (String expected : List.of(
                "Generated 2026-04-02 09:30:00 UTC by bob · tenant acme · record `rec-5512`",
                "> **Compliance status: GAPS FOUND** · 2 of 4 rules failed, 1 passed, 1 not applicable",
                "| Owner | risk-ml@bank.example |",
                "| Business purpose | Pre-screen consumer credit applications |",
                "| Stage | PRODUCTION |",
                "| Aliases | champion; eu-prod |",
                "| Created | 2026-03-01 10:15:30 UTC |",
                "> **Trained with differential privacy: ε = 3, δ = 0.00001** (accountant: rdp)",
                "| Trained on personal data | yes |",
                "| auc | 0.873 |",
                "| learning\\_rate | 0.05 |",
                "| evaluated\\_by | ml-eng |",
                "| Experiment | credit-dp (42) |",
                "| Code commit | `" + CODE_COMMIT + "` |",
                "| Training entrypoint | train.py:main |",
                "| Dataset | privacy://datasets/ds-17 |",
                "| Dataset SHA-256 | `" + DATASET_SHA + "` |",
                "| Training job | `job-2291` |",
                "| Federation | — |",
                "| Regulatory scope | EU AI Act; GDPR |",
                "| Compliance approver | dpo@bank.example |",
                "| Bundle | `bnd-0042` |",
                "| Signing key | `custos-signing-2026-01` |",
                "| Model digest | `" + MODEL_SHA + "` |",
                "- File: conda.yaml",
                "- File: requirements.txt",
                "| model.onnx | 1.2 MiB (1234567 B) | `" + MODEL_SHA + "` |",
                "| data/raw-features.bin | 9.0 GiB (9663676416 B) | not hashed: larger than the 256 MiB hashing"
                        + " limit |",
                "- File: provenance.intoto.jsonl",
                "| `federation-dp` | Client-level DP for federated models | LOW | NOT APPLICABLE | — |",
                "| 101 | 2026-03-01 10:15:31 UTC | svc-packaging | model.registered | bundle bnd-0042 signed | `"
                        + AUDIT_HASHES.get(0).substring(0, 16) + "` |",
                "Complete: the record was fetched in full.")) {
            assertTrue(md.contains(expected), () -> "missing: " + expected + "\n---\n" + md);
        }
        assertFalse(md.contains("null"), md);
        assertFalse(md.contains(AUDIT_HASHES.get(0)), "only a prefix of audit hashes is printed");
    }

    @Test
    void gapsListFailedFindingsMostSevereFirstWithReferencesAndRemediation() {
        String md = RENDERER.markdown(ReportFixtures.input());
        String gaps = md.substring(md.indexOf("## 8. Gaps"), md.indexOf("## 9. Rule outcomes"));

        assertTrue(gaps.contains("Failed rules: 2, most severe first."), gaps);
        int critical = gaps.indexOf("### Gap 1 (CRITICAL): Post-deployment monitoring");
        int medium = gaps.indexOf("### Gap 2 (MEDIUM): DPIA referenced");
        assertTrue(critical >= 0 && medium > critical, gaps);
        for (String expected : List.of("- Finding: " + DRIFT_MESSAGE,
                "- References: EU AI Act Art. 72; ISO/IEC 42001 9.1",
                "- Remediation: Attach a drift monitor to alias champion", "- Rule: `dpia-reference`",
                "- Finding: " + DPIA_MESSAGE, "- References: GDPR Art. 35")) {
            assertTrue(gaps.contains(expected), () -> "missing: " + expected + "\n" + gaps);
        }
        assertFalse(gaps.contains("dp-required"), "passed rules are not gaps");
    }

    @Test
    void aRecordWithoutPrivacySaysSoProminently() {
        String md = RENDERER.markdown(ReportFixtures.input(ReportFixtures.withoutPrivacy(ReportFixtures.record("m"))));

        assertTrue(md.contains("> **Trained without differential privacy.** No (ε, δ) guarantee is recorded"), md);
        assertTrue(md.contains("Trained on personal data: yes"), md);
        assertFalse(md.contains("Epsilon"), md);
    }

    @Test
    void anIncompleteRecordRendersWithDashesForEverythingMissing() {
        ReportInput input = new ReportInput(ReportFixtures.incomplete(), null, null, null, null, null, null);

        String md = RENDERER.markdown(input);

        assertTrue(md.contains("# Compliance report: fraud-detector, version 12"), md);
        assertTrue(md.contains("Generated — by — · tenant — · record —"), md);
        assertTrue(md.contains("**Compliance status: NOT EVALUATED**"), md);
        assertTrue(md.contains("| Owner | — |"), md);
        assertTrue(md.contains("| Source | mlflow: Customer MLflow (src-3) |"), md);
        assertTrue(md.contains("| Code commit | — |"), md);
        assertTrue(md.contains("| Bundle digest | — |"), md);
        assertTrue(md.contains("Trained without differential privacy"), md);
        assertTrue(md.contains("Trained on personal data: —"), md);
        assertTrue(md.contains("No metrics recorded."), md);
        assertTrue(md.contains("No manifest recorded."), md);
        assertTrue(md.contains("No compliance evaluation was supplied, so gaps could not be determined."), md);
        assertTrue(md.contains("No audit entries were supplied."), md);
        assertTrue(md.contains("**Incomplete record.** Reason: MLflow returned 503 while fetching run run-77"), md);
        assertFalse(md.contains("null"), md);
    }

    @Test
    void aRecordWithNothingAtAllStillRenders() {
        String md = RENDERER.markdown(new ReportInput(null, null, null, null, null, null, null));

        assertTrue(md.contains("# Compliance report: —, version —"), md);
        assertTrue(md.contains("Completeness was not recorded: —"), md);
        assertFalse(md.contains("null"), md);
    }

    @Test
    void aLargeManifestIsTruncatedWithACount() {
        String md = RENDERER.markdown(
                ReportFixtures.input(ReportFixtures.withManifest(ReportFixtures.record("m"), 500)));

        assertTrue(md.contains("500 files."), md);
        assertTrue(md.contains("Manifest truncated: 450 more files not shown (500 in total)."), md);
        assertEquals(ReportView.MANIFEST_ROW_LIMIT, md.split("\\| shards/part-", -1).length - 1);
        assertTrue(md.contains("| shards/part-00049.bin |"), md);
        assertFalse(md.contains("part-00050"), md);
    }

    @Test
    void aManifestAtTheLimitIsNotTruncated() {
        String md = RENDERER.markdown(ReportFixtures.input(
                ReportFixtures.withManifest(ReportFixtures.record("m"), ReportView.MANIFEST_ROW_LIMIT)));

        assertFalse(md.contains("Manifest truncated"), md);
    }

    @Test
    void aModelNameWithMarkdownAndHtmlRendersLiterallyInTheTable() {
        String name = "x | y *z* <script>";

        String md = RENDERER.markdown(ReportFixtures.input(ReportFixtures.record(name)));

        assertTrue(md.contains("| Model name | x \\| y \\*z\\* \\<script\\> |"), md);
        Node document = PARSER.parse(md);
        List<List<String>> rows = tableRows(document);
        assertTrue(rows.contains(List.of("Model name", name)), rows.toString());
        assertNoInjectedStructure(document);
    }

    @Test
    void hostileValuesInEveryKindOfFieldCannotChangeTheReportsStructure() {
        ReportInput benign = ReportFixtures.input();
        ModelVersionRecord r = ReportFixtures.record("# Injected title\n\n## 1. Identity");
        var id = new ModelVersionRecord.Identity(r.identity().modelName(), "line1\n\n# Injected heading\n- item",
                "<img src=x onerror=alert(1)>", "[click me](http://evil.example)");
        var ev = new ModelVersionRecord.Evidence("FINISHED", null, null, Map.of("auc | 1.0 | x", 0.5),
                Map.of("lr", "![pixel](http://evil.example/p.png)"), Map.of("<b>tag</b>", "**bold**"));
        ModelVersionRecord hostile = new ModelVersionRecord(r.source(), id, r.lifecycle(), ev, r.lineage(), r.risk(),
                r.artifacts(), new ModelVersionRecord.Completeness(false, "`code` _emph_ <br/>\n---"));
        ComplianceSummary compliance = new ComplianceSummary("gaps", List.of(new Finding("r1\n# heading",
                "Title *emph*", "high", "FAILED", "1. not a list\n2. really", List.of("<a href=x>ref</a>"),
                "```\nfenced\n```")));
        List<AuditEntry> audit = List.of(new AuditEntry(1, Instant.EPOCH, "eve", "edit", "| extra | cells |", "zz"));

        String md = RENDERER.markdown(new ReportInput(hostile, "id", "t", compliance, audit, Instant.EPOCH, "eve"));

        Node document = PARSER.parse(md);
        assertNoInjectedStructure(document);
        List<List<String>> rows = tableRows(document);
        assertTrue(rows.contains(List.of("Description", "line1 # Injected heading - item")), rows.toString());
        assertTrue(rows.contains(List.of("Owner", "[click me](http://evil.example)")), rows.toString());
        assertTrue(rows.contains(List.of("auc | 1.0 | x", "0.5")), rows.toString());
        // Same headings as a benign report with one gap: nothing was added by the values.
        assertEquals(headingCount(PARSER.parse(RENDERER.markdown(new ReportInput(benign.record(), "id", "t",
                new ComplianceSummary("gaps", List.of(compliance.findings().get(0))), audit, Instant.EPOCH, "eve")))),
                headingCount(document));
    }

    /** No links, images, raw HTML or emphasis can come from values (the template uses only strong). */
    private static void assertNoInjectedStructure(Node document) {
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                throw new AssertionError("link injected: " + link.getDestination());
            }

            @Override
            public void visit(Image image) {
                throw new AssertionError("image injected: " + image.getDestination());
            }

            @Override
            public void visit(HtmlInline html) {
                throw new AssertionError("inline HTML injected: " + html.getLiteral());
            }

            @Override
            public void visit(HtmlBlock html) {
                throw new AssertionError("HTML block injected: " + html.getLiteral());
            }

            @Override
            public void visit(Emphasis emphasis) {
                throw new AssertionError("emphasis injected");
            }
        });
    }

    private static int headingCount(Node document) {
        int[] count = {0};
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                count[0]++;
            }
        });
        return count[0];
    }

    /** Every table row (header rows included) as its cells' text. */
    private static List<List<String>> tableRows(Node document) {
        List<List<String>> rows = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(CustomBlock block) {
                visitChildren(block);
            }

            @Override
            public void visit(CustomNode node) {
                if (node instanceof TableRow row) {
                    List<String> cells = new ArrayList<>();
                    for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                        cells.add(text((TableCell) cell));
                    }
                    rows.add(cells);
                } else {
                    visitChildren(node);
                }
            }
        });
        return rows;
    }

    private static String text(Node node) {
        StringBuilder out = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                out.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                out.append(code.getLiteral());
            }
        });
        return out.toString();
    }
}
