package io.custos.federated.aggregation;

import java.util.OptionalDouble;

/**
 * Everything an {@link Aggregator} needs besides its strategy.
 *
 * @param dimension           number of model parameters (length of every update)
 * @param expectedClients     capacity hint for strategies that keep updates (0 = unknown); for Krum it
 *                            is also checked against {@code n >= 2f + 3} up front
 * @param maxSamplesPerClient cap on the claimed sample count used as weight (see {@link UpdateCheck})
 * @param clipBound           optional server-side L2 clipping bound (see {@link NormClipping})
 * @param storagePrecision    how robust strategies (median, trimmed mean, Krum) keep updates in memory
 */
public record AggregationConfig(int dimension, int expectedClients, long maxSamplesPerClient,
                                OptionalDouble clipBound, StoragePrecision storagePrecision) {

    /**
     * Precision of the per-client copies kept by the robust strategies, which must hold every update.
     * FedAvg ignores it (it keeps only a running sum).
     */
    public enum StoragePrecision {
        /** 8 bytes per value: exact (the default). */
        DOUBLE,
        /**
         * 4 bytes per value, half the memory: each stored value is rounded to float (relative error up to
         * 2^-24, about 6e-8), far below the noise of SGD updates but no longer bit-exact. Values beyond
         * the float range saturate at +-Float.MAX_VALUE, so combine with clipping when magnitudes are unbounded.
         */
        FLOAT
    }

    public AggregationConfig {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        if (expectedClients < 0) {
            throw new IllegalArgumentException("expectedClients must be >= 0, got " + expectedClients);
        }
        if (maxSamplesPerClient <= 0 || maxSamplesPerClient > UpdateCheck.MAX_SAMPLE_CAP) {
            throw new IllegalArgumentException(
                    "maxSamplesPerClient must be in [1, 2^53], got " + maxSamplesPerClient);
        }
        if (clipBound == null) {
            clipBound = OptionalDouble.empty();
        }
        if (clipBound.isPresent() && (!(clipBound.getAsDouble() > 0) || !Double.isFinite(clipBound.getAsDouble()))) {
            throw new IllegalArgumentException("clipBound must be positive and finite, got " + clipBound.getAsDouble());
        }
        if (storagePrecision == null) {
            storagePrecision = StoragePrecision.DOUBLE;
        }
    }

    /** No clipping, unknown client count, exact storage. */
    public static AggregationConfig of(int dimension, long maxSamplesPerClient) {
        return new AggregationConfig(dimension, 0, maxSamplesPerClient, OptionalDouble.empty(), StoragePrecision.DOUBLE);
    }

    public AggregationConfig withExpectedClients(int expected) {
        return new AggregationConfig(dimension, expected, maxSamplesPerClient, clipBound, storagePrecision);
    }

    public AggregationConfig withClipBound(double bound) {
        return new AggregationConfig(dimension, expectedClients, maxSamplesPerClient, OptionalDouble.of(bound), storagePrecision);
    }

    public AggregationConfig withStoragePrecision(StoragePrecision precision) {
        return new AggregationConfig(dimension, expectedClients, maxSamplesPerClient, clipBound, precision);
    }
}
