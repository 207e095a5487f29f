package io.custos.ml.model;

/** Numerically stable sigmoid and log loss. */
final class Activations {

    private Activations() {
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** -log p(label | z) for a logistic output, without overflow. */
    static double logLoss(double z, int label) {
        double m = label == 1 ? -z : z;
        return m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
    }
}
