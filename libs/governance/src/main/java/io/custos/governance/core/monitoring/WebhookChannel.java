package io.custos.governance.core.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Posts alerts as Slack-compatible JSON ({@link SlackMessage}) to a webhook URL.
 *
 * <p>Only http and https URLs are accepted (no file:, no credentials in the URL: put them in
 * {@code headers}). Redirects are not followed, so headers such as Authorization never reach
 * another host. A 2xx is delivered. A 5xx, a 429, a timeout or a connection failure is retried
 * per the {@link RetryPolicy} (a Retry-After in seconds is honoured up to its max backoff); any
 * other status (4xx: the request itself is wrong) fails at once. Errors name the host and status,
 * with header values and the URL's path and query (where Slack keeps its secret) redacted.
 */
public final class WebhookChannel implements AlertChannel {

    /** How much of an error response to quote. */
    private static final int MAX_ERROR_BODY = 300;

    private final URI url;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final Severity minimumSeverity;
    private final RetryPolicy retry;
    private final String name;
    private final Redactor redactor;
    private final HttpClient client;

    /** A channel for alerts of WARNING and up, with {@link RetryPolicy#defaults()}. */
    public WebhookChannel(URI url, Duration timeout, Map<String, String> headers) {
        this(url, timeout, headers, Severity.WARNING, RetryPolicy.defaults());
    }

    /**
     * @param timeout per attempt, for connecting and for the response
     * @param headers extra request headers (e.g. Authorization); Content-Type is always JSON
     */
    public WebhookChannel(URI url, Duration timeout, Map<String, String> headers, Severity minimumSeverity,
            RetryPolicy retry) {
        this.url = checkedUrl(url);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, e.g. 5 seconds");
        }
        if (minimumSeverity == null || minimumSeverity == Severity.NONE) {
            throw new IllegalArgumentException("minimumSeverity must be INFO, WARNING or CRITICAL");
        }
        this.timeout = timeout;
        this.headers = checkedHeaders(headers == null ? Map.of() : headers);
        this.minimumSeverity = minimumSeverity;
        this.retry = retry == null ? RetryPolicy.defaults() : retry;
        this.name = "webhook " + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
        List<String> secrets = new ArrayList<>(this.headers.values());
        if (url.getRawPath() != null && url.getRawPath().length() > 1) {
            secrets.add(url.getRawPath());
            secrets.add(url.getPath());
        }
        secrets.add(url.getRawQuery());
        secrets.add(url.getQuery());
        this.redactor = new Redactor(secrets);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static URI checkedUrl(URI url) {
        if (url == null) {
            throw new IllegalArgumentException("the webhook URL is missing");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the webhook URL must be http or https, not '"
                    + (scheme.isEmpty() ? "(no scheme)" : scheme) + "'");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new IllegalArgumentException("the webhook URL has no host");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the webhook URL must not carry credentials; send them as a "
                    + "header (e.g. Authorization)");
        }
        return url;
    }

    private static Map<String, String> checkedHeaders(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        HttpRequest.Builder probe = HttpRequest.newBuilder(URI.create("http://localhost/"));
        headers.forEach((k, v) -> {
            if (k == null || k.isBlank() || v == null) {
                throw new IllegalArgumentException("header names and values must not be missing (header '" + k
                        + "')");
            }
            if (k.equalsIgnoreCase("Content-Type")) {
                throw new IllegalArgumentException("the Content-Type header is always application/json; leave "
                        + "it out");
            }
            try {
                probe.header(k, v);
            } catch (IllegalArgumentException e) {
                // Only the name: the value may be a secret.
                throw new IllegalArgumentException("header '" + k + "' cannot be set on a webhook request "
                        + "(restricted or malformed)");
            }
            out.put(k, v);
        });
        return Map.copyOf(out);
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
        byte[] body = MonitoringJson.write(SlackMessage.of(alert)).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        HttpRequest request = builder.header("Content-Type", "application/json; charset=utf-8").build();

        String lastError = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            Duration wait = retry.backoffAfter(attempt);
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                String excerpt = excerpt(response.body());
                if (status >= 200 && status < 300) {
                    return DeliveryResult.delivered(name, attempt);
                }
                lastError = "HTTP " + status + " from " + name.substring("webhook ".length())
                        + (excerpt.isEmpty() ? "" : ": " + excerpt);
                if (!(status >= 500 || status == 429)) {
                    return DeliveryResult.failed(name, attempt, redactor.clean(lastError) + " (not retried: the "
                            + "request was refused)");
                }
                wait = retryAfter(response, wait);
            } catch (HttpTimeoutException e) {
                lastError = "no response within " + timeout.toMillis() + " ms";
            } catch (IOException e) {
                lastError = "could not reach the webhook: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryResult.failed(name, attempt, "interrupted");
            }
            if (attempt < retry.maxAttempts() && !RetryPolicy.pause(wait)) {
                return DeliveryResult.failed(name, attempt, redactor.clean(lastError) + "; interrupted before "
                        + "retrying");
            }
        }
        return DeliveryResult.failed(name, retry.maxAttempts(), redactor.clean(lastError) + " (gave up after "
                + retry.maxAttempts() + " attempt" + (retry.maxAttempts() == 1 ? "" : "s") + ")");
    }

    /** A Retry-After in seconds, no longer than the policy's max backoff; else the policy's wait. */
    private Duration retryAfter(HttpResponse<?> response, Duration fallback) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            Duration asked = Duration.ofSeconds(Long.parseLong(value.strip()));
            return asked.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff()
                    : asked.isNegative() ? fallback : asked;
        } catch (NumberFormatException e) {
            return fallback; // an HTTP date: keep to the policy
        }
    }

    /** The start of an error response, on one line, for the error message; reads no more than that. */
    private static String excerpt(InputStream body) {
        try (InputStream in = body) {
            byte[] head = in.readNBytes(MAX_ERROR_BODY);
            return new String(head, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        } catch (IOException e) {
            return "";
        }
    }
}
