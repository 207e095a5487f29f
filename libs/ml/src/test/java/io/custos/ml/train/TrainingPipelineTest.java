package io.custos.ml.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.ml.data.DataException;
import io.custos.ml.model.ModelType;
import io.custos.ml.noise.RandomSource;
import io.custos.ml.noise.SecureRandomSource;
import io.custos.ml.noise.SeededRandomSource;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrainingPipelineTest {

    private static TrainingRequest request(ModelType type, double epsilon, boolean priv) {
        return new TrainingRequest("income", "large", AdultFixture.FEATURES, AdultFixture.ALL_DECLARED, type, 16,
                new SgdOptions(3, 512, type == ModelType.SVM ? 2.0 : 1.0, 1.0, 0, 1e-5, priv), epsilon, 1e-6, 0.2);
    }

    private static TrainingResult run(ModelType type, double epsilon, boolean priv, RandomSource random) {
        return TrainingPipeline.run(AdultFixture.TRAIN, request(type, epsilon, priv), random);
    }

    @Test
    void accuracyFallsAsEpsilonFalls() {
        double nonPrivate = AdultFixture.evalAccuracy(run(ModelType.LOGISTIC, 0, false, new SeededRandomSource(1)));
        double eps8 = AdultFixture.evalAccuracy(run(ModelType.LOGISTIC, 8, true, new SeededRandomSource(1)));
        double eps1 = AdultFixture.evalAccuracy(run(ModelType.LOGISTIC, 1, true, new SeededRandomSource(1)));
        double eps001 = AdultFixture.evalAccuracy(run(ModelType.LOGISTIC, 0.01, true, new SeededRandomSource(1)));
        System.out.printf("Adult logistic accuracy: non-private %.4f, eps 8 %.4f, eps 1 %.4f, eps 0.01 %.4f%n",
                nonPrivate, eps8, eps1, eps001);
        assertTrue(nonPrivate > 0.82, "non-private logistic regression on Adult: " + nonPrivate);
        assertTrue(eps8 > 0.80, "eps 8: " + eps8);
        assertTrue(eps8 >= eps1 - 0.005 && eps1 > eps001 + 0.02, "accuracy must fall with epsilon: 8 -> " + eps8
                + ", 1 -> " + eps1 + ", 0.01 -> " + eps001);
        assertTrue(nonPrivate >= eps8 - 0.005);
    }

    @Test
    void everyModelTypeLearnsPrivately() {
        for (ModelType type : ModelType.values()) {
            TrainingResult r = run(type, 4, true, new SeededRandomSource(3));
            double acc = AdultFixture.evalAccuracy(r);
            System.out.printf("Adult %s eps 4: accuracy %.4f (noisy held-out estimate %.4f, AUC %.3f)%n", type, acc,
                    r.metrics().accuracy(), r.metrics().auc());
            assertTrue(acc > 0.80, type + " accuracy " + acc);
            assertEquals(r.curve().size(), 3, "one private evaluation per epoch");
        }
    }

    @Test
    void theReportedEpsilonCoversTheWholePipelineAndMeetsTheTarget() {
        // No declarations at all: bounds and vocabularies are estimated privately and charged.
        TrainingRequest req = new TrainingRequest("income", "large", AdultFixture.FEATURES, null, ModelType.LOGISTIC, 0,
                new SgdOptions(3, 512, 3.0, 1.0, 0, 0, true), 2.0, 1e-6, 0.2);
        TrainingResult r = TrainingPipeline.run(AdultFixture.TRAIN, req, new SeededRandomSource(5));
        PrivacyAccounting a = r.accounting();
        assertTrue(a.epsilon() <= 2.0 && a.epsilon() > 1.95, "spends the target, not more: " + a.epsilon());
        assertEquals(1e-6, a.delta(), 1e-18);
        assertTrue(a.epsilonClassic() > a.epsilon());
        long bounds = a.mechanisms().stream().filter(m -> m.purpose().startsWith("bounds of")).count();
        long vocab = a.mechanisms().stream().filter(m -> m.purpose().startsWith("categories of")).count();
        assertEquals(5, bounds, "five numeric features had no declared bounds");
        assertEquals(6, vocab, "six categorical features had no declared categories");
        assertEquals(1, a.mechanisms().stream().filter(m -> m.kind().equals("dp-sgd")).count());
        assertTrue(AdultFixture.evalAccuracy(r) > 0.80, "accuracy " + AdultFixture.evalAccuracy(r));
        // Recompute the account from the listed mechanisms: it must be the same curve.
        double[] rdp = io.custos.ml.accountant.RdpAccountant.poissonSubsampledGaussian(a.samplingRate(),
                a.noiseMultiplier(), a.steps(), a.orders());
        a.mechanisms().stream().filter(m -> !m.kind().equals("dp-sgd")).forEach(m -> {
            double[] g = io.custos.ml.accountant.RdpAccountant.gaussian(m.sigma(), a.orders());
            for (int i = 0; i < rdp.length; i++) {
                rdp[i] += g[i];
            }
        });
        for (int i = 0; i < rdp.length; i++) {
            assertEquals(rdp[i], a.rdp()[i], 1e-12 * Math.abs(rdp[i]), "rdp at order " + a.orders()[i]);
        }
    }

    @Test
    void fixedSeedsReproduceAndDifferentSeedsDiffer() {
        TrainingResult a = run(ModelType.MLP, 2, true, new SeededRandomSource(11));
        TrainingResult b = run(ModelType.MLP, 2, true, new SeededRandomSource(11));
        TrainingResult c = run(ModelType.MLP, 2, true, new SeededRandomSource(12));
        assertArrayEquals(a.parameters(), b.parameters(), 0.0);
        assertEquals(a.accounting().epsilon(), b.accounting().epsilon());
        assertFalse(Arrays.equals(a.parameters(), c.parameters()));
        assertTrue(a.reproducible());
        TrainingResult s1 = run(ModelType.LOGISTIC, 2, true, new SecureRandomSource());
        TrainingResult s2 = run(ModelType.LOGISTIC, 2, true, new SecureRandomSource());
        assertFalse(Arrays.equals(s1.parameters(), s2.parameters()), "secure runs never repeat");
        assertFalse(s1.reproducible());
    }

    @Test
    void nonPrivateRunsCarryNoAccount() {
        TrainingResult r = run(ModelType.SVM, 0, false, new SeededRandomSource(2));
        assertNull(r.accounting());
        assertTrue(AdultFixture.evalAccuracy(r) > 0.8);
    }

    @Test
    void badInputIsRefusedWithAMessageNamingIt() {
        DataException unknown = assertThrows(DataException.class, () -> TrainingPipeline.run(AdultFixture.TRAIN,
                new TrainingRequest("salary", "large", null, null, ModelType.LOGISTIC, 0,
                        new SgdOptions(1, 256, 1, 1, 0, 0, true), 1, 1e-6, 0.2), new SeededRandomSource(1)));
        assertTrue(unknown.getMessage().contains("'salary' does not exist"), unknown.getMessage());
        DataException nonNumeric = assertThrows(DataException.class, () -> TrainingPipeline.run(AdultFixture.TRAIN,
                new TrainingRequest("income", null, null, null, ModelType.LOGISTIC, 0,
                        new SgdOptions(1, 256, 1, 1, 0, 0, true), 1, 1e-6, 0.2), new SeededRandomSource(1)));
        assertTrue(nonNumeric.getMessage().contains("not numeric 0/1"), nonNumeric.getMessage());
        assertThrows(IllegalArgumentException.class, () -> request(ModelType.LOGISTIC, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new TrainingRequest("income", "large", null, null,
                ModelType.LOGISTIC, 0, new SgdOptions(1, 256, 1, 1, 0, 0, true), 1, 1.0, 0.2));
    }
}
