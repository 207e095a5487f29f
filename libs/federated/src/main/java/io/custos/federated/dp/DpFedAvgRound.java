package io.custos.federated.dp;

import io.custos.ml.noise.RandomSource;

/**
 * One round of DP-FedAvg, streaming: client updates are clipped and summed as they arrive into a
 * single {@code double[]}, so memory is O(dimension) whatever the number of clients.
 *
 * <p>McMahan et al. 2018, Algorithm 1 with equal client weights and the flat clipping of
 * Section 3: each update Delta_k is scaled to Delta_k * min(1, S / ||Delta_k||), and the round
 * releases the fixed-denominator estimator f~_f (Section 2) plus Gaussian noise,
 * <pre>  Delta = sum_k clip(Delta_k) / (qN) + N(0, (z S / (qN))^2 I)</pre>
 * The denominator is the fixed expected number of clients qN, not the number that actually took
 * part: adding or removing one client then changes the released sum by at most S / (qN), the
 * sensitivity the noise is calibrated to. Dividing by the actual count would make the output depend
 * on that count, which is itself data about who participated, and would change every other client's
 * contribution when one client is added or removed, so the Gaussian mechanism's bound (and the
 * accountant) would no longer apply.
 *
 * <p>With adaptive clipping (Andrew et al. 2021) the round also counts the clients whose update fit
 * under C, noises that count and derives the next round's clip norm; the update noise then uses
 * z_Delta so that update and count together cost exactly the configured z.
 *
 * <p>Not thread-safe; use one instance per round and call {@link #finish(RandomSource)} once.
 */
public final class DpFedAvgRound {

    private final DpFedAvgConfig config;
    private final double clipNorm;
    private final double[] sum;
    private int clients;
    private int withinClipNorm;
    private boolean finished;

    /**
     * A round clipping to {@code clipNorm}: the configured S for fixed clipping, or the current
     * adaptive C (the previous round's {@link RoundResult#nextClipNorm()}).
     */
    public DpFedAvgRound(DpFedAvgConfig config, double clipNorm, int dimension) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        if (!(clipNorm > 0 && Double.isFinite(clipNorm))) {
            throw new IllegalArgumentException("clipNorm must be > 0 and finite, was " + clipNorm);
        }
        if (!config.isAdaptive() && clipNorm != config.clipNorm()) {
            throw new IllegalArgumentException("clipNorm must be the configured fixed clip norm " + config.clipNorm()
                    + ", was " + clipNorm);
        }
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be > 0, was " + dimension);
        }
        this.config = config;
        this.clipNorm = clipNorm;
        this.sum = new double[dimension];
    }

    /**
     * Clips one client's update to L2 norm C and adds it to the running sum; {@code update} is not
     * modified.
     *
     * @throws IllegalArgumentException if the dimension is wrong or a coordinate is not finite (one
     *     NaN would silently destroy the whole round's sum)
     */
    public ClipResult add(double[] update) {
        if (finished) {
            throw new IllegalStateException("the round is finished");
        }
        if (update == null || update.length != sum.length) {
            throw new IllegalArgumentException("update must have dimension " + sum.length + ", was "
                    + (update == null ? "null" : update.length));
        }
        double squares = 0;
        for (double v : update) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("update has a non-finite coordinate: " + v);
            }
            squares += v * v;
        }
        double norm = Math.sqrt(squares);
        if (!Double.isFinite(norm)) {
            throw new IllegalArgumentException("update norm overflows");
        }
        boolean clipped = norm > clipNorm;
        double scale = clipped ? clipNorm / norm : 1;
        for (int i = 0; i < sum.length; i++) {
            sum[i] += scale * update[i];
        }
        clients++;
        if (!clipped) {
            withinClipNorm++;
        }
        return new ClipResult(norm, clipped ? clipNorm : norm, clipped);
    }

    /**
     * Adds updates already clipped to {@link #clipNorm()} and summed elsewhere: what secure aggregation
     * unmasks, where each client clips its own update and the server sees only the sum.
     *
     * @param clippedSum     the sum of the clients' clipped updates; not modified
     * @param clients        how many updates it sums
     * @param withinClipNorm how many of them fit under C unclipped (the clipping bits' sum); used only
     *                       with adaptive clipping
     * @throws IllegalArgumentException if the dimension is wrong, a coordinate is not finite, or the
     *     counts are inconsistent
     */
    public void addClippedSum(double[] clippedSum, int clients, int withinClipNorm) {
        if (finished) {
            throw new IllegalStateException("the round is finished");
        }
        if (clippedSum == null || clippedSum.length != sum.length) {
            throw new IllegalArgumentException("sum must have dimension " + sum.length + ", was "
                    + (clippedSum == null ? "null" : clippedSum.length));
        }
        if (clients < 0 || withinClipNorm < 0 || withinClipNorm > clients) {
            throw new IllegalArgumentException("need 0 <= withinClipNorm <= clients, were " + withinClipNorm + " and "
                    + clients);
        }
        for (double v : clippedSum) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("sum has a non-finite coordinate: " + v);
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += clippedSum[i];
        }
        this.clients += clients;
        this.withinClipNorm += withinClipNorm;
    }

    /** Updates added so far. */
    public int clients() {
        return clients;
    }

    public double clipNorm() {
        return clipNorm;
    }

    /**
     * Ends the round: divides the sum by qN, adds N(0, (z_update C / (qN))^2) to every coordinate and,
     * with adaptive clipping, computes the next clip norm from the noised count. Noise is added even
     * when no client took part, since an empty round must look like any other. Use a
     * {@link io.custos.ml.noise.SecureRandomSource} for any run that claims privacy.
     */
    public RoundResult finish(RandomSource random) {
        if (finished) {
            throw new IllegalStateException("the round is already finished");
        }
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        finished = true;
        double denominator = config.expectedClientsPerRound();
        double noiseStd = config.updateNoiseMultiplier() * clipNorm / denominator;
        for (int i = 0; i < sum.length; i++) {
            sum[i] = sum[i] / denominator + noiseStd * random.nextGaussian();
        }
        double nextClipNorm = clipNorm;
        Double fractionBelow = null;
        AdaptiveClipping adaptive = config.adaptiveClipping();
        if (adaptive != null) {
            double centredBitSum = withinClipNorm - 0.5 * clients;
            double noisyCentredBitSum = centredBitSum + adaptive.bitNoiseStd() * random.nextGaussian();
            fractionBelow = AdaptiveClipping.noisyFractionBelow(noisyCentredBitSum, denominator);
            nextClipNorm = adaptive.nextClipNorm(clipNorm, fractionBelow);
        }
        return new RoundResult(sum, clipNorm, nextClipNorm, clients, noiseStd, fractionBelow);
    }
}
