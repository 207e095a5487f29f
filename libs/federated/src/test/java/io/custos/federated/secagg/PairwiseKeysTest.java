package io.custos.federated.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.custos.federated.secagg.PairwiseKeys.Purpose;

class PairwiseKeysTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void x25519MatchesRfc7748Section6_1() {
        byte[] alicePrivate = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPrivate = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        PairwiseKeys.KeyPair alice = PairwiseKeys.fromPrivateKey(alicePrivate);
        PairwiseKeys.KeyPair bob = PairwiseKeys.fromPrivateKey(bobPrivate);
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", HEX.formatHex(alice.publicKey()));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", HEX.formatHex(bob.publicKey()));
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertEquals(shared, HEX.formatHex(PairwiseKeys.agree(alice.privateKey(), bob.publicKey())));
        assertEquals(shared, HEX.formatHex(PairwiseKeys.agree(bob.privateKey(), alice.publicKey())));
    }

    @Test
    void bothEndsDeriveTheSameKeyBoundToRoundPairAndPurpose() {
        SecureRandom random = new SecureRandom();
        PairwiseKeys.KeyPair u = PairwiseKeys.generate(random);
        PairwiseKeys.KeyPair v = PairwiseKeys.generate(random);
        byte[] uv = PairwiseKeys.deriveShared(u.privateKey(), v.publicKey(), Purpose.MASK_SEED, "fed-1/3", 4, 9);
        byte[] vu = PairwiseKeys.deriveShared(v.privateKey(), u.publicKey(), Purpose.MASK_SEED, "fed-1/3", 9, 4);
        assertArrayEquals(uv, vu);
        assertEquals(32, uv.length);

        byte[] otherRound = PairwiseKeys.deriveShared(u.privateKey(), v.publicKey(), Purpose.MASK_SEED, "fed-1/4", 4, 9);
        byte[] otherPair = PairwiseKeys.deriveShared(u.privateKey(), v.publicKey(), Purpose.MASK_SEED, "fed-1/3", 4, 8);
        byte[] otherPurpose =
                PairwiseKeys.deriveShared(u.privateKey(), v.publicKey(), Purpose.SHARE_ENCRYPTION, "fed-1/3", 4, 9);
        assertFalse(Arrays.equals(uv, otherRound), "a seed must not replay across rounds");
        assertFalse(Arrays.equals(uv, otherPair));
        assertFalse(Arrays.equals(uv, otherPurpose));
    }

    @Test
    void infoEncodingIsUnambiguous() {
        // "r1" + ids (12, 3) must differ from "r11" + ids (2, 3): the round id is length-prefixed.
        assertFalse(Arrays.equals(PairwiseKeys.info(Purpose.MASK_SEED, "r1", 12, 3),
                PairwiseKeys.info(Purpose.MASK_SEED, "r11", 2, 3)));
        assertArrayEquals(PairwiseKeys.info(Purpose.MASK_SEED, "r", 1, 2), PairwiseKeys.info(Purpose.MASK_SEED, "r", 2, 1));
    }

    @Test
    void rejectsLowOrderOrMalformedPeerKeys() {
        PairwiseKeys.KeyPair u = PairwiseKeys.generate(new SecureRandom());
        assertThrows(SecAggException.class, () -> PairwiseKeys.agree(u.privateKey(), new byte[32]));
        assertThrows(SecAggException.class, () -> PairwiseKeys.agree(u.privateKey(), new byte[31]));
    }
}
