package io.custos.ml.report;

import io.custos.ml.train.Evaluation;
import io.custos.ml.train.FeatureEncoder;
import io.custos.ml.train.PrivacyAccounting;
import io.custos.ml.train.TrainingResult;
import java.util.List;

/**
 * What a run reports, in one JSON shape for the CLI and the service: metrics (noisy for a
 * private run: released through the evaluation mechanism), the loss curve, the features as
 * the model sees them, and the full privacy account.
 */
public record TrainingReport(
        String modelType,
        boolean privateTraining,
        Metrics metrics,
        List<Metrics> curve,
        List<FeatureEncoder.Column> features,
        Privacy privacy,
        String randomness,
        boolean reproducible) {

    public record Metrics(double accuracy, double auc, double logLoss) {
        static Metrics of(Evaluation.Metrics m) {
            return new Metrics(m.accuracy(), m.auc(), m.logLoss());
        }
    }

    /** The account, with the composed RDP curve the ledger keeps. */
    public record Privacy(double epsilon, double delta, double deltaRdp, double epsilonClassic, double optimalOrder,
            String accountant,
            double noiseMultiplier, double samplingRate, long steps, double clipNorm,
            List<PrivacyAccounting.Mechanism> mechanisms, double[] orders, double[] rdp) {
    }

    public static TrainingReport of(TrainingResult r) {
        PrivacyAccounting a = r.accounting();
        Privacy privacy = a == null ? null : new Privacy(a.epsilon(), a.delta(), a.deltaRdp(), a.epsilonClassic(), a.optimalOrder(),
                a.accountant(), a.noiseMultiplier(), a.samplingRate(), a.steps(), a.clipNorm(), a.mechanisms(),
                a.orders(), a.rdp());
        return new TrainingReport(r.model().type().id(), a != null, Metrics.of(r.metrics()),
                r.curve().stream().map(Metrics::of).toList(), r.encoder().columns(), privacy, r.randomness(),
                r.reproducible());
    }
}
