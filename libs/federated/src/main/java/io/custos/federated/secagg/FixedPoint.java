package io.custos.federated.secagg;

import java.util.Objects;

/**
 * Fixed-point encoding of real-valued model updates into the ring of integers modulo
 * 2<sup>64</sup>, the ring in which secure aggregation adds masked vectors.
 *
 * <h2>Encoding</h2>
 * A coordinate {@code x} is clipped to {@code [-clipBound, clipBound]}, multiplied by
 * {@code scale} and rounded to the nearest integer {@code q}, with
 * {@code |q| <= Q = round(clipBound * scale)}. The integer is stored as a Java {@code long},
 * whose two's-complement arithmetic <em>is</em> arithmetic modulo 2<sup>64</sup>, so masks
 * wrap around for free and need no explicit reduction.
 *
 * <h2>No-overflow bound</h2>
 * The sum of {@code N} encoded values lies in {@code [-N Q, N Q]}. Read back as a signed
 * 64-bit integer, the sum modulo 2<sup>64</sup> equals the true integer sum exactly as long as
 * {@code N * Q <= 2^63 - 1}. The constructor therefore refuses any configuration with
 * {@code maxClients * Q > Long.MAX_VALUE}. 2<sup>64</sup> rather than 2<sup>32</sup> was chosen
 * so that a fine scale (e.g. 2<sup>32</sup>, about 2.3e-10 resolution) and thousands of clients
 * fit together; the price is 8 bytes per coordinate on the wire.
 *
 * <h2>Precision</h2>
 * Each coordinate is rounded with error at most {@code 0.5 / scale}, so a decoded sum of
 * {@code N} updates is within {@code N * 0.5 / scale} of the sum of the clipped inputs
 * (plus double-precision rounding when {@code |sum| > 2^53}). Clipping is part of the
 * contract: values outside the range are silently clipped, as client-level DP already
 * requires. Non-finite values (NaN, infinities) are refused, because they signal a bug
 * upstream rather than a large update.
 */
public final class FixedPoint {

    private final double scale;
    private final double clipBound;
    private final int maxClients;
    private final long maxMagnitude;

    /**
     * @param scale      multiplier applied before rounding; resolution is {@code 1/scale}
     * @param clipBound  every coordinate is clipped to {@code [-clipBound, clipBound]}
     * @param maxClients the largest number of updates that will ever be summed
     * @throws IllegalArgumentException if a parameter is not positive and finite, or if
     *                                  {@code maxClients * round(clipBound * scale)} exceeds
     *                                  {@code 2^63 - 1} (sums could wrap around)
     */
    public FixedPoint(double scale, double clipBound, int maxClients) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        if (!(clipBound > 0) || Double.isInfinite(clipBound)) {
            throw new IllegalArgumentException("clipBound must be positive and finite, got " + clipBound);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1, got " + maxClients);
        }
        double product = clipBound * scale;
        // 2^62 keeps Math.round exact and leaves room for at least 1 client plus headroom checks.
        if (product >= 0x1p62) {
            throw new IllegalArgumentException("clipBound * scale = " + product + " does not fit in 62 bits");
        }
        this.scale = scale;
        this.clipBound = clipBound;
        this.maxClients = maxClients;
        this.maxMagnitude = Math.round(product);
        if (maxMagnitude < 1) {
            throw new IllegalArgumentException("clipBound * scale rounds to 0: no value is representable");
        }
        if (maxMagnitude > Long.MAX_VALUE / maxClients) {
            throw new IllegalArgumentException("sum of " + maxClients + " clients could overflow 2^63: "
                    + maxClients + " * " + maxMagnitude + " > " + Long.MAX_VALUE
                    + "; lower the scale, the clip bound or the number of clients");
        }
    }

    /**
     * The finest power-of-two scale for which {@code maxClients} clipped updates cannot
     * overflow. Powers of two make {@code x * scale} exact in binary floating point.
     */
    public static FixedPoint finestFor(double clipBound, int maxClients) {
        if (!(clipBound > 0) || Double.isInfinite(clipBound) || maxClients < 1) {
            throw new IllegalArgumentException("clipBound must be positive and finite and maxClients >= 1");
        }
        long perClientBudget = Long.MAX_VALUE / maxClients;
        int exponent = Math.getExponent((double) perClientBudget / clipBound);
        for (int e = Math.min(exponent, 61); e > -1075; e--) {
            double scale = Math.scalb(1.0, e);
            double product = clipBound * scale;
            if (product < 0x1p62 && Math.round(product) >= 1 && Math.round(product) <= perClientBudget) {
                return new FixedPoint(scale, clipBound, maxClients);
            }
        }
        throw new IllegalArgumentException("no scale fits clipBound " + clipBound + " and " + maxClients + " clients");
    }

    public double scale() {
        return scale;
    }

    public double clipBound() {
        return clipBound;
    }

    public int maxClients() {
        return maxClients;
    }

    /** {@code round(clipBound * scale)}: the largest magnitude of one encoded coordinate. */
    public long maxEncodedMagnitude() {
        return maxMagnitude;
    }

    /** Clips, scales and rounds each coordinate; the result is a vector over Z/2^64. */
    public long[] encode(double[] update) {
        Objects.requireNonNull(update, "update");
        long[] encoded = new long[update.length];
        for (int i = 0; i < update.length; i++) {
            double x = update[i];
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("coordinate " + i + " is not finite: " + x);
            }
            double clipped = Math.max(-clipBound, Math.min(clipBound, x));
            long q = Math.round(clipped * scale);
            encoded[i] = Math.max(-maxMagnitude, Math.min(maxMagnitude, q));
        }
        return encoded;
    }

    /**
     * Decodes a vector over Z/2^64 that is the sum of at most {@link #maxClients()} encoded
     * updates: each element is read as a signed 64-bit integer and divided by the scale.
     */
    public double[] decode(long[] encodedSum) {
        Objects.requireNonNull(encodedSum, "encodedSum");
        double[] decoded = new double[encodedSum.length];
        for (int i = 0; i < encodedSum.length; i++) {
            decoded[i] = encodedSum[i] / scale;
        }
        return decoded;
    }

    /** Decodes a sum of {@code count} updates and divides by {@code count} (the FedAvg mean). */
    public double[] decodeMean(long[] encodedSum, int count) {
        if (count < 1 || count > maxClients) {
            throw new IllegalArgumentException("count must be in [1, " + maxClients + "], got " + count);
        }
        double[] mean = decode(encodedSum);
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= count;
        }
        return mean;
    }

    /** Largest absolute error of a decoded sum of {@code count} updates versus the clipped inputs. */
    public double sumErrorBound(int count) {
        return count * 0.5 / scale;
    }

    @Override
    public String toString() {
        return "FixedPoint[scale=" + scale + ", clipBound=" + clipBound + ", maxClients=" + maxClients + "]";
    }
}
