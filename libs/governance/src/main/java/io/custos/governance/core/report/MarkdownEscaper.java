package io.custos.governance.core.report;

import io.quarkus.qute.Expression;
import io.quarkus.qute.RawString;
import io.quarkus.qute.ResultMapper;
import io.quarkus.qute.TemplateNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Escapes every value the report template prints, so that model names, tags, messages and other
 * strings that users or a customer's MLflow control show up literally and can never add Markdown
 * (emphasis, links, table cells, headings) or HTML to the report. The template's own Markdown is
 * written literally and is not affected; only {@link RawString} results pass through unchanged.
 */
final class MarkdownEscaper implements ResultMapper {

    /** Printed for every missing value, so an absent field is visible rather than blank. */
    static final String MISSING = "—";

    /**
     * Characters with inline meaning anywhere in a CommonMark/GFM line: emphasis, code, links and
     * images, raw HTML and autolinks, entities, table cells, strikethrough, the escape itself, and
     * {@code #} (a heading's closing sequence would swallow a trailing "##" of a value).
     */
    private static final String INLINE_SPECIAL = "\\`*_[]<>&|~!#";

    /**
     * Starts of a line that would open a block: bullet item, ordered item ("1." or "1)" then a
     * space), setext underline or thematic break ({@code #} is always escaped). Only these exact shapes are escaped, so
     * ordinary values such as "-0.5" or "0.91" stay readable.
     */
    private static final Pattern BLOCK_START =
            Pattern.compile("(?:[-+=]|\\d{1,9}[.)])(?=\\s|$)|[-=]+\\s*$");

    /** Values safe to print verbatim inside a code span (digests, ids, URIs without spaces). */
    private static final Pattern CODE_SAFE = Pattern.compile("[A-Za-z0-9._:/@+=-]+");

    @Override
    public boolean appliesTo(TemplateNode.Origin origin, Object result) {
        return !(result instanceof RawString);
    }

    @Override
    public String map(Object result, Expression expression) {
        return escape(result.toString());
    }

    /**
     * The value as inert Markdown text on one line: line breaks and control characters become
     * spaces (a table row or list item must stay one line; control characters are not valid in the
     * XHTML the PDF is printed from), and every structural character is backslash-escaped.
     */
    static String escape(String value) {
        String text = singleLine(value);
        StringBuilder out = new StringBuilder(text.length() + 16);
        int from = 0;
        Matcher blockStart = BLOCK_START.matcher(text);
        if (blockStart.lookingAt()) {
            // Only matters if a template ever puts a value first on a line; escaping it costs
            // nothing and keeps values inert wherever they are placed.
            String marker = blockStart.group();
            int digits = 0;
            while (digits < marker.length() && Character.isDigit(marker.charAt(digits))) {
                digits++;
            }
            // Becomes \- or \--- or, for an ordered-list marker, 1\.
            out.append(marker, 0, digits).append('\\').append(marker, digits, marker.length());
            from = marker.length();
        }
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (INLINE_SPECIAL.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * The value as a code span (printed monospace, wrapping in the PDF) when it is a plain token such
     * as a digest or id; anything else falls back to escaped text, because backslash escapes do not
     * work inside code spans.
     */
    static RawString codeSpan(String value) {
        if (value == null || value.equals(MISSING) || !CODE_SAFE.matcher(value).matches()) {
            return new RawString(escape(value == null ? MISSING : value));
        }
        return new RawString("`" + value + "`");
    }

    /**
     * Collapses line breaks, tabs and other control characters to single spaces and trims; lone
     * surrogates and non-characters (not allowed in XML) become U+FFFD.
     */
    static String singleLine(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(isXmlUnsafe(value, i) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    private static boolean isXmlUnsafe(String s, int i) {
        char c = s.charAt(i);
        if (c == '\uFFFE' || c == '\uFFFF') {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
