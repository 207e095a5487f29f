package io.custos.federated.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ShamirTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void fieldModulusIsPrimeAndHoldsA32ByteSecret() {
        assertTrue(Shamir.PRIME.isProbablePrime(64));
        assertTrue(Shamir.PRIME.bitLength() > 256);
        assertEquals(Shamir.SHARE_VALUE_BYTES, (Shamir.PRIME.bitLength() + 7) / 8);
    }

    @Test
    void everyTSubsetRecoversTheSecret() {
        BigInteger secret = new BigInteger(256, random);
        int n = 6;
        int t = 3;
        List<Shamir.Share> shares = Shamir.split(secret, n, t);
        assertEquals(n, shares.size());
        int subsets = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) < t) {
                continue;
            }
            List<Shamir.Share> subset = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    subset.add(shares.get(i));
                }
            }
            assertEquals(secret, Shamir.combine(subset), "subset " + Integer.toBinaryString(mask));
            subsets++;
        }
        assertEquals(42, subsets); // C(6,3)+C(6,4)+C(6,5)+C(6,6)
    }

    @Test
    void tMinusOneSharesGiveAWrongValue() {
        BigInteger secret = new BigInteger(256, random);
        List<Shamir.Share> shares = Shamir.split(secret, 5, 4);
        for (int skip = 0; skip < 5; skip++) {
            for (int skip2 = skip + 1; skip2 < 5; skip2++) {
                List<Shamir.Share> three = new ArrayList<>(shares);
                three.remove(skip2);
                three.remove(skip);
                assertNotEquals(secret, Shamir.combine(three));
            }
        }
    }

    @Test
    void tMinusOneSharesAreConsistentWithAnySecret() {
        // Perfect secrecy, structurally: for any candidate secret s', the t-1 shares plus (0, s')
        // define a valid degree-(t-1) polynomial, so the shares cannot rule s' out. We check it by
        // building that polynomial's share at a fresh point and recombining to s'.
        BigInteger secret = new BigInteger(256, random);
        int t = 3;
        List<Shamir.Share> shares = Shamir.split(secret, new int[] {1, 2, 3}, t, random);
        List<Shamir.Share> known = shares.subList(0, t - 1);
        BigInteger candidate = new BigInteger(256, random);
        BigInteger atFour = lagrangeAt(BigInteger.valueOf(4), known, candidate);
        List<Shamir.Share> forged = new ArrayList<>(known);
        forged.add(new Shamir.Share(4, atFour));
        assertEquals(candidate, Shamir.combine(forged));
    }

    @Test
    void splittingIsRandomized() {
        BigInteger secret = BigInteger.valueOf(42);
        assertNotEquals(Shamir.split(secret, 3, 2).get(0).y(), Shamir.split(secret, 3, 2).get(0).y());
    }

    @Test
    void bytesRoundTripKeepsLeadingZeros() {
        byte[] secret = new byte[32];
        secret[31] = 7;
        List<Shamir.Share> shares = Shamir.splitBytes(secret, new int[] {3, 10, 11, 20}, 2, random);
        assertArrayEquals(secret, Shamir.combineBytes(shares.subList(1, 3), 32));
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> Shamir.split(BigInteger.ONE, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> Shamir.split(Shamir.PRIME, 3, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Shamir.split(BigInteger.ONE, new int[] {1, 1}, 2, random));
        assertThrows(IllegalArgumentException.class,
                () -> Shamir.combine(List.of(new Shamir.Share(1, BigInteger.ONE), new Shamir.Share(1, BigInteger.TWO))));
    }

    /** f(x) for the unique polynomial of degree < |points|+1 through the points and (0, atZero). */
    private static BigInteger lagrangeAt(BigInteger x, List<Shamir.Share> points, BigInteger atZero) {
        List<BigInteger[]> all = new ArrayList<>();
        all.add(new BigInteger[] {BigInteger.ZERO, atZero});
        for (Shamir.Share s : points) {
            all.add(new BigInteger[] {BigInteger.valueOf(s.x()), s.y()});
        }
        BigInteger p = Shamir.PRIME;
        BigInteger result = BigInteger.ZERO;
        for (int i = 0; i < all.size(); i++) {
            BigInteger term = all.get(i)[1];
            for (int j = 0; j < all.size(); j++) {
                if (i != j) {
                    BigInteger num = x.subtract(all.get(j)[0]);
                    BigInteger den = all.get(i)[0].subtract(all.get(j)[0]);
                    term = term.multiply(num).multiply(den.modInverse(p)).mod(p);
                }
            }
            result = result.add(term).mod(p);
        }
        return result;
    }
}
