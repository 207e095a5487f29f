package io.custos.governance.core.monitoring;

/** The plain-text and HTML bodies of an alert e-mail. */
final class AlertText {

    private AlertText() {
    }

    static String plain(Alert a) {
        StringBuilder s = new StringBuilder();
        s.append(a.title()).append("\n\n");
        s.append("Severity:         ").append(a.severity()).append('\n');
        s.append("Model:            ").append(a.modelRef()).append('\n');
        s.append("Tenant:           ").append(a.tenant()).append('\n');
        s.append("Raised at:        ").append(a.raisedAt()).append('\n');
        s.append("Drifted features: ").append(features(a)).append("\n\n");
        if (!a.summary().isBlank()) {
            s.append(a.summary()).append("\n\n");
        }
        s.append("Alert id: ").append(a.id()).append('\n');
        s.append("-- \nSent by Custos drift monitoring.\n");
        return s.toString();
    }

    static String html(Alert a) {
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html><html><body>");
        s.append("<h2>").append(escape(a.title())).append("</h2>");
        s.append("<table>");
        row(s, "Severity", a.severity().name());
        row(s, "Model", a.modelRef());
        row(s, "Tenant", a.tenant());
        row(s, "Raised at", a.raisedAt().toString());
        row(s, "Drifted features", features(a));
        s.append("</table>");
        if (!a.summary().isBlank()) {
            s.append("<p>").append(escape(a.summary())).append("</p>");
        }
        s.append("<p><small>Alert id ").append(escape(a.id())).append(". Sent by Custos drift monitoring.</small></p>");
        s.append("</body></html>");
        return s.toString();
    }

    private static void row(StringBuilder s, String label, String value) {
        s.append("<tr><th align=\"left\">").append(escape(label)).append("</th><td>").append(escape(value))
                .append("</td></tr>");
    }

    private static String features(Alert a) {
        return a.driftedFeatures().isEmpty() ? "none" : String.join(", ", a.driftedFeatures());
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
