package io.custos.federated.client;

/**
 * The server refused a request, answered something that is not the contract, or could not be
 * reached after all retries. The message is meant for the site's operator.
 */
public class FederationException extends RuntimeException {

    private final int status;
    private final String reason;

    /**
     * @param status the HTTP status, 0 when there was no answer
     * @param reason the problem's {@code reason} (updates) or null
     */
    public FederationException(String message, int status, String reason) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    public FederationException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.reason = null;
    }

    /** The HTTP status, or 0 when the server could not be reached. */
    public int status() {
        return status;
    }

    /** The refusal reason of an update ({@code MALFORMED}, {@code BAD_SIGNATURE}, ...), or null. */
    public String reason() {
        return reason;
    }
}
