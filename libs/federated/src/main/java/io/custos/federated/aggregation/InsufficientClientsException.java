package io.custos.federated.aggregation;

/**
 * The accepted updates are too few for the strategy to give its guarantee (none at all, or fewer than
 * Krum's {@code 2f + 3}, or fewer than Multi-Krum's {@code m + f}, or fewer than {@code 2k + 1} for a
 * trimmed mean dropping k per side). The round cannot be aggregated as configured.
 */
public final class InsufficientClientsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int accepted;
    private final int required;

    public InsufficientClientsException(String message, int accepted, int required) {
        super(message);
        this.accepted = accepted;
        this.required = required;
    }

    public int accepted() {
        return accepted;
    }

    public int required() {
        return required;
    }
}
