package io.custos.federated.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelectionTest {

    @Test
    void selectMatchesSortForRandomTiedAndOrderedInputs() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(200);
            double[] a = new double[n];
            int kind = trial % 4;
            for (int i = 0; i < n; i++) {
                a[i] = switch (kind) {
                    case 0 -> rnd.nextGaussian();
                    case 1 -> rnd.nextInt(3);        // many ties
                    case 2 -> i;                     // sorted
                    default -> n - i;                // reversed
                };
            }
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = rnd.nextInt(n);
            double[] work = a.clone();
            Selection.select(work, 0, n, k);
            assertEquals(sorted[k], work[k]);
            for (int i = 0; i < k; i++) {
                assertTrue(work[i] <= work[k]);
            }
            for (int i = k + 1; i < n; i++) {
                assertTrue(work[i] >= work[k]);
            }
        }
    }

    @Test
    void worksOnASliceOnly() {
        double[] a = {9, 9, 5, 1, 4, 2, 3, 9, 9};
        assertEquals(3.0, Selection.median(a, 2, 7));
        assertEquals(9.0, a[0]);
        assertEquals(9.0, a[8]);
    }

    @Test
    void medianAndTrimmedMeanOfExtremes() {
        assertEquals(Double.MAX_VALUE, Selection.median(new double[] {Double.MAX_VALUE, Double.MAX_VALUE}, 0, 2));
        assertEquals(Double.MAX_VALUE,
                Selection.trimmedMean(new double[] {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE}, 0, 3, 0));
        assertEquals(-Double.MAX_VALUE, // the kept middle is {-MAX, -MAX}: its plain sum overflows
                Selection.trimmedMean(new double[] {-Double.MAX_VALUE, 5, -Double.MAX_VALUE, -Double.MAX_VALUE}, 0, 4, 1));
    }
}
