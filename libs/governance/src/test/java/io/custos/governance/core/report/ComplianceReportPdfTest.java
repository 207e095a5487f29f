package io.custos.governance.core.report;

import static io.custos.governance.core.report.ReportFixtures.AUDIT_HASHES;
import static io.custos.governance.core.report.ReportFixtures.DPIA_MESSAGE;
import static io.custos.governance.core.report.ReportFixtures.DRIFT_MESSAGE;
import static io.custos.governance.core.report.ReportFixtures.GENERATED_AT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.governance.core.model.ModelVersionRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PDF is checked by reading it back with PDFBox, as an auditor's viewer would. */
class ComplianceReportPdfTest {

    private static final ComplianceReportRenderer RENDERER = new ComplianceReportRenderer();
    /** Latin-1 accents plus Polish, Greek and Cyrillic, which the PDF standard fonts cannot show. */
    private static final String NAME = "Modèle crédit für Łódź";
    private static final String OWNER = "Ελένη Παπαδοπούλου, Żółć, Дмитрий";

    private static byte[] fullPdf;

    @BeforeAll
    static void renderOnce() {
        ModelVersionRecord r = ReportFixtures.record(NAME);
        ModelVersionRecord withOwner = new ModelVersionRecord(r.source(),
                new ModelVersionRecord.Identity(NAME, r.identity().description(), r.identity().businessPurpose(),
                        OWNER),
                r.lifecycle(), r.evidence(), r.lineage(), r.risk(), r.artifacts(), r.completeness());
        fullPdf = RENDERER.pdf(ReportFixtures.input(withOwner));
    }

    @Test
    void isARealPdfWithTheReportsContent() throws IOException {
        assertEquals("%PDF-", new String(fullPdf, 0, 5, StandardCharsets.US_ASCII));
        try (PDDocument pdf = Loader.loadPDF(fullPdf)) {
            int pages = pdf.getNumberOfPages();
            assertTrue(pages > 0);
            String text = text(pdf);

            assertTrue(text.contains("Compliance report: " + NAME + ", version 7"), text);
            assertTrue(text.contains("Trained with differential privacy: ε = 3, δ = 0.00001"), text);
            assertTrue(text.contains("Compliance status: GAPS FOUND"), text);
            assertTrue(text.contains(DRIFT_MESSAGE), text);
            assertTrue(text.contains(DPIA_MESSAGE), text);
            String unbroken = text.replace(" ", "");
            for (String hash : AUDIT_HASHES) {
                assertTrue(unbroken.contains(hash.substring(0, ReportView.AUDIT_HASH_PREFIX)), hash);
            }
            // Running header on every page and "Page X of Y" in the footer.
            assertEquals(pages, occurrences(text, "Custos compliance report · " + NAME + ", version 7"), text);
            assertTrue(text.contains("Page 1 of " + pages), text);
            assertTrue(text.contains("Page " + pages + " of " + pages), text);
        }
    }

    @Test
    void nonLatinTextSurvivesIntoThePdf() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(fullPdf)) {
            String text = text(pdf);

            assertTrue(text.contains(NAME), text);
            assertTrue(text.contains(OWNER), text);
            assertFalse(text.contains("#"), "a glyph the font lacks would print as #: " + text);
        }
    }

    @Test
    void isReproducibleAndStampedWithTheGenerationTime() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(fullPdf)) {
            PDDocumentInformation info = pdf.getDocumentInformation();
            assertEquals(GENERATED_AT.toEpochMilli(), info.getCreationDate().getTimeInMillis());
            assertEquals("Custos", info.getProducer());
            assertEquals("Compliance report: " + NAME + ", version 7", info.getTitle());
        }
        ReportInput input = ReportFixtures.input(ReportFixtures.record("repeatable"));
        assertArrayEquals(RENDERER.pdf(input), RENDERER.pdf(input));
    }

    @Test
    void markdownAndHtmlInAModelNameStayLiteralText() throws IOException {
        String name = "x | y *z* <script>";
        ReportInput input = ReportFixtures.input(ReportFixtures.record(name));

        String html = RENDERER.html(input);
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<em>"), html);
        assertTrue(html.contains("<td>x | y *z* &lt;script&gt;</td>"), html);
        try (PDDocument pdf = Loader.loadPDF(RENDERER.pdf(input))) {
            assertTrue(text(pdf).contains("Model name " + name), text(pdf));
        }
    }

    @Test
    void incompleteAndNonPrivateRecordsRender() throws IOException {
        ReportInput incomplete = new ReportInput(ReportFixtures.incomplete(), null, null, null, null, null, null);
        try (PDDocument pdf = Loader.loadPDF(RENDERER.pdf(incomplete))) {
            String text = text(pdf);
            assertTrue(text.contains("Incomplete record. Reason: MLflow returned 503 while fetching run run-77"), text);
            assertTrue(text.contains("Trained without differential privacy."), text);
            assertFalse(text.contains("null"), text);
        }
        ReportInput noPrivacy = ReportFixtures.input(ReportFixtures.withoutPrivacy(ReportFixtures.record("plain")));
        try (PDDocument pdf = Loader.loadPDF(RENDERER.pdf(noPrivacy))) {
            assertTrue(text(pdf).contains("Trained without differential privacy."), text(pdf));
        }
    }

    @Test
    void aLargeManifestIsTruncatedInThePdfToo() throws IOException {
        ReportInput input = ReportFixtures.input(ReportFixtures.withManifest(ReportFixtures.record("big"), 2_000));
        try (PDDocument pdf = Loader.loadPDF(RENDERER.pdf(input))) {
            String text = text(pdf);
            assertTrue(text.contains("Manifest truncated: 1950 more files not shown (2000 in total)."), text);
            assertFalse(text.contains("part-00050"), text);
        }
    }

    /** The PDF's text with line breaks folded to spaces, so wrapped cells read as one line. */
    private static String text(PDDocument pdf) throws IOException {
        return new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
