package io.custos.federated.client;

import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.model.Model;
import io.custos.ml.noise.RandomSource;
import io.custos.ml.noise.SecureRandomSource;
import io.custos.ml.train.DpSgdTrainer;
import io.custos.ml.train.SgdOptions;

/**
 * One round of a site's training: DP-SGD (Poisson sampling, the code central training runs) from
 * the global model's parameters over the local rows, returning the change of the parameters.
 * Without local DP the same loop runs without clipping and noise.
 */
public final class LocalTrainer {

    private final LocalTrainingOptions options;
    private final RandomSource random;

    /** With secure randomness, as every real run needs (sampling and noise must be unpredictable). */
    public LocalTrainer(LocalTrainingOptions options) {
        this(options, new SecureRandomSource());
    }

    /** With the given randomness; a seeded source makes tests reproducible but voids local DP. */
    public LocalTrainer(LocalTrainingOptions options, RandomSource random) {
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.random = java.util.Objects.requireNonNull(random, "random");
    }

    public LocalTrainingOptions options() {
        return options;
    }

    /**
     * Trains from {@code global} on {@code data} and, with local DP, charges the run to
     * {@code account}.
     *
     * @param account the site's account across rounds; required with local DP, ignored without
     * @throws IllegalArgumentException if {@code data} was encoded for other features, or local
     *                                  DP is on and there is no account
     */
    public LocalUpdate train(ModelArtifact global, LocalDataset data, LocalPrivacyAccount account) {
        global.validate();
        if (!data.fits(global)) {
            throw new IllegalArgumentException("the local data was encoded for other features than the global model's");
        }
        if (options.localDpEnabled() && account == null) {
            throw new IllegalArgumentException("local DP is on: a LocalPrivacyAccount is needed to account for it");
        }
        Model model = Model.create(global.parsedModelType(), data.encoder().dimension(), global.hiddenUnits());
        double[] start = global.parameters();
        SgdOptions sgd = options.sgd();
        DpSgdTrainer.Result run = DpSgdTrainer.train(model, start, data.x(), data.y(), sgd, random, null);

        double[] local = run.parameters();
        double[] delta = new double[local.length];
        for (int k = 0; k < delta.length; k++) {
            delta[k] = local[k] - start[k];
        }
        if (options.localDpEnabled()) {
            account.charge(run.samplingRate(), run.noiseMultiplier(), run.steps());
        }
        return new LocalUpdate(delta, data.size(), run.steps(), run.samplingRate(), meanLoss(model, start, data),
                meanLoss(model, local, data), options.localDpEnabled() ? account.epsilon() : null,
                options.localDpEnabled() ? account.rounds() : 0);
    }

    /** Mean training loss (log loss, or hinge for the SVM); shown to the site's operator only. */
    static double meanLoss(Model model, double[] params, LocalDataset data) {
        double[] gradient = new double[model.parameterCount()];
        double sum = 0;
        for (int i = 0; i < data.size(); i++) {
            sum += model.lossAndGradient(params, data.x()[i], data.y()[i], gradient);
        }
        return sum / data.size();
    }
}
