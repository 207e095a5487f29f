package io.custos.federated.aggregation;

/**
 * Server-side validation of one client update, applied by every {@link Aggregator} before the update
 * touches any state. The server trusts nothing a client sends:
 * <ul>
 *   <li>the update must have exactly the model dimension and contain only finite values
 *       (one NaN would silently poison a mean; one Infinity would dominate it);</li>
 *   <li>the claimed sample count must be a positive whole number, and the weight actually used is
 *       {@code min(claimed, maxSamplesPerClient)}, so a client cannot buy influence over a weighted
 *       aggregate by exaggerating its data size.</li>
 * </ul>
 * Failures throw {@link RejectedUpdateException} carrying a {@link RejectionReason} and a message
 * naming the client and the offending value. Stateless and thread-safe.
 */
public final class UpdateCheck {

    /** Largest cap allowed: weights stay exact integers when held as {@code double}. */
    public static final long MAX_SAMPLE_CAP = 1L << 53;

    private final int dimension;
    private final long maxSamplesPerClient;

    /**
     * @param dimension           number of model parameters every update must have (&gt; 0)
     * @param maxSamplesPerClient cap on the sample count used as a client's weight (1 .. 2^53)
     */
    public UpdateCheck(int dimension, long maxSamplesPerClient) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        if (maxSamplesPerClient <= 0 || maxSamplesPerClient > MAX_SAMPLE_CAP) {
            throw new IllegalArgumentException(
                    "maxSamplesPerClient must be in [1, 2^53], got " + maxSamplesPerClient);
        }
        this.dimension = dimension;
        this.maxSamplesPerClient = maxSamplesPerClient;
    }

    public int dimension() {
        return dimension;
    }

    public long maxSamplesPerClient() {
        return maxSamplesPerClient;
    }

    /**
     * The outcome of a successful check.
     *
     * @param clientId         the client
     * @param claimedSamples   what the client said
     * @param effectiveSamples the weight the server uses: {@code min(claimedSamples, cap)}
     * @param capped           whether the cap reduced the claim
     */
    public record Accepted(String clientId, long claimedSamples, long effectiveSamples, boolean capped) {
    }

    /**
     * Validates an update whose sample count arrived as an integer.
     *
     * @throws RejectedUpdateException with the reason if the update is refused
     */
    public Accepted check(String clientId, double[] update, long claimedSamples) {
        checkClientId(clientId);
        checkValues(clientId, update);
        if (claimedSamples <= 0) {
            throw new RejectedUpdateException(clientId, RejectionReason.INVALID_SAMPLE_COUNT,
                    "client '" + clientId + "' claimed " + claimedSamples + " samples; must be positive");
        }
        long effective = Math.min(claimedSamples, maxSamplesPerClient);
        return new Accepted(clientId, claimedSamples, effective, effective < claimedSamples);
    }

    /**
     * Validates an update whose sample count arrived as a floating-point number (e.g. parsed from JSON),
     * additionally refusing NaN, infinite and fractional counts. Counts above {@code 2^63 - 1} are capped.
     *
     * @throws RejectedUpdateException with the reason if the update is refused
     */
    public Accepted check(String clientId, double[] update, double claimedSamples) {
        checkClientId(clientId);
        if (!Double.isFinite(claimedSamples) || claimedSamples <= 0 || claimedSamples != Math.rint(claimedSamples)) {
            throw new RejectedUpdateException(clientId, RejectionReason.INVALID_SAMPLE_COUNT,
                    "client '" + clientId + "' claimed " + claimedSamples
                            + " samples; must be a positive, finite whole number");
        }
        // (long) saturates at Long.MAX_VALUE, which the cap then reduces.
        return check(clientId, update, (long) claimedSamples);
    }

    private static void checkClientId(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            throw new RejectedUpdateException(clientId, RejectionReason.MISSING_CLIENT_ID,
                    "update has no client id");
        }
    }

    private void checkValues(String clientId, double[] update) {
        if (update == null) {
            throw new RejectedUpdateException(clientId, RejectionReason.WRONG_DIMENSION,
                    "client '" + clientId + "' sent no update; expected " + dimension + " values");
        }
        if (update.length != dimension) {
            throw new RejectedUpdateException(clientId, RejectionReason.WRONG_DIMENSION,
                    "update from client '" + clientId + "' has " + update.length
                            + " values; expected " + dimension);
        }
        for (int i = 0; i < update.length; i++) {
            double v = update[i];
            if (!Double.isFinite(v)) {
                throw new RejectedUpdateException(clientId, RejectionReason.NON_FINITE_VALUE,
                        "update from client '" + clientId + "' contains " + v + " at index " + i);
            }
        }
    }
}
