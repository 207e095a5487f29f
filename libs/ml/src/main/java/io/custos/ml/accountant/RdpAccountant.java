package io.custos.ml.accountant;

import java.util.Arrays;
import java.util.stream.DoubleStream;
import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.LogGamma;

/**
 * Renyi differential privacy of the Poisson-subsampled Gaussian mechanism (the mechanism of
 * DP-SGD), after Mironov, Talwar and Zhang 2019, "Renyi Differential Privacy of the Sampled
 * Gaussian Mechanism", Section 3.3: an exact sum for integer orders and a convergent series for
 * fractional ones, in log space throughout. Neighbouring datasets differ by adding or removing
 * one record.
 */
public final class RdpAccountant {

    /**
     * The orders Custos evaluates by default: dense near 1 (where small epsilons live), integers up
     * to 256 and a few large ones (where large epsilons live).
     */
    public static final double[] DEFAULT_ORDERS = DoubleStream.concat(
            DoubleStream.concat(
                    DoubleStream.iterate(1.1, a -> a < 10.95, a -> Math.round((a + 0.1) * 10) / 10.0),
                    DoubleStream.iterate(11, a -> a <= 256, a -> a + 1)),
            DoubleStream.of(320, 384, 512, 768, 1024)).toArray();

    private static final double LOG_HALF = Math.log(0.5);

    private RdpAccountant() {
    }

    /** RDP of the Gaussian mechanism with L2 sensitivity 1 and noise sigma: alpha / (2 sigma^2). */
    public static double[] gaussian(double sigma, double[] orders) {
        double[] rdp = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            rdp[i] = sigma == 0 ? Double.POSITIVE_INFINITY : orders[i] / (2 * sigma * sigma);
        }
        return rdp;
    }

    /** RDP of {@code steps} compositions of the sampled Gaussian mechanism, at each order. */
    public static double[] poissonSubsampledGaussian(double samplingRate, double noiseMultiplier, long steps,
            double[] orders) {
        if (!(samplingRate >= 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in [0, 1], was " + samplingRate);
        }
        if (!(noiseMultiplier >= 0)) {
            throw new IllegalArgumentException("noise multiplier must be >= 0, was " + noiseMultiplier);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, was " + steps);
        }
        double[] rdp = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            rdp[i] = steps == 0 ? 0 : steps * single(samplingRate, noiseMultiplier, orders[i]);
        }
        return rdp;
    }

    /** RDP at order {@code alpha} of one application of the mechanism. */
    static double single(double q, double sigma, double alpha) {
        if (!(alpha > 1)) {
            throw new IllegalArgumentException("RDP orders must be > 1, was " + alpha);
        }
        if (q == 0) {
            return 0;
        }
        if (sigma == 0 || Double.isInfinite(alpha)) {
            return Double.POSITIVE_INFINITY;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        double logA = alpha == Math.rint(alpha) && alpha < 1e6 ? logAInteger(q, sigma, (int) alpha)
                : logAFractional(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    /** log A_alpha for integer alpha: a finite binomial sum. */
    static double logAInteger(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        for (int i = 0; i <= alpha; i++) {
            double term = logBinomial(alpha, i) + i * logQ + (alpha - i) * log1mQ
                    + (i * (double) i - i) / (2 * sigma * sigma);
            logA = logAdd(logA, term);
        }
        return logA;
    }

    /**
     * log A_alpha for fractional alpha: two series split at z0 where the two Gaussians' ratio
     * changes side, summed until terms fall below e^-30 of the leading ones.
     */
    static double logAFractional(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double sqrt2Sigma = Math.sqrt(2) * sigma;
        double logCoef = 0; // log |C(alpha, 0)|
        double coefSign = 1;
        for (int i = 0; i < 100_000; i++) {
            if (i > 0) { // C(a, i) = C(a, i - 1) * (a - i + 1) / i
                double factor = (alpha - i + 1) / i;
                logCoef += Math.log(Math.abs(factor));
                if (factor < 0) {
                    coefSign = -coefSign;
                }
            }
            double j = alpha - i;
            double logT0 = logCoef + i * logQ + j * log1mQ;
            double logT1 = logCoef + j * logQ + i * log1mQ;
            double logE0 = LOG_HALF + logErfc((i - z0) / sqrt2Sigma);
            double logE1 = LOG_HALF + logErfc((z0 - j) / sqrt2Sigma);
            double logS0 = logT0 + (i * (double) i - i) / (2 * sigma * sigma) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
            if (coefSign > 0) {
                logA0 = logAdd(logA0, logS0);
                logA1 = logAdd(logA1, logS1);
            } else {
                logA0 = logSub(logA0, logS0);
                logA1 = logSub(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < -30) {
                break;
            }
        }
        return logAdd(logA0, logA1);
    }

    /** The smallest epsilon over the orders for the given delta. */
    public static EpsilonResult epsilon(double[] orders, double[] rdp, double delta, Conversion conversion) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
        }
        if (orders.length != rdp.length || orders.length == 0) {
            throw new IllegalArgumentException("orders and rdp must have the same, non-zero length");
        }
        double best = Double.POSITIVE_INFINITY;
        int bestIndex = -1;
        double logDelta = Math.log(delta);
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i];
            double r = rdp[i];
            if (r == 0) { // Renyi divergence 0: the output distributions are identical
                return new EpsilonResult(0, delta, a, conversion, false);
            }
            if (Double.isNaN(r) || Double.isInfinite(r)) {
                continue;
            }
            double eps = switch (conversion) {
                case CLASSIC -> r - logDelta / (a - 1);
                case IMPROVED -> r + Math.log1p(-1 / a) - (logDelta + Math.log(a)) / (a - 1);
            };
            if (eps < best) {
                best = eps;
                bestIndex = i;
            }
        }
        if (bestIndex < 0) {
            return new EpsilonResult(Double.POSITIVE_INFINITY, delta, Double.NaN, conversion, false);
        }
        double min = Arrays.stream(orders).min().orElseThrow();
        double max = Arrays.stream(orders).max().orElseThrow();
        double order = orders[bestIndex];
        return new EpsilonResult(Math.max(0, best), delta, order, conversion, order == min || order == max);
    }

    /** Epsilon of DP-SGD with Poisson sampling rate q, noise multiplier sigma, over {@code steps}. */
    public static EpsilonResult dpSgdEpsilon(double q, double sigma, long steps, double delta, Conversion conversion) {
        return epsilon(DEFAULT_ORDERS, poissonSubsampledGaussian(q, sigma, steps, DEFAULT_ORDERS), delta, conversion);
    }

    /**
     * The smallest noise multiplier (to a relative precision of 1e-4) whose epsilon does not exceed
     * the target: epsilon falls monotonically as the noise grows, so bisection on sigma finds it.
     */
    public static double noiseMultiplier(double targetEpsilon, double delta, double q, long steps,
            Conversion conversion) {
        return noiseMultiplier(targetEpsilon, delta, q, steps, new double[DEFAULT_ORDERS.length], conversion);
    }

    /**
     * As {@link #noiseMultiplier(double, double, double, long, Conversion)}, when other mechanisms of
     * the same run already spend {@code otherRdp} (at {@link #DEFAULT_ORDERS}).
     */
    public static double noiseMultiplier(double targetEpsilon, double delta, double q, long steps, double[] otherRdp,
            Conversion conversion) {
        if (!(targetEpsilon > 0)) {
            throw new IllegalArgumentException("target epsilon must be > 0, was " + targetEpsilon);
        }
        if (otherRdp.length != DEFAULT_ORDERS.length) {
            throw new IllegalArgumentException("otherRdp must be given at DEFAULT_ORDERS");
        }
        java.util.function.DoubleUnaryOperator eps = sigma -> {
            double[] rdp = poissonSubsampledGaussian(q, sigma, steps, DEFAULT_ORDERS);
            for (int i = 0; i < rdp.length; i++) {
                rdp[i] += otherRdp[i];
            }
            return epsilon(DEFAULT_ORDERS, rdp, delta, conversion).epsilon();
        };
        if (epsilon(DEFAULT_ORDERS, otherRdp, delta, conversion).epsilon() >= targetEpsilon) {
            throw new IllegalArgumentException("the run's other mechanisms already spend the target epsilon "
                    + targetEpsilon);
        }
        return search(targetEpsilon, eps);
    }

    private static double search(double targetEpsilon, java.util.function.DoubleUnaryOperator eps) {
        if (!(targetEpsilon > 0)) {
            throw new IllegalArgumentException("target epsilon must be > 0, was " + targetEpsilon);
        }
        double lo = 0;
        double hi = 1;
        while (eps.applyAsDouble(hi) > targetEpsilon) {
            lo = hi;
            hi *= 2;
            if (hi > 1e6) {
                throw new IllegalArgumentException("no noise multiplier up to 1e6 reaches epsilon " + targetEpsilon);
            }
        }
        while (hi - lo > 1e-4 * hi) {
            double mid = (lo + hi) / 2;
            if (eps.applyAsDouble(mid) > targetEpsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    // --- log-space arithmetic -------------------------------------------------------------------

    static double logAdd(double a, double b) {
        double hi = Math.max(a, b);
        double lo = Math.min(a, b);
        if (hi == Double.NEGATIVE_INFINITY) {
            return hi;
        }
        return hi + Math.log1p(Math.exp(lo - hi));
    }

    /** log(exp(a) - exp(b)); requires a >= b. */
    static double logSub(double a, double b) {
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        if (a < b) {
            throw new ArithmeticException("log of a negative number in the RDP series");
        }
        if (a == b) {
            return Double.NEGATIVE_INFINITY;
        }
        double d = b - a;
        // log(1 - e^d), accurate for d near 0 and very negative d
        return a + (d > -0.693 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
    }

    /** log(erfc(x)), finite far into the tail where erfc underflows. */
    static double logErfc(double x) {
        if (x < 25) {
            return Math.log(Erfc.value(x));
        }
        // Asymptotic expansion: erfc(x) = e^-x^2 / (x sqrt(pi)) (1 - 1/(2x^2) + 3/(4x^4) - 15/(8x^6) + ...)
        double x2 = x * x;
        double series = 1 - 1 / (2 * x2) + 3 / (4 * x2 * x2) - 15 / (8 * x2 * x2 * x2) + 105 / (16 * x2 * x2 * x2 * x2);
        return -x2 - Math.log(x) - 0.5 * Math.log(Math.PI) + Math.log(series);
    }

    static double logBinomial(int n, int k) {
        return LogGamma.value(n + 1.0) - LogGamma.value(k + 1.0) - LogGamma.value(n - k + 1.0);
    }
}
