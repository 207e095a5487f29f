package io.custos.bench;

import java.util.SplittableRandom;

/** Adult-shaped data: 30,000 rows, 100 features in [0, 1], a linear-ish label. Public and synthetic. */
final class SyntheticData {

    final double[][] x;
    final int[] y;

    SyntheticData(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[d];
        for (int k = 0; k < d; k++) {
            w[k] = r.nextDouble(-1, 1);
        }
        x = new double[n][d];
        y = new int[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                x[i][k] = k < 6 ? r.nextDouble() : (r.nextInt(10) == 0 ? 1 : 0); // a few numeric, many one-hot
                s += w[k] * x[i][k];
            }
            y[i] = s + r.nextDouble(-0.5, 0.5) > 0 ? 1 : 0;
        }
    }
}
