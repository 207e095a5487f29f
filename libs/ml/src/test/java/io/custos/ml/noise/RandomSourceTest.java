package io.custos.ml.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RandomSourceTest {

    @Test
    void secureGaussiansHaveMeanZeroAndUnitVariance() {
        RandomSource r = new SecureRandomSource();
        int n = 1_000_000;
        double sum = 0;
        double sumSq = 0;
        double sum4 = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            sum += g;
            sumSq += g * g;
            sum4 += g * g * g * g;
        }
        double mean = sum / n;
        double var = sumSq / n - mean * mean;
        assertEquals(0, mean, 5 * Math.sqrt(1.0 / n), "mean within 5 standard errors");
        assertEquals(1, var, 0.01);
        assertEquals(3, sum4 / n, 0.05, "fourth moment of a normal");
        assertTrue(r.secure());
        assertTrue(r.describe().startsWith("SecureRandom"));
    }

    @Test
    void uniformsStayInTheUnitIntervalAndFillBlocks() {
        RandomSource r = new SecureRandomSource();
        double[] buckets = new double[10];
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double u = r.nextUniform();
            assertTrue(u >= 0 && u < 1);
            buckets[(int) (u * 10)]++;
        }
        for (double b : buckets) {
            assertEquals(n / 10.0, b, 5 * Math.sqrt(n / 10.0));
        }
    }

    @Test
    void seededSourcesAreReproducibleAndSaySoAndSecureOnesAreNot() {
        double[] a = new double[8];
        double[] b = new double[8];
        new SeededRandomSource(42).fillGaussian(a, 2.0);
        new SeededRandomSource(42).fillGaussian(b, 2.0);
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
        assertFalse(new SeededRandomSource(42).secure());
        double[] c = new double[8];
        double[] d = new double[8];
        new SecureRandomSource().fillGaussian(c, 1.0);
        new SecureRandomSource().fillGaussian(d, 1.0);
        assertNotEquals(java.util.Arrays.toString(c), java.util.Arrays.toString(d));
    }
}
