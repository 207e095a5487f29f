package io.custos.federated.aggregation;

import java.util.Objects;

/**
 * Thrown when a client's update is refused before it touches any aggregate state: the aggregate is
 * unchanged, and the caller can report {@link #reason()} and {@link #getMessage()} to the client.
 * Unchecked, because a refusal is an expected, per-client outcome that callers handle at the edge
 * (the HTTP resource), not a programming error in between.
 */
public final class RejectedUpdateException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String clientId;
    private final RejectionReason reason;

    public RejectedUpdateException(String clientId, RejectionReason reason, String message) {
        super(message);
        this.clientId = clientId;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The client whose update was refused (may be null when the id itself was missing). */
    public String clientId() {
        return clientId;
    }

    public RejectionReason reason() {
        return reason;
    }
}
