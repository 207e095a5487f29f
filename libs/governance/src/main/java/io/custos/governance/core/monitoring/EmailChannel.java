package io.custos.governance.core.monitoring;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends alerts as e-mail over SMTP (Jakarta Mail, Angus implementation): a multipart/alternative
 * message with a plain-text and an HTML part, subject {@code [Custos] <SEVERITY> drift on model
 * <model>}.
 *
 * <p>A connection failure or timeout is retried per the {@link RetryPolicy}; an authentication
 * failure or a refused recipient is not (trying again cannot help, and repeated bad logins can lock
 * the account). Errors never include the password.
 */
public final class EmailChannel implements AlertChannel {

    private final SmtpSettings smtp;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final Severity minimumSeverity;
    private final RetryPolicy retry;
    private final Session session;
    private final Redactor redactor;
    private final String name;

    /** A channel for alerts of WARNING and up, with {@link RetryPolicy#defaults()}. */
    public EmailChannel(SmtpSettings smtp, List<String> to) {
        this(smtp, to, Severity.WARNING, RetryPolicy.defaults());
    }

    public EmailChannel(SmtpSettings smtp, List<String> to, Severity minimumSeverity, RetryPolicy retry) {
        if (smtp == null) {
            throw new IllegalArgumentException("SMTP settings are missing");
        }
        if (minimumSeverity == null || minimumSeverity == Severity.NONE) {
            throw new IllegalArgumentException("minimumSeverity must be INFO, WARNING or CRITICAL");
        }
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("give at least one recipient");
        }
        this.smtp = smtp;
        this.from = address(smtp.from(), "from");
        this.to = new InternetAddress[to.size()];
        for (int i = 0; i < to.size(); i++) {
            this.to[i] = address(to.get(i), "to[" + i + "]");
        }
        this.minimumSeverity = minimumSeverity;
        this.retry = retry == null ? RetryPolicy.defaults() : retry;
        this.session = Session.getInstance(properties(smtp));
        this.redactor = new Redactor(secrets(smtp));
        this.name = "email " + smtp.host() + ":" + smtp.port();
    }

    /** The password, and the base64 forms AUTH LOGIN and AUTH PLAIN put on the wire, which a server may echo. */
    private static List<String> secrets(SmtpSettings smtp) {
        if (smtp.password() == null) {
            return List.of();
        }
        Base64.Encoder b64 = Base64.getEncoder();
        return List.of(smtp.password(),
                b64.encodeToString(smtp.password().getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString(("\0" + smtp.username() + "\0" + smtp.password())
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private static InternetAddress address(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        try {
            InternetAddress a = new InternetAddress(value, true);
            a.validate();
            return a;
        } catch (AddressException e) {
            throw new IllegalArgumentException(field + " '" + value + "' is not an e-mail address: "
                    + e.getMessage());
        }
    }

    private static Properties properties(SmtpSettings smtp) {
        String millis = String.valueOf(smtp.timeout().toMillis());
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", smtp.host());
        p.setProperty("mail.smtp.port", String.valueOf(smtp.port()));
        p.setProperty("mail.smtp.auth", String.valueOf(smtp.username() != null));
        p.setProperty("mail.smtp.starttls.enable", String.valueOf(smtp.startTls()));
        p.setProperty("mail.smtp.starttls.required", String.valueOf(smtp.startTls()));
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        p.setProperty("mail.smtp.connectiontimeout", millis);
        p.setProperty("mail.smtp.timeout", millis);
        p.setProperty("mail.smtp.writetimeout", millis);
        p.setProperty("mail.smtp.from", smtp.from());
        return p;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Severity minimumSeverity() {
        return minimumSeverity;
    }

    @Override
    public DeliveryResult deliver(Alert alert) {
        if (!accepts(alert)) {
            return DeliveryResult.skipped(name);
        }
        MimeMessage message;
        try {
            message = message(alert);
        } catch (MessagingException e) {
            return DeliveryResult.failed(name, 0, "could not build the message: " + redactor.clean(e.getMessage()));
        }
        String lastError = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
                transport.sendMessage(message, message.getAllRecipients());
                return DeliveryResult.delivered(name, attempt);
            } catch (AuthenticationFailedException e) {
                return DeliveryResult.failed(name, attempt, "SMTP authentication failed at " + smtp.host() + ":"
                        + smtp.port() + " for the configured user" + detail(e) + " (not retried)");
            } catch (SendFailedException e) {
                return DeliveryResult.failed(name, attempt, "the SMTP server refused the message or a recipient"
                        + detail(e) + " (not retried)");
            } catch (MessagingException e) {
                if (!isConnectionFailure(e)) {
                    return DeliveryResult.failed(name, attempt, "SMTP error" + detail(e) + " (not retried)");
                }
                lastError = "could not reach the SMTP server " + smtp.host() + ":" + smtp.port() + detail(e);
            }
            if (attempt < retry.maxAttempts() && !RetryPolicy.pause(retry.backoffAfter(attempt))) {
                return DeliveryResult.failed(name, attempt, lastError + "; interrupted before retrying");
            }
        }
        return DeliveryResult.failed(name, retry.maxAttempts(), lastError + " (gave up after " + retry.maxAttempts()
                + " attempt" + (retry.maxAttempts() == 1 ? "" : "s") + ")");
    }

    /** A failure of the connection (refused, reset, timed out) rather than of the request. */
    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The server's or library's words, without the password, on one line. */
    private String detail(MessagingException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "";
        }
        return ": " + redactor.clean(m.replaceAll("\\s+", " ").strip());
    }

    /** The mail for an alert; package-private so tests can check it without a server. */
    MimeMessage message(Alert alert) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(from);
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(subject(alert), "UTF-8");
        m.setSentDate(new Date());
        m.setHeader("X-Custos-Alert-Id", oneLine(alert.id()));
        MimeBodyPart text = new MimeBodyPart();
        text.setText(AlertText.plain(alert), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(AlertText.html(alert), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text); // least preferred first, as multipart/alternative requires
        alternative.addBodyPart(html);
        m.setContent(alternative);
        m.saveChanges();
        return m;
    }

    static String subject(Alert alert) {
        return oneLine("[Custos] " + alert.severity() + " drift on model " + alert.modelRef());
    }

    /** No line breaks in headers: a model name must not be able to add one. */
    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }
}
