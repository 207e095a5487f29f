package io.custos.federation.rest;

import io.custos.federation.domain.UpdateRefusal;
import java.time.OffsetDateTime;

/** A refused update, as auditors see it. */
public record RefusalView(String id, String roundId, String caller, String claimedClient, String reason,
        String message, OffsetDateTime receivedAt) {

    public static RefusalView of(UpdateRefusal r) {
        return new RefusalView(r.id.toString(), r.roundId == null ? null : r.roundId.toString(), r.caller,
                r.claimedClient, r.reason, r.message, r.receivedAt);
    }
}
