package io.custos.governance.core.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against GreenMail, a real SMTP server running in this JVM. */
class EmailChannelTest {

    private static final String PASSWORD = "s3cret-Passw0rd";
    private static final List<String> TO = List.of("ops@acme.test", "ml-team@acme.test");

    private GreenMail greenMail;

    @BeforeEach
    void start() {
        greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@custos.test", "alerts", PASSWORD));
        greenMail.start();
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    private SmtpSettings smtp(String password) {
        return new SmtpSettings("127.0.0.1", greenMail.getSmtp().getPort(), "alerts", password, false,
                "alerts@custos.test", Duration.ofSeconds(5));
    }

    @Test
    void sendsAMultipartMailToEveryRecipient() throws Exception {
        EmailChannel channel = new EmailChannel(smtp(PASSWORD), TO, Severity.WARNING, RetryPolicy.none());

        DeliveryResult result = channel.deliver(Fixtures.alert(Severity.CRITICAL));

        assertEquals(new DeliveryResult("email 127.0.0.1:" + greenMail.getSmtp().getPort(), true, 1, null), result);
        assertTrue(greenMail.waitForIncomingEmail(5_000, 2));
        MimeMessage[] messages = greenMail.getReceivedMessages();
        assertEquals(2, messages.length, "one copy per recipient mailbox");
        MimeMessage m = messages[0];
        assertEquals("[Custos] CRITICAL drift on model fraud-detector@3", m.getSubject());
        assertEquals(Set.copyOf(TO), addresses(m.getRecipients(Message.RecipientType.TO)));
        assertEquals(Set.of("alerts@custos.test"), addresses(m.getFrom()));
        assertEquals("alert-1", m.getHeader("X-Custos-Alert-Id")[0]);

        MimeMultipart parts = assertInstanceOf(MimeMultipart.class, m.getContent());
        assertTrue(parts.getContentType().startsWith("multipart/alternative"), parts.getContentType());
        assertEquals(2, parts.getCount());
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertTrue(text.isMimeType("text/plain"));
        assertTrue(html.isMimeType("text/html"));
        String plain = (String) text.getContent();
        assertTrue(plain.contains("Drifted features: age, colour"), plain);
        assertTrue(plain.contains("Severity:         CRITICAL"), plain);
        assertTrue(plain.contains("age (CRITICAL, PSI 0.41)"), plain);
        String markup = (String) html.getContent();
        assertTrue(markup.contains("<td>age, colour</td>"), markup);
        assertFalse(plain.contains(PASSWORD) || markup.contains(PASSWORD));
    }

    @Test
    void reportsAnAuthenticationFailureWithoutThePassword() {
        String wrong = "wrong-" + PASSWORD;
        EmailChannel channel = new EmailChannel(smtp(wrong), TO, Severity.INFO,
                new RetryPolicy(3, Duration.ZERO, Duration.ZERO));

        DeliveryResult result = channel.deliver(Fixtures.alert(Severity.CRITICAL));

        assertFalse(result.delivered());
        assertEquals(1, result.attempts(), "a bad login is not retried");
        assertTrue(result.error().startsWith("SMTP authentication failed at 127.0.0.1:"), result.error());
        assertFalse(result.error().contains(wrong), result.error());
        assertFalse(result.toString().contains(PASSWORD), result.toString());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void skipsAlertsBelowItsMinimumSeverity() {
        EmailChannel criticalOnly = new EmailChannel(smtp(PASSWORD), TO, Severity.CRITICAL, RetryPolicy.none());

        DeliveryResult skipped = criticalOnly.deliver(Fixtures.alert(Severity.WARNING));

        assertTrue(skipped.skipped());
        assertEquals(0, greenMail.getReceivedMessages().length);
        assertTrue(criticalOnly.deliver(Fixtures.alert(Severity.CRITICAL)).delivered());
        assertTrue(greenMail.waitForIncomingEmail(5_000, 2));
    }

    @Test
    void retriesWhenTheServerCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        SmtpSettings nowhere = new SmtpSettings("127.0.0.1", closedPort, "alerts", PASSWORD, false,
                "alerts@custos.test", Duration.ofSeconds(2));
        EmailChannel channel = new EmailChannel(nowhere, TO, Severity.INFO,
                new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)));

        DeliveryResult result = channel.deliver(Fixtures.alert(Severity.CRITICAL));

        assertFalse(result.delivered());
        assertEquals(2, result.attempts());
        assertTrue(result.error().startsWith("could not reach the SMTP server 127.0.0.1:" + closedPort),
                result.error());
        assertTrue(result.error().endsWith("(gave up after 2 attempts)"), result.error());
        assertFalse(result.error().contains(PASSWORD));
    }

    @Test
    void requiredStartTlsNeverFallsBackToClearText() {
        // GreenMail's plain SMTP port offers no usable TLS here: with STARTTLS required the channel
        // must give up rather than send the password unencrypted.
        SmtpSettings tls = new SmtpSettings("127.0.0.1", greenMail.getSmtp().getPort(), "alerts", PASSWORD, true,
                "alerts@custos.test", Duration.ofSeconds(5));
        EmailChannel channel = new EmailChannel(tls, TO, Severity.INFO, RetryPolicy.none());

        DeliveryResult result = channel.deliver(Fixtures.alert(Severity.CRITICAL));

        assertFalse(result.delivered());
        assertTrue(result.error().contains("STARTTLS is required"), result.error());
        assertFalse(result.error().contains(PASSWORD), result.error());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void aModelNameCannotAddMailHeaders() throws Exception {
        Alert alert = new Alert("a-2", "acme", "evil\r\nBcc: victim@example.com", Severity.CRITICAL, "t", "s",
                List.of(), Fixtures.AT);
        EmailChannel channel = new EmailChannel(smtp(PASSWORD), List.of("ops@acme.test"), Severity.INFO,
                RetryPolicy.none());

        assertTrue(channel.deliver(alert).delivered());

        assertTrue(greenMail.waitForIncomingEmail(5_000, 1));
        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertEquals("[Custos] CRITICAL drift on model evil Bcc: victim@example.com", m.getSubject());
        assertEquals(1, greenMail.getReceivedMessages().length, "no extra recipient");
    }

    @Test
    void settingsAndAddressesAreChecked() {
        assertFalse(smtp(PASSWORD).toString().contains(PASSWORD));
        assertTrue(smtp(PASSWORD).toString().contains("password=***"));
        assertThrows(IllegalArgumentException.class, () -> new SmtpSettings("h", 25, "user", null, true, "a@b.c"));
        assertThrows(IllegalArgumentException.class, () -> new SmtpSettings("h", 0, null, null, true, "a@b.c"));
        assertThrows(IllegalArgumentException.class,
                () -> new EmailChannel(smtp(PASSWORD), List.of("not an address")));
        assertThrows(IllegalArgumentException.class, () -> new EmailChannel(smtp(PASSWORD), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new EmailChannel(
                new SmtpSettings("h", 25, null, null, false, "no-at-sign"), TO));
    }

    private static Set<String> addresses(Address[] addresses) {
        return Arrays.stream(addresses).map(Object::toString).collect(Collectors.toSet());
    }
}
