package io.custos.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Reading a public key as people hand it over, and refusing keys that cannot verify safely. */
class Ed25519PublicKeyParseTest {

    @Test
    void generatedKeysParseInEveryEncoding() {
        for (int i = 0; i < 50; i++) {
            Ed25519PublicKey key = Ed25519PrivateKey.generate().publicKey();
            for (String text : new String[] {key.toPem(), Base64.getEncoder().encodeToString(key.raw()),
                    Base64.getEncoder().encodeToString(key.spkiDer())}) {
                assertEquals(key, Ed25519PublicKey.parse(text));
            }
        }
    }

    @Test
    void smallOrderAndOffCurvePointsAreRefused() {
        String[] weak = {
            "0100000000000000000000000000000000000000000000000000000000000000", // identity
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
            "0000000000000000000000000000000000000000000000000000000000000000", // order 4
            "0000000000000000000000000000000000000000000000000000000000000080", // order 4
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", // order 8
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8
            "0200000000000000000000000000000000000000000000000000000000000000", // not on the curve
        };
        for (String hex : weak) {
            String b64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.parse(b64),
                    hex);
            assertTrue(e.getMessage().contains("not a valid Ed25519 public key"), hex + ": " + e.getMessage());
        }
    }

    @Test
    void otherTextIsRefusedSayingWhatIsExpected() {
        for (String text : new String[] {"", "not base64 at all!", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
                Base64.getEncoder().encodeToString(new byte[31])}) {
            assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.parse(text), text);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ed25519PublicKey.parse("not base64 at all!"));
        assertTrue(e.getMessage().contains("PEM '-----BEGIN PUBLIC KEY-----'"), e.getMessage());
    }
}
