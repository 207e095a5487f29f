package io.custos.ml.model;

import io.custos.ml.noise.RandomSource;

/**
 * One hidden layer of tanh units and a logistic output, log loss. Parameters, flat: W1 (h x d,
 * row-major), b1 (h), w2 (h), b2.
 */
public final class MlpModel implements Model {

    private final int d;
    private final int h;
    private final int b1;
    private final int w2;
    private final int b2;

    public MlpModel(int inputDimension, int hiddenUnits) {
        if (hiddenUnits < 1) {
            throw new IllegalArgumentException("hidden units must be >= 1");
        }
        this.d = inputDimension;
        this.h = hiddenUnits;
        this.b1 = h * d;
        this.w2 = b1 + h;
        this.b2 = w2 + h;
    }

    public int hiddenUnits() {
        return h;
    }

    @Override
    public ModelType type() {
        return ModelType.MLP;
    }

    @Override
    public int inputDimension() {
        return d;
    }

    @Override
    public int parameterCount() {
        return b2 + 1;
    }

    /** Glorot-uniform weights, zero biases: independent of the data, so it costs no privacy. */
    @Override
    public double[] initialParameters(RandomSource random) {
        double[] p = new double[parameterCount()];
        double limit1 = Math.sqrt(6.0 / (d + h));
        for (int i = 0; i < b1; i++) {
            p[i] = (2 * random.nextUniform() - 1) * limit1;
        }
        double limit2 = Math.sqrt(6.0 / (h + 1));
        for (int j = 0; j < h; j++) {
            p[w2 + j] = (2 * random.nextUniform() - 1) * limit2;
        }
        return p;
    }

    @Override
    public double score(double[] p, double[] x) {
        double z = p[b2];
        for (int j = 0; j < h; j++) {
            z += p[w2 + j] * Math.tanh(preActivation(p, x, j));
        }
        return z;
    }

    private double preActivation(double[] p, double[] x, int j) {
        double a = p[b1 + j];
        int row = j * d;
        for (int i = 0; i < d; i++) {
            a += p[row + i] * x[i];
        }
        return a;
    }

    @Override
    public double probability(double[] p, double[] x) {
        return Activations.sigmoid(score(p, x));
    }

    @Override
    public double lossAndGradient(double[] p, double[] x, int label, double[] g) {
        double[] hidden = new double[h];
        double z = p[b2];
        for (int j = 0; j < h; j++) {
            hidden[j] = Math.tanh(preActivation(p, x, j));
            z += p[w2 + j] * hidden[j];
        }
        double err = Activations.sigmoid(z) - label;
        g[b2] = err;
        for (int j = 0; j < h; j++) {
            g[w2 + j] = err * hidden[j];
            double delta = err * p[w2 + j] * (1 - hidden[j] * hidden[j]);
            g[b1 + j] = delta;
            int row = j * d;
            for (int i = 0; i < d; i++) {
                g[row + i] = delta * x[i];
            }
        }
        return Activations.logLoss(z, label);
    }

    /** Row j of dW1 is delta_j x and db1_j is delta_j: together delta_j^2 (|x|^2 + 1). */
    @Override
    public double gradientSquaredNorm(double[] g, double[] x, double inputSquaredNorm) {
        double s = g[b2] * g[b2];
        for (int j = 0; j < h; j++) {
            double delta = g[b1 + j];
            s += delta * delta * (inputSquaredNorm + 1) + g[w2 + j] * g[w2 + j];
        }
        return s;
    }
}
