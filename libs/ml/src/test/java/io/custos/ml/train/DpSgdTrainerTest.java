package io.custos.ml.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.ml.model.LogisticModel;
import io.custos.ml.model.MlpModel;
import io.custos.ml.model.Model;
import io.custos.ml.noise.SeededRandomSource;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Starting DP-SGD from given parameters, as federated local training does. */
class DpSgdTrainerTest {

    private static final int D = 4;
    private static final double[][] X = new double[200][];
    private static final int[] Y = new int[200];

    static {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < X.length; i++) {
            X[i] = new double[D];
            for (int k = 0; k < D; k++) {
                X[i][k] = r.nextDouble();
            }
            Y[i] = X[i][0] + X[i][1] > 1 ? 1 : 0; // learnable, so training actually moves the parameters
        }
    }

    private static final SgdOptions PRIVATE = new SgdOptions(2, 20, 0.5, 1.0, 1.1, 1e-4, true);

    @Test
    void fromScratchIsExactlyStartingFromTheModelsOwnInitialParameters() {
        Model mlp = new MlpModel(D, 3); // random initialisation: the draw order matters
        DpSgdTrainer.Result scratch = DpSgdTrainer.train(mlp, X, Y, PRIVATE, new SeededRandomSource(9), null);

        SeededRandomSource random = new SeededRandomSource(9);
        double[] init = mlp.initialParameters(random);
        DpSgdTrainer.Result given = DpSgdTrainer.train(mlp, init, X, Y, PRIVATE, random, null);

        assertArrayEquals(scratch.parameters(), given.parameters(), 0);
        assertEquals(scratch.steps(), given.steps());
        assertEquals(scratch.examplesProcessed(), given.examplesProcessed());
    }

    @Test
    void trainingContinuesFromTheGivenParametersWithoutModifyingThem() {
        Model logistic = new LogisticModel(D);
        double[] start = {4, -3, 2, -1, 0.5};
        double[] copy = start.clone();
        SgdOptions tiny = new SgdOptions(1, 20, 1e-6, 1.0, 0, 0, false);

        double[] result = DpSgdTrainer.train(logistic, start, X, Y, tiny, new SeededRandomSource(1), null).parameters();

        assertArrayEquals(copy, start, 0, "the caller's array is not touched");
        assertArrayEquals(start, result, 1e-4, "a tiny step stays where it started");
        assertTrue(!Arrays.equals(start, result), "but it did train");

        // Two runs of one epoch each, the second continuing the first, fit better than one from zeros.
        SgdOptions oneEpoch = new SgdOptions(1, 20, 0.5, 1.0, 0, 0, false);
        double[] first = DpSgdTrainer.train(logistic, X, Y, oneEpoch, new SeededRandomSource(2), null).parameters();
        double[] second = DpSgdTrainer.train(logistic, first, X, Y, oneEpoch, new SeededRandomSource(3), null)
                .parameters();
        assertTrue(meanLoss(logistic, second) < meanLoss(logistic, first),
                meanLoss(logistic, second) + " vs " + meanLoss(logistic, first));
    }

    @Test
    void initialParametersOfTheWrongLengthAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DpSgdTrainer.train(
                new LogisticModel(D), new double[D], X, Y, PRIVATE, new SeededRandomSource(1), null));
        assertTrue(e.getMessage().contains("4 values") && e.getMessage().contains("has 5"), e.getMessage());
    }

    private static double meanLoss(Model model, double[] params) {
        double[] g = new double[model.parameterCount()];
        double sum = 0;
        for (int i = 0; i < X.length; i++) {
            sum += model.lossAndGradient(params, X[i], Y[i], g);
        }
        return sum / X.length;
    }
}
