package io.custos.federated.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

import io.custos.federated.secagg.SecAggMessages.EncryptedShare;
import io.custos.federated.secagg.ShareCipher.SharePair;

class ShareCipherTest {

    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[32];

    ShareCipherTest() {
        random.nextBytes(key);
    }

    private final SharePair pair = new SharePair(2, 5, new BigInteger(520, new SecureRandom()), BigInteger.TEN);

    @Test
    void roundTrip() {
        EncryptedShare sealed = ShareCipher.encrypt(key, "fed/7", pair, random);
        assertEquals(pair, ShareCipher.decrypt(key, "fed/7", 5, sealed));
    }

    @Test
    void aShareForAnotherRoundDoesNotVerifyEvenUnderTheSameKey() {
        EncryptedShare sealed = ShareCipher.encrypt(key, "fed/7", pair, random);
        EncryptedShare replayed = new EncryptedShare("fed/8", sealed.from(), sealed.to(), sealed.nonce(), sealed.ciphertext());
        SecAggException e = assertThrows(SecAggException.class, () -> ShareCipher.decrypt(key, "fed/8", 5, replayed));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    }

    @Test
    void tamperedOrRedirectedSharesDoNotVerify() {
        EncryptedShare sealed = ShareCipher.encrypt(key, "fed/7", pair, random);
        byte[] ct = sealed.ciphertext();
        ct[3] ^= 1;
        EncryptedShare tampered = new EncryptedShare("fed/7", 2, 5, sealed.nonce(), ct);
        assertThrows(SecAggException.class, () -> ShareCipher.decrypt(key, "fed/7", 5, tampered));
        EncryptedShare redirected = new EncryptedShare("fed/7", 3, 5, sealed.nonce(), sealed.ciphertext());
        assertThrows(SecAggException.class, () -> ShareCipher.decrypt(key, "fed/7", 5, redirected));
        assertThrows(SecAggException.class, () -> ShareCipher.decrypt(key, "fed/7", 4, sealed));
    }
}
