package io.custos.ml.model;

/**
 * Linear SVM: margin m = w.x + b, hinge loss max(0, 1 - y m) with y in {-1, 1}. Probabilities are
 * the logistic of twice the margin (a monotone score, enough for AUC and a 0.5 threshold).
 */
public final class LinearSvmModel extends LinearModel {

    public LinearSvmModel(int inputDimension) {
        super(inputDimension);
    }

    @Override
    public ModelType type() {
        return ModelType.SVM;
    }

    @Override
    public double probability(double[] p, double[] x) {
        return Activations.sigmoid(2 * score(p, x));
    }

    @Override
    public double lossAndGradient(double[] p, double[] x, int label, double[] g) {
        double y = label == 1 ? 1 : -1;
        double margin = y * score(p, x);
        writeGradient(margin >= 1 ? 0 : -y, x, g);
        return margin >= 1 ? 0 : 1 - margin;
    }
}
