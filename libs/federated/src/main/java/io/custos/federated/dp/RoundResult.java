package io.custos.federated.dp;

/**
 * The privatised outcome of one DP-FedAvg round.
 *
 * @param noisyAverageUpdate sum of clipped updates / (qN) plus N(0, noiseStd^2) per coordinate;
 *     the caller owns the array
 * @param clipNormUsed the clip norm C this round clipped to
 * @param nextClipNorm the clip norm for the next round: C again for fixed clipping, the geometric
 *     update's result for adaptive clipping (computed from noised bits only, so it may be published)
 * @param clients how many updates were added. The trusted server knows it, but it is not a
 *     differentially private statistic: do not publish it where only DP outputs may go
 * @param noiseStd the per-coordinate noise std of the average, z S / (qN) (z_Delta when adaptive)
 * @param noisyFractionBelow with adaptive clipping, the noised fraction of clients whose update fit
 *     under C that moved the clip norm (a DP output); null with fixed clipping
 */
public record RoundResult(double[] noisyAverageUpdate, double clipNormUsed, double nextClipNorm, int clients,
        double noiseStd, Double noisyFractionBelow) {
}
