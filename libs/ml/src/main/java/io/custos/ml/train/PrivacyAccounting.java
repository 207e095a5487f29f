package io.custos.ml.train;

import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.EpsilonResult;
import io.custos.ml.accountant.RdpAccountant;
import java.util.List;

/**
 * The full privacy account of one run: every mechanism that touched private data, the composed
 * RDP curve (what the ledger stores and composes across runs) and the (epsilon, delta) it gives.
 *
 * @param delta           the run's total delta: deltaRdp plus the thresholding mechanisms' delta
 * @param deltaRdp        the delta at which the RDP curve is converted
 * @param epsilonClassic  the same curve under Mironov's conversion, for comparison
 */
public record PrivacyAccounting(
        double epsilon,
        double delta,
        double deltaRdp,
        double epsilonClassic,
        double optimalOrder,
        String accountant,
        double noiseMultiplier,
        double samplingRate,
        long steps,
        double clipNorm,
        List<Mechanism> mechanisms,
        double[] orders,
        double[] rdp) {

    /** One use of private data. {@code sigma} is for Gaussian mechanisms, {@code delta} for thresholds. */
    public record Mechanism(String kind, String purpose, Double sigma, Double delta) {
    }

    static PrivacyAccounting of(double[] rdp, double deltaRdp, double thresholdDelta, double sigma, double q,
            long steps, double clip, List<Mechanism> mechanisms) {
        double[] orders = RdpAccountant.DEFAULT_ORDERS;
        EpsilonResult improved = RdpAccountant.epsilon(orders, rdp, deltaRdp, Conversion.IMPROVED);
        EpsilonResult classic = RdpAccountant.epsilon(orders, rdp, deltaRdp, Conversion.CLASSIC);
        return new PrivacyAccounting(improved.epsilon(), deltaRdp + thresholdDelta, deltaRdp, classic.epsilon(),
                improved.optimalOrder(), "rdp (Poisson-subsampled Gaussian; Balle et al. 2020 conversion)", sigma, q,
                steps, clip, List.copyOf(mechanisms), orders.clone(), rdp.clone());
    }
}
