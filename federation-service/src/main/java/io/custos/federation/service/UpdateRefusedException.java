package io.custos.federation.service;

/**
 * A client update the server refused, with the stable reason clients and auditors see and the
 * HTTP status it answers with.
 */
public class UpdateRefusedException extends RuntimeException {

    /** Why an update was refused; the names are part of the API. */
    public enum Reason {
        MALFORMED(400), WRONG_SHAPE(400), NON_FINITE_VALUE(400), INVALID_SAMPLE_COUNT(400),
        /** A secure-aggregation message that breaks the protocol (misaddressed shares, wrong share sets). */
        PROTOCOL_VIOLATION(400),
        UNSIGNED(403), BAD_SIGNATURE(403), WRONG_CLIENT(403), NOT_SAMPLED(403),
        DUPLICATE(409), REPLAYED_NONCE(409), WRONG_ROUND(409), WRONG_FEDERATION(409),
        /** A secure-aggregation message sent before its phase opened (or to a round without secure aggregation). */
        OUT_OF_PHASE(409),
        /** A plain update sent to a round that runs secure aggregation: the server must not see it. */
        SECURE_AGGREGATION_REQUIRED(409),
        LATE(410);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;

    public UpdateRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
