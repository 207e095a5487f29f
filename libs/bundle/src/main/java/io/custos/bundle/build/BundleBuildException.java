package io.custos.bundle.build;

/** A bundle that must not be built: bad model artifact, ONNX parity over the tolerance. */
public final class BundleBuildException extends RuntimeException {

    public BundleBuildException(String message) {
        super(message);
    }

    public BundleBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
