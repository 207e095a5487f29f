package io.custos.governance.core.report;

import static com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI;
import static com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceType;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.BiPredicate;
import java.util.logging.Level;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Code;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Prints the Markdown report as a PDF: commonmark turns it into HTML (GFM tables; any raw HTML is
 * escaped, never passed through), and openhtmltopdf lays that out with the print stylesheet. The
 * PDF is thus the Markdown report, not a second rendition that could drift from it.
 *
 * <p>Text uses embedded DejaVu fonts rather than the PDF standard fonts, which only cover Latin-1:
 * owners and model names in Polish, Czech, Greek or Cyrillic, and the report's own ε and δ, must
 * print as written, not as "#". Fonts are subset, so a report embeds only the glyphs it uses.
 *
 * <p>Output is reproducible: creation date from the report's generation time, fixed producer, and
 * a document id derived from the content, so the same input gives the same bytes.
 */
final class ReportPdfPrinter {

    private static final String RESOURCES = "/io/custos/governance/report/";
    private static final String SANS = "DejaVu Sans";
    private static final String MONO = "DejaVu Sans Mono";
    private static final int SHORT_CODE_LENGTH = 24;

    /** The report is self-contained: no URI is ever loaded, so the HTML cannot fetch or read anything. */
    private static final BiPredicate<String, ExternalResourceType> NO_EXTERNAL_RESOURCES = (uri, type) -> false;

    static {
        // openhtmltopdf logs every render at INFO ("Using fast-mode renderer...") through its own
        // handler; keep its warnings, drop the per-report chatter.
        XRLog.listRegisteredLoggers().forEach(logger -> XRLog.setLevel(logger, Level.WARNING));
    }

    private final Parser parser = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .build();
    private final HtmlRenderer htmlRenderer = HtmlRenderer.builder()
            .extensions(List.of(TablesExtension.create()))
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(context -> ReportPdfPrinter::markShortCode)
            .build();
    private final String css = resourceText("report-print.css");
    private final byte[] sansRegular = resourceBytes("fonts/DejaVuSans.ttf");
    private final byte[] sansBold = resourceBytes("fonts/DejaVuSans-Bold.ttf");
    private final byte[] mono = resourceBytes("fonts/DejaVuSansMono.ttf");

    /** Running header and footer text, and the PDF's document information. */
    record PageFrame(String title, String header, String footer, String author, Instant createdAt) {
    }

    /**
     * Marks short code spans (ids, rule ids, hash prefixes) so the stylesheet keeps them on one
     * line; long ones (full digests) stay breakable so they wrap inside narrow table cells.
     */
    private static void markShortCode(Node node, String tagName, Map<String, String> attributes) {
        if (node instanceof Code code && code.getLiteral().length() <= SHORT_CODE_LENGTH) {
            attributes.put("class", "token");
        }
    }

    /** The Markdown as a complete XHTML document: stylesheet, running header and footer, body. */
    String html(String markdown, PageFrame frame) {
        String body = htmlRenderer.render(parser.parse(markdown));
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"/>"
                + "<title>" + escapeHtml(frame.title()) + "</title>"
                + "<style>\n" + css + "\n</style></head><body>\n"
                + "<div class=\"report-header\">" + escapeHtml(frame.header()) + "</div>\n"
                + "<div class=\"report-footer\">" + escapeHtml(frame.footer()) + "</div>\n"
                + body + "</body></html>\n";
    }

    byte[] pdf(String markdown, PageFrame frame) {
        PdfRendererBuilder builder = new PdfRendererBuilder()
                .useFastMode()
                .withHtmlContent(html(markdown, frame), null)
                .useExternalResourceAccessControl(NO_EXTERNAL_RESOURCES, RUN_BEFORE_RESOLVING_URI)
                .useExternalResourceAccessControl(NO_EXTERNAL_RESOURCES, RUN_AFTER_RESOLVING_URI)
                .useFont(() -> new ByteArrayInputStream(sansRegular), SANS, 400, FontStyle.NORMAL, true)
                .useFont(() -> new ByteArrayInputStream(sansBold), SANS, 700, FontStyle.NORMAL, true)
                .useFont(() -> new ByteArrayInputStream(mono), MONO, 400, FontStyle.NORMAL, true);
        try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
            try (PDDocument document = renderer.createPDFKeepOpen()) {
                stampDocumentInformation(document, frame, markdown);
                ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
                document.save(out);
                return out.toByteArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not print the compliance report as PDF", e);
        }
    }

    /**
     * Replaces what would differ between two renders of the same report (wall-clock dates, random
     * document id) with values derived from the report itself.
     */
    private static void stampDocumentInformation(PDDocument document, PageFrame frame, String markdown) {
        PDDocumentInformation info = new PDDocumentInformation();
        info.setTitle(MarkdownEscaper.singleLine(frame.title()));
        info.setAuthor(MarkdownEscaper.singleLine(frame.author()));
        info.setSubject("Model compliance report");
        info.setCreator("Custos");
        info.setProducer("Custos");
        if (frame.createdAt() != null) {
            Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
            created.setTimeInMillis(frame.createdAt().toEpochMilli());
            info.setCreationDate(created);
            info.setModificationDate(created);
        }
        document.setDocumentInformation(info);

        byte[] id = Arrays.copyOf(sha256(markdown.getBytes(StandardCharsets.UTF_8)), 16);
        COSArray ids = new COSArray();
        ids.add(new COSString(id));
        ids.add(new COSString(id));
        document.getDocument().getTrailer().setItem(COSName.ID, ids);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Escapes text for XHTML element content; control characters are dropped first. */
    static String escapeHtml(String text) {
        String line = MarkdownEscaper.singleLine(text == null ? "" : text);
        StringBuilder out = new StringBuilder(line.length() + 16);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static byte[] resourceBytes(String name) {
        try (InputStream in = ReportPdfPrinter.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing report resource " + RESOURCES + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read report resource " + RESOURCES + name, e);
        }
    }

    static String resourceText(String name) {
        return new String(resourceBytes(name), StandardCharsets.UTF_8);
    }
}
