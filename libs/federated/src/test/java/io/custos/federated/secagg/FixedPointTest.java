package io.custos.federated.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class FixedPointTest {

    @Test
    void roundTripIsWithinHalfAResolutionStep() {
        FixedPoint fp = new FixedPoint(0x1p20, 4.0, 1000);
        double[] update = {0.0, 1.0, -1.0, 3.14159, -2.71828, 1e-7, 3.9999999};
        double[] decoded = fp.decode(fp.encode(update));
        for (int i = 0; i < update.length; i++) {
            assertEquals(update[i], decoded[i], 0.5 / fp.scale(), "coordinate " + i);
        }
    }

    @Test
    void valuesOutsideTheRangeAreClipped() {
        FixedPoint fp = new FixedPoint(1024, 2.0, 10);
        long[] encoded = fp.encode(new double[] {5.0, -1e9});
        assertArrayEquals(new long[] {2048, -2048}, encoded);
        assertArrayEquals(new double[] {2.0, -2.0}, fp.decode(encoded));
    }

    @Test
    void sumOfEncodingsDecodesToTheSumWithinTheErrorBound() {
        Random random = new Random(7);
        int clients = 50;
        int d = 200;
        FixedPoint fp = new FixedPoint(0x1p24, 1.0, clients);
        long[] encodedSum = new long[d];
        double[] plainSum = new double[d];
        for (int c = 0; c < clients; c++) {
            double[] update = new double[d];
            for (int i = 0; i < d; i++) {
                update[i] = random.nextDouble() * 2 - 1;
                plainSum[i] += update[i];
            }
            long[] encoded = fp.encode(update);
            for (int i = 0; i < d; i++) {
                encodedSum[i] += encoded[i];
            }
        }
        double[] decoded = fp.decode(encodedSum);
        for (int i = 0; i < d; i++) {
            assertEquals(plainSum[i], decoded[i], fp.sumErrorBound(clients));
        }
        double[] mean = fp.decodeMean(encodedSum, clients);
        assertEquals(plainSum[3] / clients, mean[3], fp.sumErrorBound(clients) / clients);
    }

    @Test
    void extremeSumAtTheBoundDoesNotWrap() {
        FixedPoint fp = FixedPoint.finestFor(1.0, 8);
        long[] sum = new long[2];
        for (int c = 0; c < 8; c++) {
            long[] e = fp.encode(new double[] {1.0, -1.0});
            sum[0] += e[0];
            sum[1] += e[1];
        }
        assertArrayEquals(new double[] {8.0, -8.0}, fp.decode(sum), 1e-12);
        assertTrue(8 * fp.maxEncodedMagnitude() <= Long.MAX_VALUE && fp.maxEncodedMagnitude() > 0);
        assertTrue(fp.scale() >= 0x1p59, "finest scale for 8 clients and clip 1 is 2^59, got " + fp.scale());
    }

    @Test
    void refusesAConfigurationWhoseSumCouldOverflow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FixedPoint(0x1p40, 1000.0, 100_000));
        assertTrue(e.getMessage().contains("overflow"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FixedPoint(0x1p61, 4.0, 1));
        assertThrows(IllegalArgumentException.class, () -> new FixedPoint(-1, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> new FixedPoint(1e-9, 1.0, 1));
    }

    @Test
    void refusesNonFiniteInput() {
        FixedPoint fp = new FixedPoint(1 << 16, 1.0, 10);
        assertThrows(IllegalArgumentException.class, () -> fp.encode(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> fp.encode(new double[] {Double.POSITIVE_INFINITY}));
    }
}
