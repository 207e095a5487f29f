package io.custos.governance.core.monitoring;

import java.time.Duration;

/**
 * Where and how to send alert e-mails. {@link #toString()} hides the password, so the settings can
 * be logged.
 *
 * @param username null for a relay without authentication (then password must be null too)
 * @param startTls upgrade the connection with STARTTLS before authenticating, and refuse to go on
 *     without it (so a password never crosses the network in clear); the server's certificate and
 *     host name are checked
 * @param from the sender address, e.g. {@code custos-alerts@example.com}
 * @param timeout for connecting and for each server reply
 */
public record SmtpSettings(String host, int port, String username, String password, boolean startTls,
        String from, Duration timeout) {

    public SmtpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("SMTP host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SMTP port is " + port + "; it must be between 1 and 65535");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("give both an SMTP username and a password, or neither");
        }
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("the sender address (from) is missing");
        }
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("SMTP timeout must be positive");
        }
    }

    /** Settings with a 10 second timeout. */
    public SmtpSettings(String host, int port, String username, String password, boolean startTls, String from) {
        this(host, port, username, password, startTls, from, null);
    }

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + username + ", password="
                + (password == null ? "null" : "***") + ", startTls=" + startTls + ", from=" + from + ", timeout="
                + timeout + "]";
    }
}
