package io.custos.federated.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class MaskPrgTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aesCtrMatchesNistSp800_38aF55() {
        byte[] key = HEX.parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        byte[] counter = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        byte[] plaintext = HEX.parseHex("6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51"
                + "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710");
        String expected = "601ec313775789a5b7a7f504bbf3d228" + "f443e3ca4d62b59aca84e990cacaf5c5"
                + "2b0930daa23de94ce87017ba2d84988d" + "dfc9c58db67aada613c2dd08457941a6";
        assertEquals(expected, HEX.formatHex(MaskPrg.aesCtr(key, counter, plaintext)));
    }

    @Test
    void expansionOfAFixedSeedIsAKnownVector() {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) i;
        }
        // AES-256(key 00..1f) keystream from counter 0, cross-checked with an independent AES implementation.
        long[] expected = {0xf29000b62a499fd0L, 0xa9f39a6add2e7780L, 0xf05d76ae4ab99fe5L, 0xa6f69b3148c2363dL};
        assertArrayEquals(expected, MaskPrg.expand(seed, 4));
        assertArrayEquals(MaskPrg.expand(seed, 1000), MaskPrg.expand(seed, 1000), "deterministic");
        assertArrayEquals(expected, Arrays.copyOf(MaskPrg.expand(seed, 1000), 4), "prefix-stable");
    }

    @Test
    void differentSeedsGiveUnrelatedUniformLookingMasks() {
        SecureRandom random = new SecureRandom();
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        random.nextBytes(a);
        random.nextBytes(b);
        long[] ma = MaskPrg.expand(a, 4096);
        long[] mb = MaskPrg.expand(b, 4096);
        assertFalse(Arrays.equals(ma, mb));
        assertEquals(0.5, onesFraction(ma), 0.01);
        assertEquals(0.5, onesFraction(mb), 0.01);
    }

    @Test
    void applyingAndRemovingAMaskIsTheIdentityModulo2To64() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        long[] x = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE};
        long[] y = x.clone();
        MaskPrg.applyMask(y, seed, +1);
        assertFalse(Arrays.equals(x, y));
        MaskPrg.applyMask(y, seed, -1);
        assertArrayEquals(x, y);
    }

    static double onesFraction(long[] words) {
        long ones = 0;
        for (long w : words) {
            ones += Long.bitCount(w);
        }
        assertTrue(words.length > 0);
        return ones / (64.0 * words.length);
    }
}
