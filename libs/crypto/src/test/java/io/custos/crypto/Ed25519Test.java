package io.custos.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ed25519Test {

    private static final HexFormat HEX = HexFormat.of();
    /** DER prefix of an RFC 8410 PKCS#8 v1 Ed25519 key; the 32-byte seed follows. */
    private static final String PKCS8_PREFIX = "302e020100300506032b657004220420";
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32-byte key follows. */
    private static final String SPKI_PREFIX = "302a300506032b6570032100";
    private static final String RFC_TEST_1_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    /** RFC 8032 section 7.1, TEST 1, 2 and 3: secret key, public key, message, signature. */
    @ParameterizedTest(name = "RFC 8032 7.1 {0}")
    @CsvSource({
        "TEST 1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
                + " d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
                + " e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "TEST 2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
                + " 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
                + " 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "TEST 3, c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
                + " fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82,"
                + " 6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    })
    void rfc8032TestVectors(String name, String secretHex, String publicHex, String messageHex, String signatureHex) {
        Ed25519PrivateKey key = privateKeyFromSeed(secretHex);
        byte[] message = HEX.parseHex(messageHex);
        byte[] signature = HEX.parseHex(signatureHex);

        assertEquals(publicHex, HEX.formatHex(key.publicKey().raw()), "public key derived from the secret");
        assertArrayEquals(signature, key.sign(message), "Ed25519 is deterministic: the RFC signature");
        Ed25519PublicKey pub = Ed25519PublicKey.fromRaw(HEX.parseHex(publicHex));
        assertTrue(pub.verify(message, signature));
        assertFalse(pub.verify(append(message, (byte) 0), signature), "another message");
        byte[] flipped = signature.clone();
        flipped[10] ^= 1;
        assertFalse(pub.verify(message, flipped), "a changed signature");
    }

    @Test
    void keyIdIsTheTruncatedSha256OfTheSpki() {
        Ed25519PublicKey pub = Ed25519PublicKey.fromRaw(
                HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        byte[] spki = pub.spkiDer();
        assertEquals(SPKI_PREFIX + HEX.formatHex(pub.raw()), HEX.formatHex(spki));
        String keyId = pub.keyId();
        assertEquals("ed25519:" + Sha256.hex(spki).substring(0, 32), keyId);
        assertTrue(keyId.matches("ed25519:[0-9a-f]{32}"), keyId);
    }

    @Test
    void pemRoundTripsAndPublicKeysAreEqualByContent() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        String privatePem = key.toPem();
        assertTrue(privatePem.startsWith("-----BEGIN PRIVATE KEY-----\n"), privatePem);
        Ed25519PrivateKey again = Ed25519PrivateKey.fromPem(privatePem);
        assertEquals(key.publicKey(), again.publicKey());
        byte[] message = "model bundle".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(key.sign(message), again.sign(message));

        Ed25519PublicKey pub = key.publicKey();
        String publicPem = pub.toPem();
        assertTrue(publicPem.startsWith("-----BEGIN PUBLIC KEY-----\n"), publicPem);
        Ed25519PublicKey parsed = Ed25519PublicKey.fromPem("some text before the block is allowed\n" + publicPem);
        assertEquals(pub, parsed);
        assertEquals(pub.hashCode(), parsed.hashCode());
        assertEquals(pub.keyId(), parsed.keyId());
        assertNotEquals(pub, Ed25519PrivateKey.generate().publicKey());
        assertFalse(key.toString().contains(privatePem.substring(28, 60)), "toString shows no key material");
    }

    @Test
    void rawBytesAreCopiedInAndOut() {
        Ed25519PublicKey pub = Ed25519PrivateKey.generate().publicKey();
        byte[] raw = pub.raw();
        raw[0] ^= 1;
        assertNotEquals(HEX.formatHex(raw), HEX.formatHex(pub.raw()));
        byte[] input = pub.raw();
        Ed25519PublicKey copy = Ed25519PublicKey.fromRaw(input);
        input[0] ^= 1;
        assertEquals(pub, copy);
    }

    @Test
    void signaturesOfTheWrongSizeAreSimplyInvalid() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        byte[] message = {1, 2, 3};
        byte[] signature = key.sign(message);
        assertEquals(64, signature.length);
        assertFalse(key.publicKey().verify(message, new byte[0]));
        assertFalse(key.publicKey().verify(message, null));
        assertFalse(key.publicKey().verify(message, append(signature, (byte) 0)));
        assertFalse(Ed25519PrivateKey.generate().publicKey().verify(message, signature), "another key");
    }

    @Test
    void rejectsKeysThatAreNotEd25519() {
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromRaw(new byte[31]));
        IllegalArgumentException notAPoint = assertThrows(IllegalArgumentException.class,
                () -> Ed25519PublicKey.fromRaw(HEX.parseHex("02" + "00".repeat(31))));
        assertTrue(notAPoint.getMessage().contains("not a valid Ed25519 public key"), notAPoint.getMessage());

        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        IllegalArgumentException wrongLabel = assertThrows(IllegalArgumentException.class,
                () -> Ed25519PublicKey.fromPem(key.toPem()));
        assertTrue(wrongLabel.getMessage().contains("found -----BEGIN PRIVATE KEY-----"), wrongLabel.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ed25519PrivateKey.fromPem(key.publicKey().toPem()));
        assertThrows(IllegalArgumentException.class, () -> Ed25519PrivateKey.fromPem("not a pem"));
        assertThrows(IllegalArgumentException.class,
                () -> Ed25519PrivateKey.fromPem("-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n"));
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromPem(key.publicKey().toPem()
                + key.publicKey().toPem()), "two blocks");

        // An X25519 key (OID 1.3.101.110) has the same size: it must be refused by its algorithm.
        String x25519 = Pem.encode("PUBLIC KEY", HEX.parseHex("302a300506032b656e032100"
                + HEX.formatHex(key.publicKey().raw())));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> Ed25519PublicKey.fromPem(x25519));
        assertTrue(other.getMessage().contains("not Ed25519"), other.getMessage());
    }

    @Test
    void pkcs8WithAMismatchedEmbeddedPublicKeyIsRejected() throws Exception {
        byte[] seed = HEX.parseHex(RFC_TEST_1_SEED);
        Ed25519PrivateKey key = privateKeyFromSeed(RFC_TEST_1_SEED);
        PrivateKeyInfo matching = new PrivateKeyInfo(new AlgorithmIdentifier(Ed25519.OID), new DEROctetString(seed),
                null, key.publicKey().raw());
        assertEquals(key.publicKey(), Ed25519PrivateKey.fromPem(Pem.encode("PRIVATE KEY",
                matching.getEncoded(ASN1Encoding.DER))).publicKey(), "PKCS#8 v2 with the right public key");

        PrivateKeyInfo mismatched = new PrivateKeyInfo(new AlgorithmIdentifier(Ed25519.OID), new DEROctetString(seed),
                null, Ed25519PrivateKey.generate().publicKey().raw());
        String pem = Pem.encode("PRIVATE KEY", mismatched.getEncoded(ASN1Encoding.DER));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ed25519PrivateKey.fromPem(pem));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void keyPairHoldsMatchingHalves() {
        Ed25519.KeyPair pair = Ed25519.generateKeyPair();
        assertEquals(pair.privateKey().publicKey(), pair.publicKey());
        assertThrows(IllegalArgumentException.class,
                () -> new Ed25519.KeyPair(pair.privateKey(), Ed25519PrivateKey.generate().publicKey()));
    }

    /** A private key from an RFC 8032 secret (seed), through the public PEM reader. */
    static Ed25519PrivateKey privateKeyFromSeed(String seedHex) {
        return Ed25519PrivateKey.fromPem(Pem.encode("PRIVATE KEY", HEX.parseHex(PKCS8_PREFIX + seedHex)));
    }

    private static byte[] append(byte[] bytes, byte extra) {
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        longer[bytes.length] = extra;
        return longer;
    }
}
