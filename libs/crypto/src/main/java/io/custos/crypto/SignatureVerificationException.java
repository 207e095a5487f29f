package io.custos.crypto;

import java.util.Objects;

/**
 * A DSSE envelope that must not be trusted, with a message that says what to do about it. Checked on purpose: a
 * caller of {@link Dsse#verify} cannot forget that verification can fail.
 */
public final class SignatureVerificationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why verification failed, for callers that map failures to exit codes or HTTP statuses. */
    public enum Reason {
        /** The envelope carries no signature at all. */
        NO_SIGNATURES,
        /** No signature names a trusted key id: wrong or outdated public key set, or an unknown signer. */
        NO_TRUSTED_KEY,
        /** A signature names a trusted key but does not verify: content altered, or signed by another key. */
        INVALID_SIGNATURE,
        /** The payload or a trusted signature is not valid base64. */
        MALFORMED
    }

    private final Reason reason;

    public SignatureVerificationException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
