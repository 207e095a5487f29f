package io.custos.ml.train;

import io.custos.ml.model.Model;
import io.custos.ml.noise.RandomSource;

/**
 * Metrics on held-out rows. The held-out rows are private too, so a private run releases them
 * only through a Gaussian mechanism: two histograms of predicted probability (positives and
 * negatives), each record in exactly one bin (L2 sensitivity 1), from which accuracy, AUC and
 * log loss are computed as post-processing.
 */
public final class Evaluation {

    public static final int BINS = 20;

    /** Accuracy at threshold 0.5, ROC AUC, mean log loss. */
    public record Metrics(double accuracy, double auc, double logLoss) {
    }

    private Evaluation() {
    }

    /** Exact metrics: for non-private runs and for tests on public data. */
    public static Metrics exact(Model model, double[] params, double[][] x, int[] y) {
        double[][] h = histograms(model, params, x, y);
        return fromHistograms(h[0], h[1]);
    }

    /** Metrics from histograms with N(0, sigma^2) added to every bin. */
    public static Metrics noisy(Model model, double[] params, double[][] x, int[] y, double sigma, RandomSource random) {
        double[][] h = histograms(model, params, x, y);
        for (double[] hist : h) {
            for (int b = 0; b < BINS; b++) {
                hist[b] = Math.max(0, hist[b] + sigma * random.nextGaussian());
            }
        }
        return fromHistograms(h[0], h[1]);
    }

    private static double[][] histograms(Model model, double[] params, double[][] x, int[] y) {
        double[] pos = new double[BINS];
        double[] neg = new double[BINS];
        for (int i = 0; i < x.length; i++) {
            double p = model.probability(params, x[i]);
            int b = Math.min(BINS - 1, (int) Math.floor(p * BINS));
            if (y[i] == 1) {
                pos[b]++;
            } else {
                neg[b]++;
            }
        }
        return new double[][] {pos, neg};
    }

    static Metrics fromHistograms(double[] pos, double[] neg) {
        double p = 0;
        double n = 0;
        double correct = 0;
        double loss = 0;
        double aucSum = 0;
        double negBelow = 0;
        for (int b = 0; b < BINS; b++) {
            double mid = (b + 0.5) / BINS;
            p += pos[b];
            n += neg[b];
            if (b >= BINS / 2) {
                correct += pos[b];
            } else {
                correct += neg[b];
            }
            loss += pos[b] * -Math.log(mid) + neg[b] * -Math.log(1 - mid);
            aucSum += pos[b] * (negBelow + 0.5 * neg[b]);
            negBelow += neg[b];
        }
        double total = p + n;
        return new Metrics(total > 0 ? correct / total : Double.NaN, p > 0 && n > 0 ? aucSum / (p * n) : Double.NaN,
                total > 0 ? loss / total : Double.NaN);
    }
}
