package io.custos.governance.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkdownEscaperTest {

    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    @ParameterizedTest
    @ValueSource(strings = {"x | y *z* <script>alert(1)</script>", "# heading", "###### six", "- item", "+ item",
            "1. item", "42) item", "---", "===", "- - -", "> quote", "[a](http://evil.example)",
            "![i](http://evil.example/i.png)", "`code` and ``more``", "&amp; &#60; &copy;", "a\\b\\*c",
            "_u_ __b__ ~~s~~ ~t~", "closing ##", "#hashtag", "a\\|b", "<http://autolink.example>", "<b>bold</b>",
            "line1\n\n# line2\n- line3",
            "tab\tseparated\r\nwindows", "Łódź, Crème brûlée, Ελένη", "-0.5", "0.91", "snake_case_name"})
    void everyValueStaysLiteralText(String value) {
        String expected = MarkdownEscaper.singleLine(value);

        // First on a line (where block syntax would apply) ...
        assertEquals(expected, singleParagraphText(PARSER.parse(MarkdownEscaper.escape(value))));
        // ... after a label, as the template places values ...
        assertEquals("Owner: " + expected,
                singleParagraphText(PARSER.parse("Owner: " + MarkdownEscaper.escape(value))));
        // ... and in a table cell, where a pipe would otherwise open a new cell.
        Node table = PARSER.parse(
                "| Field | Value |\n| --- | --- |\n| Owner | " + MarkdownEscaper.escape(value) + " |\n");
        List<TableCell> cells = cells(table);
        assertEquals(4, cells.size(), "header and one row of two cells");
        assertEquals(expected, literalText(cells.get(3)));
    }

    @Test
    void ordinaryValuesStayReadable() {
        assertEquals("credit-risk-scorer v1.2 -0.5 (eu-prod): 3 + 4 = 7",
                MarkdownEscaper.escape("credit-risk-scorer v1.2 -0.5 (eu-prod): 3 + 4 = 7"));
        assertEquals("0.91", MarkdownEscaper.escape("0.91"));
    }

    @Test
    void tokensBecomeCodeSpansAndAnythingElseFallsBackToEscapedText() {
        assertEquals("`4a44dc15364204a80fe80e90`", MarkdownEscaper.codeSpan("4a44dc15364204a80fe80e90").getValue());
        assertEquals("`s3://bucket/model-7.onnx`", MarkdownEscaper.codeSpan("s3://bucket/model-7.onnx").getValue());
        assertEquals("a\\`b c", MarkdownEscaper.codeSpan("a`b c").getValue());
        assertEquals("x \\| y", MarkdownEscaper.codeSpan("x | y").getValue());
        assertEquals(MarkdownEscaper.MISSING, MarkdownEscaper.codeSpan(null).getValue());
        assertEquals(MarkdownEscaper.MISSING, MarkdownEscaper.codeSpan(MarkdownEscaper.MISSING).getValue());
    }

    @Test
    void controlCharactersAndBrokenSurrogatesCannotReachTheXhtml() {
        assertEquals("a b c", MarkdownEscaper.singleLine("  a\u0000b\u001b\n\nc  "));
        assertEquals("x\uFFFDy", MarkdownEscaper.singleLine("x\uD800y"));
        assertEquals("ok \uD83D\uDE00", MarkdownEscaper.singleLine("ok \uD83D\uDE00"));
    }

    /** The text of a document that must be exactly one paragraph of plain text (no other nodes). */
    private static String singleParagraphText(Node document) {
        Node paragraph = document.getFirstChild();
        assertInstanceOf(Paragraph.class, paragraph, "a value must stay inline text");
        assertNull(paragraph.getNext(), "a value must not open a second block");
        return literalText(paragraph);
    }

    /** Concatenated text of the node's children; fails on anything but plain text. */
    private static String literalText(Node parent) {
        StringBuilder text = new StringBuilder();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            assertInstanceOf(Text.class, child, "no markup may come out of a value");
            text.append(((Text) child).getLiteral());
        }
        return text.toString();
    }

    private static List<TableCell> cells(Node document) {
        List<TableCell> cells = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(CustomNode node) {
                if (node instanceof TableCell cell) {
                    cells.add(cell);
                }
                visitChildren(node);
            }

            @Override
            public void visit(CustomBlock node) {
                visitChildren(node);
            }
        });
        return cells;
    }
}
