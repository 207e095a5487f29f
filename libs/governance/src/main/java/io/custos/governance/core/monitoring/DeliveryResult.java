package io.custos.governance.core.monitoring;

/**
 * What became of one alert on one channel. Safe to log and to show: {@code channel} names the kind
 * and host only (a webhook's path is often its secret), and {@code error} never holds a password,
 * header value or secret URL part.
 *
 * @param attempts 0 when the channel did not try, because the alert was below its minimum
 *     severity ({@link #skipped()})
 * @param error why it was not delivered; null when delivered or skipped
 */
public record DeliveryResult(String channel, boolean delivered, int attempts, String error) {

    public DeliveryResult {
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("channel is missing");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts is " + attempts + "; it cannot be negative");
        }
        if (delivered && error != null) {
            throw new IllegalArgumentException("a delivered result carries no error");
        }
    }

    static DeliveryResult delivered(String channel, int attempts) {
        return new DeliveryResult(channel, true, attempts, null);
    }

    static DeliveryResult failed(String channel, int attempts, String error) {
        return new DeliveryResult(channel, false, attempts, error == null ? "not delivered" : error);
    }

    static DeliveryResult skipped(String channel) {
        return new DeliveryResult(channel, false, 0, null);
    }

    /** True when the channel left the alert alone because of its minimum severity. */
    public boolean skipped() {
        return !delivered && attempts == 0 && error == null;
    }
}
