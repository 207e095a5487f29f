package io.custos.governance.core.monitoring;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends one alert to every configured channel, one after the other; a channel that fails (or
 * throws) does not keep the alert from the others.
 */
public final class AlertDispatcher {

    private final List<AlertChannel> channels;

    public AlertDispatcher(List<AlertChannel> channels) {
        this.channels = List.copyOf(channels);
    }

    /** One result per channel, in order; skipped channels included. */
    public List<DeliveryResult> dispatch(Alert alert) {
        List<DeliveryResult> results = new ArrayList<>(channels.size());
        for (AlertChannel channel : channels) {
            try {
                results.add(channel.deliver(alert));
            } catch (RuntimeException e) {
                // The message of an unexpected exception may hold anything; keep only its kind.
                results.add(DeliveryResult.failed(channel.name(), 1,
                        "unexpected " + e.getClass().getSimpleName() + " in the channel"));
            }
        }
        return results;
    }
}
