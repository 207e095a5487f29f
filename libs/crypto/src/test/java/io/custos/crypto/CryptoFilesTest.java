package io.custos.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoFilesTest {

    @Test
    void sha256MatchesTheNistVectorAndCopiesWithALimit() throws Exception {
        // FIPS 180-2 example: SHA-256("abc")
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String digest = Sha256.copy(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)), out, 3);
        assertEquals(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)), digest);
        assertEquals("abc", out.toString(StandardCharsets.US_ASCII));
        assertThrows(Sha256.TooLargeException.class,
                () -> Sha256.copy(new ByteArrayInputStream(new byte[10]), new ByteArrayOutputStream(), 9));
        assertTrue(Sha256.matches("AB01", "ab01"));
        assertFalse(Sha256.matches("ab01", "ab02"));
    }

    @Test
    void generatedKeysSignAndTheJwksCarriesTheMatchingPublicKey(@TempDir Path dir) throws Exception {
        assertTrue(JwtKeyFiles.ensure(dir, "gw-1", "in-1"));
        assertFalse(JwtKeyFiles.ensure(dir, "gw-1", "in-1"), "existing keys are kept");
        PrivateKey gateway = JwtKeyFiles.readPrivate(dir.resolve(JwtKeyFiles.GATEWAY_PRIVATE));
        RSAPublicKey pub = JwtKeyFiles.publicOf(gateway);

        String jwks = Files.readString(dir.resolve(JwtKeyFiles.JWKS));
        assertTrue(jwks.contains("\"kid\":\"gw-1\"") && jwks.contains("\"kid\":\"in-1\""), jwks);
        String n = Base64.getUrlEncoder().withoutPadding().encodeToString(stripSign(pub.getModulus().toByteArray()));
        assertTrue(jwks.contains(n), "JWKS holds the gateway modulus");

        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(gateway);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(pub);
        v.update(new byte[] {1, 2, 3});
        assertTrue(v.verify(sig));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(JwtKeyFiles.GATEWAY_PRIVATE))));
    }

    private static byte[] stripSign(byte[] b) {
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
