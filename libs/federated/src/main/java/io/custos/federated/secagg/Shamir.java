package io.custos.federated.secagg;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Shamir t-of-n secret sharing over the prime field GF(p), p = 2<sup>521</sup> - 1 (the
 * Mersenne prime M521).
 *
 * <p>A secret {@code s < p} is hidden as the constant term of a random polynomial
 * {@code f(X) = s + a_1 X + ... + a_{t-1} X^{t-1}} whose coefficients are drawn uniformly
 * from GF(p) with {@link SecureRandom}; share {@code i} is {@code (x_i, f(x_i))} with
 * distinct non-zero {@code x_i}. Any {@code t} shares determine {@code f} and hence
 * {@code s = f(0)} by Lagrange interpolation; any {@code t - 1} shares are consistent with
 * every possible secret (for each candidate {@code s'} there is exactly one polynomial of
 * degree {@code < t} through the {@code t - 1} points and {@code (0, s')}), so they reveal
 * nothing. A 521-bit field holds a 32-byte secret (an X25519 private key or a mask seed) in
 * one element, so no chunking is needed; a share's value fits in {@link #SHARE_VALUE_BYTES}.
 */
public final class Shamir {

    /** The field modulus 2^521 - 1. */
    public static final BigInteger PRIME = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);

    /** Bytes needed for a field element in fixed-length big-endian form. */
    public static final int SHARE_VALUE_BYTES = 66;

    /** One share: the evaluation point {@code x} (non-zero) and {@code y = f(x)}. */
    public record Share(int x, BigInteger y) {
        public Share {
            if (x <= 0) {
                throw new IllegalArgumentException("share x must be positive, got " + x);
            }
            Objects.requireNonNull(y, "y");
            if (y.signum() < 0 || y.compareTo(PRIME) >= 0) {
                throw new IllegalArgumentException("share y must be a field element");
            }
        }
    }

    private Shamir() {
    }

    /** t-of-n sharing at x = 1..n with a fresh {@link SecureRandom}. */
    public static List<Share> split(BigInteger secret, int n, int t) {
        int[] xs = new int[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i + 1;
        }
        return split(secret, xs, t, new SecureRandom());
    }

    /**
     * Shares {@code secret} at the given distinct positive points so that any {@code t} of
     * them recover it. Returned in the order of {@code xs}.
     */
    public static List<Share> split(BigInteger secret, int[] xs, int t, SecureRandom random) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(random, "random");
        if (secret.signum() < 0 || secret.compareTo(PRIME) >= 0) {
            throw new IllegalArgumentException("secret must be in [0, p)");
        }
        if (t < 1 || t > xs.length) {
            throw new IllegalArgumentException("threshold must be in [1, n], got t=" + t + ", n=" + xs.length);
        }
        Set<Integer> seen = new HashSet<>();
        for (int x : xs) {
            if (x <= 0 || !seen.add(x)) {
                throw new IllegalArgumentException("share points must be distinct and positive");
            }
        }
        BigInteger[] coefficients = new BigInteger[t];
        coefficients[0] = secret;
        for (int i = 1; i < t; i++) {
            coefficients[i] = randomFieldElement(random);
        }
        List<Share> shares = new ArrayList<>(xs.length);
        for (int x : xs) {
            shares.add(new Share(x, evaluate(coefficients, BigInteger.valueOf(x))));
        }
        return shares;
    }

    /**
     * Lagrange interpolation at 0 of all given shares. With at least {@code t} consistent
     * shares this is the secret; with fewer it is an unrelated field element (there is no
     * way to tell from the shares alone, so callers must enforce the threshold).
     */
    public static BigInteger combine(Collection<Share> shares) {
        Objects.requireNonNull(shares, "shares");
        if (shares.isEmpty()) {
            throw new IllegalArgumentException("no shares");
        }
        List<Share> points = List.copyOf(shares);
        Set<Integer> seen = new HashSet<>();
        for (Share share : points) {
            if (!seen.add(share.x())) {
                throw new IllegalArgumentException("duplicate share point x=" + share.x());
            }
        }
        BigInteger secret = BigInteger.ZERO;
        for (int i = 0; i < points.size(); i++) {
            BigInteger xi = BigInteger.valueOf(points.get(i).x());
            BigInteger numerator = BigInteger.ONE;
            BigInteger denominator = BigInteger.ONE;
            for (int j = 0; j < points.size(); j++) {
                if (i == j) {
                    continue;
                }
                BigInteger xj = BigInteger.valueOf(points.get(j).x());
                // basis polynomial l_i(0) = prod_{j != i} (0 - x_j) / (x_i - x_j)
                numerator = numerator.multiply(xj.negate()).mod(PRIME);
                denominator = denominator.multiply(xi.subtract(xj)).mod(PRIME);
            }
            BigInteger basisAtZero = numerator.multiply(denominator.modInverse(PRIME)).mod(PRIME);
            secret = secret.add(points.get(i).y().multiply(basisAtZero)).mod(PRIME);
        }
        return secret;
    }

    /** Shares a byte string of at most 65 bytes (read as an unsigned big-endian integer). */
    public static List<Share> splitBytes(byte[] secret, int[] xs, int t, SecureRandom random) {
        if (secret.length > SHARE_VALUE_BYTES - 1) {
            throw new IllegalArgumentException("secret too long for one field element");
        }
        return split(new BigInteger(1, secret), xs, t, random);
    }

    /** Recombines and returns the secret as exactly {@code length} big-endian bytes. */
    public static byte[] combineBytes(Collection<Share> shares, int length) {
        return toFixedBytes(combine(shares), length);
    }

    /** Fixed-length unsigned big-endian encoding; fails if the value does not fit. */
    public static byte[] toFixedBytes(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        int start = 0;
        while (start < raw.length - 1 && raw[start] == 0) {
            start++;
        }
        int significant = raw.length - start;
        if (value.signum() < 0 || significant > length) {
            throw new SecAggException("value does not fit in " + length + " bytes");
        }
        byte[] out = new byte[length];
        System.arraycopy(raw, start, out, length - significant, significant);
        return out;
    }

    private static BigInteger evaluate(BigInteger[] coefficients, BigInteger x) {
        BigInteger y = BigInteger.ZERO;
        for (int i = coefficients.length - 1; i >= 0; i--) {
            y = y.multiply(x).add(coefficients[i]).mod(PRIME);
        }
        return y;
    }

    private static BigInteger randomFieldElement(SecureRandom random) {
        BigInteger r;
        do {
            r = new BigInteger(521, random);
        } while (r.compareTo(PRIME) >= 0);
        return r;
    }
}
