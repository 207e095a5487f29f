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
}
