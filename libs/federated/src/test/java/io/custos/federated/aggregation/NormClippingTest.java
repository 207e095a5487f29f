package io.custos.federated.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NormClippingTest {

    @Test
    void clipsByHandAndReportsNorm() {
        double[] u = {3, 4}; // norm 5
        NormClipping.Clipped c = new NormClipping(1.0).clip(u);
        assertEquals(5.0, c.normBeforeClipping(), 0);
        assertEquals(0.2, c.scale(), 1e-15);
        assertTrue(c.clipped());
        assertArrayEquals(new double[] {0.6, 0.8}, c.update(), 1e-15);
        assertArrayEquals(new double[] {3, 4}, u, 0, "input untouched");
    }

    @Test
    void leavesSmallUpdatesAlone() {
        NormClipping.Clipped c = new NormClipping(10.0).clip(new double[] {3, 4});
        assertFalse(c.clipped());
        assertEquals(1.0, c.scale());
        assertEquals(5.0, c.normBeforeClipping());
        assertArrayEquals(new double[] {3, 4}, c.update(), 0);
        // exactly on the bound: not clipped
        assertFalse(new NormClipping(5.0).clip(new double[] {3, 4}).clipped());
    }

    @Test
    void normDoesNotOverflowOrUnderflow() {
        assertEquals(5e300, NormClipping.l2Norm(new double[] {3e300, 4e300}), 1e286);
        assertEquals(5e-300, NormClipping.l2Norm(new double[] {3e-300, 4e-300}), 1e-314);
        assertEquals(0.0, NormClipping.l2Norm(new double[] {0, 0}));
        NormClipping.Clipped c = new NormClipping(1.0).clip(new double[] {3e300, 4e300});
        assertEquals(1.0, NormClipping.l2Norm(c.update()), 1e-12);
    }

    @Test
    void rejectsBadBound() {
        assertThrows(IllegalArgumentException.class, () -> new NormClipping(0));
        assertThrows(IllegalArgumentException.class, () -> new NormClipping(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new NormClipping(Double.POSITIVE_INFINITY));
    }
}
