package io.custos.ml.model;

/** Logistic regression: p = sigmoid(w.x + b), log loss. */
public final class LogisticModel extends LinearModel {

    public LogisticModel(int inputDimension) {
        super(inputDimension);
    }

    @Override
    public ModelType type() {
        return ModelType.LOGISTIC;
    }

    @Override
    public double probability(double[] p, double[] x) {
        return Activations.sigmoid(score(p, x));
    }

    @Override
    public double lossAndGradient(double[] p, double[] x, int label, double[] g) {
        double z = score(p, x);
        writeGradient(Activations.sigmoid(z) - label, x, g);
        return Activations.logLoss(z, label);
    }
}
