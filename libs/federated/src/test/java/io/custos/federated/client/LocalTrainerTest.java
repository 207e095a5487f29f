package io.custos.federated.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.RdpAccountant;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.model.Model;
import io.custos.ml.model.ModelType;
import io.custos.ml.noise.SeededRandomSource;
import io.custos.ml.train.DpSgdTrainer;
import org.junit.jupiter.api.Test;

/** Local training on one Adult site (400 married rows): the delta, the sample count, the local account. */
class LocalTrainerTest {

    static final ModelArtifact INITIAL = AdultSites.initialModel();
    static final LocalDataset SITE = LocalDataset.encode(AdultSites.site("married", 400), INITIAL);

    /** A global model some rounds in: not zeros, so "from the global parameters" is visible. */
    static ModelArtifact someGlobalModel() {
        LocalUpdate u = new LocalTrainer(LocalTrainingOptions.of(1, 32, 0.5), new SeededRandomSource(1))
                .train(INITIAL, SITE, null);
        return AdultSites.withParameters(INITIAL, u.delta()); // initial is zeros: delta = parameters
    }

    @Test
    void theUpdateIsLocalMinusGlobalFromTheSameDpSgdRunAsCentralTraining() {
        ModelArtifact global = someGlobalModel();
        LocalTrainingOptions options = LocalTrainingOptions.of(2, 32, 0.5);
        LocalUpdate u = new LocalTrainer(options, new SeededRandomSource(5)).train(global, SITE, null);

        Model model = Model.create(ModelType.LOGISTIC, SITE.encoder().dimension(), 0);
        double[] local = DpSgdTrainer.train(model, global.parameters(), SITE.x(), SITE.y(), options.sgd(),
                new SeededRandomSource(5), null).parameters();
        double[] expected = new double[local.length];
        for (int k = 0; k < local.length; k++) {
            expected[k] = local[k] - global.parameters()[k];
        }
        assertArrayEquals(expected, u.delta(), 0);
        assertEquals(400, u.samples());
        assertEquals(32.0 / 400, u.samplingRate(), 1e-15);
        assertEquals(25, u.steps(), "2 epochs / q");
        assertTrue(u.localLoss() < u.globalLoss(), u.localLoss() + " vs " + u.globalLoss());
        assertNull(u.localEpsilon(), "no local DP, no local epsilon");
        assertEquals(0, u.roundsAccounted());
        assertTrue(global.parameters()[0] != 0 && global.parameters()[0] == someGlobalModel().parameters()[0],
                "the global model is not modified");
    }

    @Test
    void withLocalDpEachRoundIsChargedAndTheEpsilonIsTheAccountantsOverAllRounds() {
        LocalTrainingOptions options = LocalTrainingOptions.of(2, 32, 0.5)
                .withLocalDp(new LocalTrainingOptions.LocalDp(1.0, 1.2));
        LocalTrainer trainer = new LocalTrainer(options, new SeededRandomSource(8));
        LocalPrivacyAccount account = new LocalPrivacyAccount(1e-5);
        double q = 32.0 / 400;
        long stepsPerRound = Math.round(2 / q);

        ModelArtifact global = INITIAL;
        double previous = 0;
        for (int round = 1; round <= 3; round++) {
            LocalUpdate u = trainer.train(global, SITE, account);
            double expected = RdpAccountant.dpSgdEpsilon(q, 1.2, round * stepsPerRound, 1e-5, Conversion.IMPROVED)
                    .epsilon();
            assertEquals(expected, u.localEpsilon().epsilon(), 1e-9, "round " + round);
            assertEquals(round, u.roundsAccounted());
            assertTrue(u.localEpsilon().epsilon() > previous);
            previous = u.localEpsilon().epsilon();
            double[] next = global.parameters().clone();
            for (int k = 0; k < next.length; k++) {
                next[k] += u.delta()[k];
            }
            global = AdultSites.withParameters(global, next);
        }
        assertEquals(3, account.rounds());
        assertTrue(previous > 0.5 && previous < 20, "a plausible epsilon: " + previous);
    }

    @Test
    void misuseIsRefused() {
        LocalTrainingOptions dp = LocalTrainingOptions.of(1, 32, 0.5)
                .withLocalDp(new LocalTrainingOptions.LocalDp(1.0, 1.0));
        IllegalArgumentException noAccount = assertThrows(IllegalArgumentException.class,
                () -> new LocalTrainer(dp, new SeededRandomSource(1)).train(INITIAL, SITE, null));
        assertTrue(noAccount.getMessage().contains("LocalPrivacyAccount"), noAccount.getMessage());

        ModelArtifact otherModel = LocalDatasetTest.model("large"); // other features than SITE was encoded for
        assertThrows(IllegalArgumentException.class,
                () -> new LocalTrainer(LocalTrainingOptions.of(1, 32, 0.5)).train(otherModel, SITE, null));

        assertThrows(IllegalArgumentException.class, () -> new LocalTrainingOptions.LocalDp(1.0, 0),
                "clipping without noise is no DP");
        assertThrows(IllegalArgumentException.class, () -> new LocalTrainingOptions.LocalDp(0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> LocalTrainingOptions.of(0, 32, 0.5));
    }
}
