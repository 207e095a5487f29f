package io.custos.ml.model;

import io.custos.ml.noise.RandomSource;

/**
 * A differentiable binary classifier over a flat parameter vector, so that DP-SGD can clip and
 * noise gradients without knowing the model's structure.
 */
public interface Model {

    ModelType type();

    int inputDimension();

    int parameterCount();

    /** Initial parameters (data-independent). */
    double[] initialParameters(RandomSource random);

    /** The raw score (logit or margin) of one example. */
    double score(double[] params, double[] x);

    /** Probability of the positive class. */
    double probability(double[] params, double[] x);

    /**
     * Writes the gradient of this example's loss into {@code gradient} (overwriting it) and returns
     * the loss. {@code label} is 0 or 1.
     */
    double lossAndGradient(double[] params, double[] x, int label, double[] gradient);

    /**
     * Squared L2 norm of a gradient this model just wrote for input {@code x}, given the input's
     * own squared norm. Models whose gradients are outer products with the input override this to
     * skip a pass over all parameters; this is what keeps per-example clipping cheap.
     */
    default double gradientSquaredNorm(double[] gradient, double[] x, double inputSquaredNorm) {
        double s = 0;
        for (double v : gradient) {
            s += v * v;
        }
        return s;
    }

    static Model create(ModelType type, int inputDimension, int hiddenUnits) {
        return switch (type) {
            case LOGISTIC -> new LogisticModel(inputDimension);
            case SVM -> new LinearSvmModel(inputDimension);
            case MLP -> new MlpModel(inputDimension, hiddenUnits);
        };
    }
}
