package io.custos.governance.monitoring;

import java.util.List;
import java.util.Map;

/**
 * An alert channel: {@code type} webhook (Slack-compatible incoming webhook URL, optional headers)
 * or email (SMTP settings and recipients); {@code minSeverity} INFO, WARNING (default) or CRITICAL.
 */
public record ChannelRequest(String name, String type, String minSeverity, Webhook webhook, Email email) {

    public record Webhook(String url, Map<String, String> headers) {
    }

    public record Email(String host, Integer port, String username, String password, Boolean startTls, String from,
            List<String> to) {
    }
}
