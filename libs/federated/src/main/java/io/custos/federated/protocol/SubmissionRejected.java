package io.custos.federated.protocol;

/** A submission the server refuses, with the reason (for the client's answer and the audit trail). */
public final class SubmissionRejected extends RuntimeException {

    public enum Reason {
        UNSIGNED, BAD_SIGNATURE, WRONG_FEDERATION, WRONG_ROUND, WRONG_CLIENT, REPLAYED_NONCE, MALFORMED, WRONG_SHAPE
    }

    private final Reason reason;

    public SubmissionRejected(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
