package io.custos.federated.aggregation;

/** Why the server refused a client's model update. Stable names: they are reported to clients and logged. */
public enum RejectionReason {
    /** The client id is null or blank. */
    MISSING_CLIENT_ID,
    /** This client already contributed an update to this aggregation (one update per client per round). */
    DUPLICATE_CLIENT,
    /** The update is missing or its length differs from the model dimension. */
    WRONG_DIMENSION,
    /** The update contains NaN, +Infinity or -Infinity. */
    NON_FINITE_VALUE,
    /** The claimed sample count is zero, negative, NaN, infinite or not a whole number. */
    INVALID_SAMPLE_COUNT
}
