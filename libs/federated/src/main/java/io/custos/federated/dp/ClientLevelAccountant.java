package io.custos.federated.dp;

import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.EpsilonResult;
import io.custos.ml.accountant.RdpAccountant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client-level privacy of DP-FedAvg: each round is one application of the Poisson-subsampled
 * Gaussian mechanism, with the client (all of its data) as the unit that is added or removed, the
 * client sampling rate q as the sampling rate and z as the noise multiplier (McMahan et al. 2018,
 * Section 3, Theorem 1, which uses the moments accountant; RDP is its successor). That is the
 * mechanism of DP-SGD one level up, so the RDP formulas are libs/ml's {@link RdpAccountant}, not a
 * copy.
 *
 * <p>The accountant keeps the record of every round's (q, z) and composes them by adding RDP
 * order by order, so rounds with different settings compose correctly. With adaptive clipping
 * record the configured total z: by Andrew et al. 2021, Theorem 1, the update noised with z_Delta
 * plus the noised clipping count cost exactly that.
 *
 * <p>Not thread-safe.
 */
public final class ClientLevelAccountant {

    /** The privacy parameters of one round. */
    public record RoundPrivacy(double samplingRate, double noiseMultiplier) {
        public RoundPrivacy {
            if (!(samplingRate > 0 && samplingRate <= 1)) {
                throw new IllegalArgumentException("samplingRate must be in (0, 1], was " + samplingRate);
            }
            if (!(noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier))) {
                throw new IllegalArgumentException("noiseMultiplier must be >= 0 and finite, was " + noiseMultiplier);
            }
        }
    }

    private static final double[] ORDERS = RdpAccountant.DEFAULT_ORDERS;

    private final RoundPrivacy planned;
    private final double delta;
    private final Conversion conversion;
    private final List<RoundPrivacy> record = new ArrayList<>();
    /** Rounds per distinct (q, z), so a constant run is charged steps * rdp exactly as libs/ml does. */
    private final Map<RoundPrivacy, Long> roundsBySetting = new LinkedHashMap<>();
    private final Map<RoundPrivacy, double[]> oneRoundRdp = new LinkedHashMap<>();

    /** An accountant for the configuration's q, z and target delta, with the improved conversion. */
    public ClientLevelAccountant(DpFedAvgConfig config) {
        this(config.samplingRate(), config.noiseMultiplier(), config.targetDelta(), Conversion.IMPROVED);
    }

    /**
     * @param samplingRate the planned q, used by {@link #recordRound()} and {@link #epsilonAfter(int)}
     * @param noiseMultiplier the planned total z
     * @param delta the delta at which epsilon is reported
     */
    public ClientLevelAccountant(double samplingRate, double noiseMultiplier, double delta, Conversion conversion) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
        }
        if (conversion == null) {
            throw new IllegalArgumentException("conversion must not be null");
        }
        this.planned = new RoundPrivacy(samplingRate, noiseMultiplier);
        this.delta = delta;
        this.conversion = conversion;
    }

    /** An accountant that resumes from a persisted record of rounds. */
    public static ClientLevelAccountant resume(DpFedAvgConfig config, List<RoundPrivacy> rounds) {
        ClientLevelAccountant accountant = new ClientLevelAccountant(config);
        for (RoundPrivacy round : rounds) {
            accountant.add(round);
        }
        return accountant;
    }

    /**
     * Epsilon at delta after {@code rounds} rounds of the planned (q, z), ignoring the record: for
     * planning how many rounds a budget allows.
     */
    public EpsilonResult epsilonAfter(int rounds) {
        if (rounds < 0) {
            throw new IllegalArgumentException("rounds must be >= 0, was " + rounds);
        }
        double[] one = oneRound(planned);
        double[] rdp = new double[ORDERS.length];
        for (int i = 0; i < rdp.length; i++) {
            rdp[i] = rounds == 0 ? 0 : rounds * one[i];
        }
        return RdpAccountant.epsilon(ORDERS, rdp, delta, conversion);
    }

    /** Records one round at the planned (q, z) and returns epsilon over all recorded rounds. */
    public EpsilonResult recordRound() {
        return recordRound(planned.samplingRate(), planned.noiseMultiplier());
    }

    /** Records one round with its own (q, z) and returns epsilon over all recorded rounds. */
    public EpsilonResult recordRound(double samplingRate, double noiseMultiplier) {
        add(new RoundPrivacy(samplingRate, noiseMultiplier));
        return epsilon();
    }

    /** Epsilon at delta over the rounds recorded so far (0 before any round). */
    public EpsilonResult epsilon() {
        return RdpAccountant.epsilon(ORDERS, rdp(), delta, conversion);
    }

    /** Epsilon of the recorded rounds under another conversion, e.g. the classic one for comparison. */
    public EpsilonResult epsilon(Conversion other) {
        return RdpAccountant.epsilon(ORDERS, rdp(), delta, other);
    }

    /** The RDP orders of {@link #rdp()}. */
    public double[] orders() {
        return ORDERS.clone();
    }

    /** The composed RDP curve of the recorded rounds, order by order: what the epsilon is derived from. */
    public double[] rdp() {
        double[] rdp = new double[ORDERS.length];
        for (Map.Entry<RoundPrivacy, Long> e : roundsBySetting.entrySet()) {
            double[] one = oneRound(e.getKey());
            long count = e.getValue();
            for (int i = 0; i < rdp.length; i++) {
                rdp[i] += count * one[i];
            }
        }
        return rdp;
    }

    /** The recorded rounds, oldest first, to persist next to the run. */
    public List<RoundPrivacy> record() {
        return Collections.unmodifiableList(new ArrayList<>(record));
    }

    public int roundsRecorded() {
        return record.size();
    }

    public double delta() {
        return delta;
    }

    public Conversion conversion() {
        return conversion;
    }

    private void add(RoundPrivacy round) {
        record.add(round);
        roundsBySetting.merge(round, 1L, Long::sum);
    }

    private double[] oneRound(RoundPrivacy round) {
        return oneRoundRdp.computeIfAbsent(round, r ->
                RdpAccountant.poissonSubsampledGaussian(r.samplingRate(), r.noiseMultiplier(), 1, ORDERS));
    }
}
