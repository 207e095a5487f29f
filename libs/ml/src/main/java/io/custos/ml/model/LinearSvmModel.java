package io.custos.ml.model;

import io.custos.ml.noise.RandomSource;

/**
 * Linear SVM: margin m = w.x + b, hinge loss max(0, 1 - y m) with y in {-1, 1}. Probabilities are
 * the logistic of the margin (a monotone score, enough for AUC and a 0.5 threshold).
 */
public final class LinearSvmModel implements Model {

    private final int d;

    public LinearSvmModel(int inputDimension) {
        this.d = inputDimension;
    }

    @Override
    public ModelType type() {
        return ModelType.SVM;
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
        double m = p[d];
        for (int i = 0; i < d; i++) {
            m += p[i] * x[i];
        }
        return m;
    }

    @Override
    public double probability(double[] p, double[] x) {
        return Activations.sigmoid(2 * score(p, x));
    }

    @Override
    public double lossAndGradient(double[] p, double[] x, int label, double[] g) {
        double y = label == 1 ? 1 : -1;
        double margin = y * score(p, x);
        if (margin >= 1) {
            java.util.Arrays.fill(g, 0, d + 1, 0);
            return 0;
        }
        for (int i = 0; i < d; i++) {
            g[i] = -y * x[i];
        }
        g[d] = -y;
        return 1 - margin;
    }

    /** The gradient is g_b * (x, 1), so its squared norm is g_b^2 (|x|^2 + 1). */
    @Override
    public double gradientSquaredNorm(double[] g, double[] x, double inputSquaredNorm) {
        return g[d] * g[d] * (inputSquaredNorm + 1);
    }
}
