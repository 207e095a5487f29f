package io.custos.federated.client;

import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.EpsilonResult;
import io.custos.ml.accountant.RdpAccountant;

/**
 * A site's example-level privacy spent by local DP-SGD across all rounds it trained in: each
 * round's run adds its RDP curve (Poisson-subsampled Gaussian) and the sum converts to one
 * (epsilon, delta), the same accountant and conversion as central training. The caller keeps one
 * account for the whole federation. A round is charged when its update is computed, since the
 * update is sent right after; a refused update has still been seen by the server. A restarted site
 * continues its account with {@link #restore} from what {@link ParticipantState} persisted.
 *
 * <p>Neighbouring datasets differ by one of this site's records; this says nothing about the
 * client-level guarantee the server's DP-FedAvg gives.
 */
public final class LocalPrivacyAccount {

    private static final double[] ORDERS = RdpAccountant.DEFAULT_ORDERS;

    private final double delta;
    private final double[] rdp = new double[ORDERS.length];
    private int rounds;

    /** @param delta the delta at which epsilon is reported; below 1 / (local rows) to mean anything */
    public LocalPrivacyAccount(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("local delta must be in (0, 1), was " + delta);
        }
        this.delta = delta;
    }

    /**
     * An account that continues where a persisted one stopped: the same delta, the composed RDP
     * curve at {@link RdpAccountant#DEFAULT_ORDERS} and the number of rounds charged so far.
     *
     * @throws IllegalArgumentException if delta is not in (0, 1), the curve has another length than
     *                                  the orders or a negative or non-finite value, or rounds is negative
     */
    public static LocalPrivacyAccount restore(double delta, double[] rdp, int rounds) {
        LocalPrivacyAccount account = new LocalPrivacyAccount(delta);
        if (rdp == null || rdp.length != ORDERS.length) {
            throw new IllegalArgumentException("the RDP curve must have " + ORDERS.length + " values (one per order), had "
                    + (rdp == null ? "none" : rdp.length));
        }
        for (int i = 0; i < rdp.length; i++) {
            if (!Double.isFinite(rdp[i]) || rdp[i] < 0) {
                throw new IllegalArgumentException("the RDP curve at order " + ORDERS[i]
                        + " must be finite and non-negative, was " + rdp[i]);
            }
        }
        if (rounds < 0) {
            throw new IllegalArgumentException("rounds charged must not be negative, was " + rounds);
        }
        if (rounds == 0 && java.util.Arrays.stream(rdp).anyMatch(v -> v != 0)) {
            throw new IllegalArgumentException("an RDP curve with no round charged must be zero");
        }
        System.arraycopy(rdp, 0, account.rdp, 0, rdp.length);
        account.rounds = rounds;
        return account;
    }

    /** Adds one local run of DP-SGD. */
    public synchronized void charge(double samplingRate, double noiseMultiplier, long steps) {
        double[] run = RdpAccountant.poissonSubsampledGaussian(samplingRate, noiseMultiplier, steps, ORDERS);
        for (int i = 0; i < rdp.length; i++) {
            rdp[i] += run[i];
        }
        rounds++;
    }

    /** Epsilon of everything charged so far (0 before the first round). */
    public synchronized EpsilonResult epsilon() {
        return RdpAccountant.epsilon(ORDERS, rdp, delta, Conversion.IMPROVED);
    }

    /** How many rounds were charged. */
    public synchronized int rounds() {
        return rounds;
    }

    public double delta() {
        return delta;
    }

    /** The composed RDP curve at {@link RdpAccountant#DEFAULT_ORDERS} (a copy). */
    public synchronized double[] rdp() {
        return rdp.clone();
    }
}
