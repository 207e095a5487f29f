package io.custos.bundle.onnx;

/**
 * ONNX Runtime refused a model or failed to run it. Unchecked, carrying ORT's own message: for a
 * bundle this means the ONNX file is unusable, which the caller reports rather than handles.
 */
public final class OnnxRuntimeFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OnnxRuntimeFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
