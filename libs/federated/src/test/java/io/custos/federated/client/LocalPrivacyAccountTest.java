package io.custos.federated.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.RdpAccountant;
import org.junit.jupiter.api.Test;

class LocalPrivacyAccountTest {

    @Test
    void roundsComposeByAddingTheirRdpCurves() {
        LocalPrivacyAccount account = new LocalPrivacyAccount(1e-5);
        assertEquals(0, account.epsilon().epsilon(), "nothing spent yet");

        account.charge(0.05, 1.1, 40);
        account.charge(0.08, 0.9, 25); // a round with another batch size and noise
        double[] orders = RdpAccountant.DEFAULT_ORDERS;
        double[] a = RdpAccountant.poissonSubsampledGaussian(0.05, 1.1, 40, orders);
        double[] b = RdpAccountant.poissonSubsampledGaussian(0.08, 0.9, 25, orders);
        double[] sum = new double[orders.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = a[i] + b[i];
        }
        double expected = RdpAccountant.epsilon(orders, sum, 1e-5, Conversion.IMPROVED).epsilon();
        assertEquals(expected, account.epsilon().epsilon(), 1e-12);
        assertEquals(2, account.rounds());
        assertEquals(1e-5, account.epsilon().delta());

        // Identical rounds compose like one run of all their steps.
        LocalPrivacyAccount same = new LocalPrivacyAccount(1e-5);
        for (int r = 0; r < 5; r++) {
            same.charge(0.05, 1.1, 40);
        }
        assertEquals(RdpAccountant.dpSgdEpsilon(0.05, 1.1, 200, 1e-5, Conversion.IMPROVED).epsilon(),
                same.epsilon().epsilon(), 1e-9);
        LocalPrivacyAccount one = new LocalPrivacyAccount(1e-5);
        one.charge(0.05, 1.1, 40);
        assertTrue(same.epsilon().epsilon() > one.epsilon().epsilon(), "more rounds, more epsilon");
    }

    @Test
    void deltaMustBeAProbability() {
        assertThrows(IllegalArgumentException.class, () -> new LocalPrivacyAccount(0));
        assertThrows(IllegalArgumentException.class, () -> new LocalPrivacyAccount(1));
    }

    @Test
    void aRestoredAccountGoesOnLikeOneChargedThroughout() {
        LocalPrivacyAccount throughout = new LocalPrivacyAccount(1e-5);
        LocalPrivacyAccount beforeRestart = new LocalPrivacyAccount(1e-5);
        for (int r = 0; r < 3; r++) {
            throughout.charge(0.05, 1.1, 40);
            beforeRestart.charge(0.05, 1.1, 40);
        }
        LocalPrivacyAccount restored = LocalPrivacyAccount.restore(beforeRestart.delta(), beforeRestart.rdp(),
                beforeRestart.rounds());
        assertEquals(throughout.epsilon().epsilon(), restored.epsilon().epsilon(), 0.0);
        throughout.charge(0.08, 0.9, 25);
        restored.charge(0.08, 0.9, 25);
        assertEquals(throughout.epsilon().epsilon(), restored.epsilon().epsilon(), 1e-12);
        assertEquals(4, restored.rounds());
        assertEquals(1e-5, restored.epsilon().delta());
        assertTrue(java.util.Arrays.equals(throughout.rdp(), restored.rdp()));

        double[] curve = throughout.rdp();
        curve[0] = 99;
        assertEquals(throughout.epsilon().epsilon(),
                LocalPrivacyAccount.restore(1e-5, throughout.rdp(), 4).epsilon().epsilon(), 0.0, "a copy is kept");
    }

    @Test
    void restoreRefusesWhatNoAccountCouldHold() {
        double[] good = new LocalPrivacyAccount(1e-5).rdp();
        int n = RdpAccountant.DEFAULT_ORDERS.length;
        assertThrows(IllegalArgumentException.class, () -> LocalPrivacyAccount.restore(0, good, 0));
        assertThrows(IllegalArgumentException.class, () -> LocalPrivacyAccount.restore(1e-5, null, 0));
        IllegalArgumentException shorter = assertThrows(IllegalArgumentException.class,
                () -> LocalPrivacyAccount.restore(1e-5, new double[n - 1], 1));
        assertTrue(shorter.getMessage().contains(String.valueOf(n)), shorter.getMessage());
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.5}) {
            double[] curve = new double[n];
            java.util.Arrays.fill(curve, 1.0);
            curve[3] = bad;
            assertThrows(IllegalArgumentException.class, () -> LocalPrivacyAccount.restore(1e-5, curve, 2),
                    String.valueOf(bad));
        }
        double[] spent = new double[n];
        java.util.Arrays.fill(spent, 1.0);
        assertThrows(IllegalArgumentException.class, () -> LocalPrivacyAccount.restore(1e-5, spent, -1));
        assertThrows(IllegalArgumentException.class, () -> LocalPrivacyAccount.restore(1e-5, spent, 0),
                "spending without a round");
    }
}
