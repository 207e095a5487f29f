package io.custos.ml.train;

import io.custos.ml.model.Model;
import java.util.List;

/**
 * A trained model with its preprocessing, its (noisy, for private runs) metrics and loss curve,
 * and, for private runs, the full privacy account.
 *
 * @param accounting null for a non-private run
 */
public record TrainingResult(
        Model model,
        double[] parameters,
        FeatureEncoder encoder,
        Evaluation.Metrics metrics,
        List<Evaluation.Metrics> curve,
        PrivacyAccounting accounting,
        String randomness,
        boolean reproducible) {
}
