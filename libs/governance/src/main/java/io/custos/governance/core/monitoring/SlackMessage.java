package io.custos.governance.core.monitoring;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body a Slack incoming webhook (and the many tools that accept its format) understands:
 * {@code text} for notifications and clients without blocks, and {@code blocks}: a header with the
 * title, a section with the summary, and a section of fields (severity, model, tenant, raised at,
 * drifted features, alert id). Texts are cut to Slack's limits (header 150 characters, section
 * text 3000, field 2000) so a long summary cannot get the whole message refused, and the
 * characters Slack's mrkdwn reserves (&amp; &lt; &gt;) are escaped.
 */
final class SlackMessage {

    static final int HEADER_MAX = 150;
    static final int SECTION_MAX = 3000;
    static final int FIELD_MAX = 2000;

    private SlackMessage() {
    }

    static ObjectNode of(Alert alert) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode body = json.objectNode();
        body.put("text", cut(escape("[" + alert.severity() + "] " + alert.title() + ": " + alert.summary()),
                SECTION_MAX));
        ArrayNode blocks = body.putArray("blocks");

        ObjectNode header = blocks.addObject();
        header.put("type", "header");
        header.set("text", text("plain_text", cut(alert.title(), HEADER_MAX)));

        if (!alert.summary().isBlank()) {
            ObjectNode summary = blocks.addObject();
            summary.put("type", "section");
            summary.set("text", text("mrkdwn", cut(escape(alert.summary()), SECTION_MAX)));
        }

        ObjectNode details = blocks.addObject();
        details.put("type", "section");
        ArrayNode fields = details.putArray("fields");
        fields.add(field("Severity", alert.severity().name()));
        fields.add(field("Model", alert.modelRef()));
        fields.add(field("Tenant", alert.tenant()));
        fields.add(field("Raised at", alert.raisedAt().toString()));
        fields.add(field("Drifted features",
                alert.driftedFeatures().isEmpty() ? "none" : String.join(", ", alert.driftedFeatures())));
        fields.add(field("Alert id", alert.id()));
        return body;
    }

    private static ObjectNode field(String label, String value) {
        return text("mrkdwn", cut("*" + label + "*\n" + escape(value), FIELD_MAX));
    }

    private static ObjectNode text(String type, String text) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", type);
        node.put("text", text);
        return node;
    }

    /** Slack's control characters in mrkdwn: only these three need escaping. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** At most {@code max} characters, ending in an ellipsis when cut (never inside a surrogate pair). */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "\u2026";
    }
}
