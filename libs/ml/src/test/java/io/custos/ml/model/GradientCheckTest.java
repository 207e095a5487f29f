package io.custos.ml.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.custos.ml.noise.SeededRandomSource;
import org.junit.jupiter.api.Test;

/** Analytic gradients against central finite differences, for every model type. */
class GradientCheckTest {

    @Test
    void analyticGradientsMatchFiniteDifferences() {
        SeededRandomSource r = new SeededRandomSource(7);
        for (Model m : new Model[] {new LogisticModel(6), new LinearSvmModel(6), new MlpModel(6, 5)}) {
            double[] p = m.initialParameters(r);
            for (int k = 0; k < p.length; k++) {
                p[k] += 0.3 * r.nextGaussian();
            }
            for (int trial = 0; trial < 5; trial++) {
                double[] x = new double[6];
                for (int i = 0; i < 6; i++) {
                    x[i] = r.nextUniform();
                }
                int y = trial % 2;
                double[] g = new double[m.parameterCount()];
                m.lossAndGradient(p, x, y, g);
                double[] scratch = new double[m.parameterCount()];
                for (int k = 0; k < p.length; k++) {
                    double h = 1e-6;
                    double old = p[k];
                    p[k] = old + h;
                    double up = m.lossAndGradient(p, x, y, scratch);
                    p[k] = old - h;
                    double down = m.lossAndGradient(p, x, y, scratch);
                    p[k] = old;
                    assertEquals((up - down) / (2 * h), g[k], 1e-5, m.type() + " parameter " + k);
                }
            }
        }
    }

    @Test
    void fastGradientNormsEqualTheDirectOnes() {
        SeededRandomSource r = new SeededRandomSource(3);
        for (Model m : new Model[] {new LogisticModel(9), new LinearSvmModel(9), new MlpModel(9, 7)}) {
            double[] p = m.initialParameters(r);
            for (int k = 0; k < p.length; k++) {
                p[k] += 0.5 * r.nextGaussian();
            }
            for (int trial = 0; trial < 20; trial++) {
                double[] x = new double[9];
                double xs = 0;
                for (int i = 0; i < 9; i++) {
                    x[i] = r.nextGaussian();
                    xs += x[i] * x[i];
                }
                double[] g = new double[m.parameterCount()];
                m.lossAndGradient(p, x, trial % 2, g);
                double direct = 0;
                for (double v : g) {
                    direct += v * v;
                }
                assertEquals(direct, m.gradientSquaredNorm(g, x, xs), 1e-9 * Math.max(1, direct), m.type().id());
            }
        }
    }

    @Test
    void probabilitiesAreProbabilities() {
        Model m = new MlpModel(3, 4);
        double[] p = m.initialParameters(new SeededRandomSource(1));
        double prob = m.probability(p, new double[] {1e6, -1e6, 3});
        assertEquals(true, prob >= 0 && prob <= 1);
        assertEquals(0.5, new LogisticModel(2).probability(new double[3], new double[] {4, 5}), 1e-12);
    }
}
