package io.custos.ml.train;

import io.custos.ml.model.Model;
import io.custos.ml.noise.RandomSource;

/**
 * DP-SGD (Abadi et al. 2016) as the accountant assumes it: each step samples every example
 * independently with probability q (Poisson sampling), clips each example's gradient to L2
 * norm C, adds N(0, sigma^2 C^2) to the sum and divides by the expected batch size q n (the
 * actual batch size is private). The non-private mode runs the very same loop without clipping
 * and noise, so the two differ only by what privacy costs.
 */
public final class DpSgdTrainer {

    /** The outcome of a run: parameters and the facts the accountant needs. */
    public record Result(double[] parameters, long steps, double samplingRate, double noiseMultiplier,
            double clipNorm, long examplesProcessed) {
    }

    private DpSgdTrainer() {
    }

    /**
     * Trains from the model's data-independent initial parameters.
     *
     * @param onEpoch called with the epoch number after every full epoch's worth of steps (for
     *                evaluation); may be null
     */
    public static Result train(Model model, double[][] x, int[] y, SgdOptions options, RandomSource random,
            EpochListener onEpoch) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        return train(model, model.initialParameters(random), x, y, options, random, onEpoch);
    }

    /**
     * Trains from the given parameters, e.g. a federation's global model that a site continues
     * locally. The privacy account is the same as from scratch: the starting point is not data of
     * this run.
     *
     * @param initialParameters where to start; copied, never modified; exactly
     *                          {@code model.parameterCount()} values
     * @param onEpoch           called with the epoch number after every full epoch's worth of steps
     *                          (for evaluation); may be null
     */
    public static Result train(Model model, double[] initialParameters, double[][] x, int[] y, SgdOptions options,
            RandomSource random, EpochListener onEpoch) {
        int n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        int p = model.parameterCount();
        if (initialParameters.length != p) {
            throw new IllegalArgumentException("initial parameters have " + initialParameters.length
                    + " values; the " + model.type().id() + " model has " + p);
        }
        double q = options.samplingRate(n);
        long steps = options.steps(n);
        long stepsPerEpoch = Math.max(1, Math.round(1 / q));
        double[] params = initialParameters.clone();
        double[] gradient = new double[p];
        double[] sum = new double[p];
        double[] noise = new double[p];
        double expectedBatch = q * n;
        double c = options.clipNorm();
        double noiseScale = options.noiseMultiplier() * c;
        double log1mq = Math.log1p(-q);
        long processed = 0;
        double[] inputNorm2 = new double[n]; // |x_i|^2, computed once: lets models get gradient norms cheaply
        if (options.privateTraining()) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (double v : x[i]) {
                    s += v * v;
                }
                inputNorm2[i] = s;
            }
        }

        for (long step = 1; step <= steps; step++) {
            java.util.Arrays.fill(sum, 0);
            // Poisson sampling by geometric gaps: the same distribution as n independent coin flips.
            int i = q >= 1 ? 0 : nextGap(random, log1mq);
            while (i < n) {
                model.lossAndGradient(params, x[i], y[i], gradient);
                processed++;
                if (options.privateTraining()) {
                    double norm = Math.sqrt(model.gradientSquaredNorm(gradient, x[i], inputNorm2[i]));
                    double factor = norm > c ? c / norm : 1.0;
                    for (int k = 0; k < p; k++) {
                        sum[k] += factor * gradient[k];
                    }
                } else {
                    for (int k = 0; k < p; k++) {
                        sum[k] += gradient[k];
                    }
                }
                i += q >= 1 ? 1 : 1 + nextGap(random, log1mq);
            }
            if (options.privateTraining() && noiseScale > 0) {
                random.fillGaussian(noise, noiseScale);
                for (int k = 0; k < p; k++) {
                    sum[k] += noise[k];
                }
            }
            double lr = options.learningRate();
            for (int k = 0; k < p; k++) {
                params[k] -= lr * (sum[k] / expectedBatch + options.l2() * params[k]);
            }
            if (onEpoch != null && (step % stepsPerEpoch == 0 || step == steps)) {
                onEpoch.epochDone((int) Math.min(Integer.MAX_VALUE, (step + stepsPerEpoch - 1) / stepsPerEpoch),
                        params);
            }
        }
        return new Result(params, steps, q, options.privateTraining() ? options.noiseMultiplier() : 0, c, processed);
    }

    /** Number of examples skipped before the next one is included: Geometric(q) on {0, 1, ...}. */
    private static int nextGap(RandomSource random, double log1mq) {
        double u;
        do {
            u = random.nextUniform();
        } while (u == 0);
        double g = Math.floor(Math.log(u) / log1mq);
        return g > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE / 2 : (int) g;
    }

    /** Receives the parameters at the end of each epoch. */
    @FunctionalInterface
    public interface EpochListener {
        void epochDone(int epoch, double[] parameters);
    }
}
