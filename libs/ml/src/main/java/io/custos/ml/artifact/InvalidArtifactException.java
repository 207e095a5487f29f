package io.custos.ml.artifact;

/**
 * A model artifact that cannot be trusted to mean what it says: malformed JSON, an unknown format
 * or model type, parameters that do not fit the declared features. Unchecked, because the
 * artifact usually arrives from another service and the only sensible reaction is to refuse it
 * with the message, which names the problem.
 */
public final class InvalidArtifactException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidArtifactException(String message) {
        super(message);
    }

    public InvalidArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
