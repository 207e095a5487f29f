package io.custos.ml.model;

import io.custos.ml.noise.RandomSource;

/**
 * A linear score w.x + b over parameters (w, then b). Subclasses give the loss; the gradient is
 * always g_b * (x, 1), which also gives its norm from the input's norm without a pass over w.
 */
abstract class LinearModel implements Model {

    protected final int d;

    LinearModel(int inputDimension) {
        this.d = inputDimension;
    }

    @Override
    public int inputDimension() {
        return d;
    }

    @Override
    public int parameterCount() {
        return d + 1;
    }

    /** Zeros: data-independent, so free of privacy cost. */
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

    /** Writes scale * (x, 1) into the gradient. */
    protected void writeGradient(double scale, double[] x, double[] g) {
        for (int i = 0; i < d; i++) {
            g[i] = scale * x[i];
        }
        g[d] = scale;
    }

    @Override
    public double gradientSquaredNorm(double[] g, double[] x, double inputSquaredNorm) {
        return g[d] * g[d] * (inputSquaredNorm + 1);
    }
}
