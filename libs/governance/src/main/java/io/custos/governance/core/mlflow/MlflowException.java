package io.custos.governance.core.mlflow;

import java.util.Objects;

/**
 * A read from MLflow that failed, typed so the sync can decide what to do (stop on a model-listing
 * failure, mark one version incomplete otherwise) and a person can act on the message. The message
 * names the endpoint ({@code GET /api/2.0/mlflow/runs/get?run_id=...}) and never holds credentials.
 */
public final class MlflowException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely enough to act on. */
    public enum Kind {
        /** HTTP 401 or 403: credentials missing, wrong, or without read permission. */
        UNAUTHORIZED,
        /** HTTP 404: the run, experiment, artifact or endpoint does not exist. */
        NOT_FOUND,
        /** No complete answer within the configured timeout. */
        TIMEOUT,
        /** The answer could not be understood: not JSON, wrong shape, too large, or a pagination loop. */
        MALFORMED_RESPONSE,
        /** HTTP 5xx. */
        SERVER_ERROR,
        /** No connection: refused, unknown host, TLS failure, connect timeout. */
        UNREACHABLE,
        /** Any other refusal: other 4xx (bad parameter, rate limited), a redirect (never followed), or a
         * request that cannot be expressed safely. */
        REJECTED
    }

    private final Kind kind;
    private final String endpoint;
    private final Integer httpStatus;

    /**
     * @param endpoint method and path, optionally with the query, e.g. {@code GET /api/2.0/mlflow/runs/get}
     * @param detail   already free of secrets
     */
    MlflowException(Kind kind, String endpoint, Integer httpStatus, String detail, Throwable cause) {
        super(format(kind, endpoint, httpStatus, detail), cause);
        this.kind = Objects.requireNonNull(kind);
        this.endpoint = endpoint;
        this.httpStatus = httpStatus;
    }

    public Kind kind() {
        return kind;
    }

    /** The request that failed, as {@code METHOD /path?query}. */
    public String endpoint() {
        return endpoint;
    }

    /** The HTTP status when the server answered, else null. */
    public Integer httpStatus() {
        return httpStatus;
    }

    private static String format(Kind kind, String endpoint, Integer status, String detail) {
        StringBuilder b = new StringBuilder("MLflow ").append(endpoint).append(" failed: ").append(kind);
        if (status != null) {
            b.append(" (HTTP ").append(status).append(')');
        }
        if (detail != null && !detail.isBlank()) {
            b.append(": ").append(detail);
        }
        return b.toString();
    }
}
