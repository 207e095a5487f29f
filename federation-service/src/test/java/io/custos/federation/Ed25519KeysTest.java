package io.custos.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.federation.service.Ed25519Keys;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Plain unit test of the key parser: the curve checks the JDK does not make. */
class Ed25519KeysTest {

    @Test
    void generatedKeysParseInEveryEncoding() throws Exception {
        for (int i = 0; i < 50; i++) {
            PublicKey key = Ed25519Fixtures.newKeyPair().getPublic();
            for (String text : new String[] {Ed25519Fixtures.pem(key), Ed25519Fixtures.rawBase64(key),
                    Ed25519Fixtures.derBase64(key)}) {
                assertArrayEquals(key.getEncoded(), Ed25519Keys.parse(text).der());
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
        };
        for (String hex : weak) {
            String b64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
            Ed25519Keys.InvalidKeyException e = assertThrows(Ed25519Keys.InvalidKeyException.class,
                    () -> Ed25519Keys.parse(b64), hex);
            assertTrue(e.getMessage().contains("small order"), hex + ": " + e.getMessage());
        }
        String offCurve = Base64.getEncoder().encodeToString(
                HexFormat.of().parseHex("0200000000000000000000000000000000000000000000000000000000000000"));
        Ed25519Keys.InvalidKeyException e = assertThrows(Ed25519Keys.InvalidKeyException.class,
                () -> Ed25519Keys.parse(offCurve));
        assertTrue(e.getMessage().contains("not a point on the Ed25519 curve"), e.getMessage());
    }
}
