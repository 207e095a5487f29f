package io.custos.federated.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UpdateCheckTest {

    private final UpdateCheck check = new UpdateCheck(3, 100);

    private static RejectionReason reasonOf(Runnable r) {
        return assertThrows(RejectedUpdateException.class, r::run).reason();
    }

    @Test
    void acceptsValidUpdateAndReportsCap() {
        UpdateCheck.Accepted small = check.check("a", new double[] {1, 2, 3}, 40L);
        assertEquals(40, small.effectiveSamples());
        assertFalse(small.capped());

        UpdateCheck.Accepted big = check.check("b", new double[] {1, 2, 3}, 1_000_000L);
        assertEquals(1_000_000, big.claimedSamples());
        assertEquals(100, big.effectiveSamples());
        assertTrue(big.capped());
    }

    @Test
    void refusesWrongLengthWithReasonAndMessage() {
        RejectedUpdateException e = assertThrows(RejectedUpdateException.class,
                () -> check.check("c1", new double[] {1, 2}, 5L));
        assertEquals(RejectionReason.WRONG_DIMENSION, e.reason());
        assertEquals("c1", e.clientId());
        assertTrue(e.getMessage().contains("has 2 values; expected 3"), e.getMessage());
        assertEquals(RejectionReason.WRONG_DIMENSION, reasonOf(() -> check.check("c1", null, 5L)));
    }

    @Test
    void refusesNanAndInfinityWithIndex() {
        RejectedUpdateException nan = assertThrows(RejectedUpdateException.class,
                () -> check.check("c", new double[] {0, Double.NaN, 0}, 5L));
        assertEquals(RejectionReason.NON_FINITE_VALUE, nan.reason());
        assertTrue(nan.getMessage().contains("NaN at index 1"), nan.getMessage());
        assertEquals(RejectionReason.NON_FINITE_VALUE,
                reasonOf(() -> check.check("c", new double[] {Double.POSITIVE_INFINITY, 0, 0}, 5L)));
        assertEquals(RejectionReason.NON_FINITE_VALUE,
                reasonOf(() -> check.check("c", new double[] {0, 0, Double.NEGATIVE_INFINITY}, 5L)));
    }

    @Test
    void refusesBadSampleCounts() {
        double[] u = {1, 2, 3};
        assertEquals(RejectionReason.INVALID_SAMPLE_COUNT, reasonOf(() -> check.check("c", u, 0L)));
        assertEquals(RejectionReason.INVALID_SAMPLE_COUNT, reasonOf(() -> check.check("c", u, -3L)));
        assertEquals(RejectionReason.INVALID_SAMPLE_COUNT, reasonOf(() -> check.check("c", u, Double.NaN)));
        assertEquals(RejectionReason.INVALID_SAMPLE_COUNT, reasonOf(() -> check.check("c", u, Double.POSITIVE_INFINITY)));
        assertEquals(RejectionReason.INVALID_SAMPLE_COUNT, reasonOf(() -> check.check("c", u, 2.5)));
        assertEquals(RejectionReason.INVALID_SAMPLE_COUNT, reasonOf(() -> check.check("c", u, -0.0)));
        assertEquals(100, check.check("c", u, 1e30).effectiveSamples());
        assertEquals(7, check.check("c", u, 7.0).effectiveSamples());
    }

    @Test
    void refusesMissingClientId() {
        assertEquals(RejectionReason.MISSING_CLIENT_ID, reasonOf(() -> check.check(" ", new double[3], 1L)));
        assertEquals(RejectionReason.MISSING_CLIENT_ID, reasonOf(() -> check.check(null, new double[3], 1L)));
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new UpdateCheck(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new UpdateCheck(3, 0));
    }
}
