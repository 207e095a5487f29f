package io.custos.service.http;

/** An artifact could not be fetched; {@code permanent} when retrying cannot help. */
public class ArtifactException extends RuntimeException {

    private final boolean permanent;

    public ArtifactException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public ArtifactException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
