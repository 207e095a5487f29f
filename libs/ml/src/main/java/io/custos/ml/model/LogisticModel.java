package io.custos.ml.model;

import io.custos.ml.noise.RandomSource;

/** Logistic regression: p = sigmoid(w.x + b), log loss. Parameters: w (d), then b. */
public final class LogisticModel implements Model {

    private final int d;

    public LogisticModel(int inputDimension) {
        this.d = inputDimension;
    }

    @Override
    public ModelType type() {
        return ModelType.LOGISTIC;
    }

    @Override
    public int inputDimension() {
        return d;
    }

    @Override
    public int parameterCount() {
        return d + 1;
    }

    @Override
    public double[] initialParameters(RandomSource random) {
        return new double[d + 1];
    }

    @Override
    public double score(double[] p, double[] x) {
        double z = p[d];
        for (int i = 0; i < d; i++) {
            z += p[i] * x[i];
        }
        return z;
    }

    @Override
    public double probability(double[] p, double[] x) {
        return Activations.sigmoid(score(p, x));
    }

    @Override
    public double lossAndGradient(double[] p, double[] x, int label, double[] g) {
        double z = score(p, x);
        double err = Activations.sigmoid(z) - label;
        for (int i = 0; i < d; i++) {
            g[i] = err * x[i];
        }
        g[d] = err;
        return Activations.logLoss(z, label);
    }

    /** The gradient is g_b * (x, 1), so its squared norm is g_b^2 (|x|^2 + 1). */
    @Override
    public double gradientSquaredNorm(double[] g, double[] x, double inputSquaredNorm) {
        return g[d] * g[d] * (inputSquaredNorm + 1);
    }
}
