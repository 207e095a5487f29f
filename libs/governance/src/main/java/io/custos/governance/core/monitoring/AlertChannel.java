package io.custos.governance.core.monitoring;

/**
 * Somewhere alerts go. Each channel has its own minimum severity (a chat channel may take
 * WARNING and up, a pager-like mailing list only CRITICAL); {@link #deliver} skips alerts below it.
 * Implementations never throw for a delivery problem: it is reported in the result.
 */
public interface AlertChannel {

    /** For results and logs: the channel's kind and host, never a secret. */
    String name();

    Severity minimumSeverity();

    /** True when this channel takes alerts of that severity. */
    default boolean accepts(Alert alert) {
        return alert.severity().atLeast(minimumSeverity());
    }

    /** Delivers the alert, or skips it when it is below {@link #minimumSeverity()}. */
    DeliveryResult deliver(Alert alert);
}
