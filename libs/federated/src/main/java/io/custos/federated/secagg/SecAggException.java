package io.custos.federated.secagg;

/**
 * A secure-aggregation step cannot proceed: too few clients, a message for the wrong round,
 * a share that does not decrypt, a request that would break the protocol's guarantees.
 * The message states the reason; it never contains key material or update values.
 */
public class SecAggException extends RuntimeException {

    public SecAggException(String message) {
        super(message);
    }

    public SecAggException(String message, Throwable cause) {
        super(message, cause);
    }
}
