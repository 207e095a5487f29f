package io.custos.crypto;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 signing key (the 32-byte RFC 8032 seed) with its public key. Immutable and thread-safe.
 * {@link #toString()} never shows key material.
 */
public final class Ed25519PrivateKey {

    private static final String PEM_LABEL = "PRIVATE KEY";
    /** One shared generator: SecureRandom is thread-safe and seeding a new one per key is wasted work. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ed25519PrivateKeyParameters key;
    private final Ed25519PublicKey publicKey;

    private Ed25519PrivateKey(Ed25519PrivateKeyParameters key) {
        this.key = key;
        this.publicKey = new Ed25519PublicKey(key.generatePublicKey().getEncoded());
    }

    /** A fresh key from {@link SecureRandom}. */
    public static Ed25519PrivateKey generate() {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(RANDOM));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new Ed25519PrivateKey((Ed25519PrivateKeyParameters) pair.getPrivate());
    }

    /**
     * Reads an unencrypted PKCS#8 {@code -----BEGIN PRIVATE KEY-----} PEM, as {@code openssl genpkey -algorithm
     * ed25519} writes. Both PKCS#8 v1 and v2 (RFC 5958, with the public key) are accepted; in v2 the embedded public
     * key must match the private key.
     */
    public static Ed25519PrivateKey fromPem(String pem) {
        byte[] der = Pem.decode(PEM_LABEL, pem);
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("PRIVATE KEY PEM does not hold a PKCS#8 key: " + e.getMessage(), e);
        }
        if (!Ed25519.OID.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            throw new IllegalArgumentException("PRIVATE KEY PEM holds a key of algorithm "
                    + info.getPrivateKeyAlgorithm().getAlgorithm() + ", not Ed25519 (" + Ed25519.OID
                    + ")");
        }
        ASN1OctetString seed;
        try {
            seed = ASN1OctetString.getInstance(info.parsePrivateKey()); // RFC 8410: CurvePrivateKey ::= OCTET STRING
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("PRIVATE KEY PEM has a malformed Ed25519 key: " + e.getMessage(), e);
        }
        byte[] seedBytes = seed.getOctets();
        if (seedBytes.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key is " + Ed25519PrivateKeyParameters.KEY_SIZE
                    + " bytes, not " + seedBytes.length);
        }
        Ed25519PrivateKey key = new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(seedBytes, 0));
        Arrays.fill(seedBytes, (byte) 0);
        if (info.hasPublicKey() && !Arrays.equals(info.getPublicKeyData().getOctets(), key.publicKey.raw())) {
            throw new IllegalArgumentException("PRIVATE KEY PEM carries a public key that does not match its private key");
        }
        return key;
    }

    /** The matching public key. */
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** The 64-byte Ed25519 signature of {@code message} (pure Ed25519, deterministic). */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        Ed25519Signer signer = new Ed25519Signer(); // stateful: one per call keeps this thread-safe
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /**
     * PKCS#8 v1 {@code -----BEGIN PRIVATE KEY-----} PEM (RFC 8410, no embedded public key): the same form as
     * {@code openssl genpkey} output, readable by every OpenSSL that knows Ed25519.
     */
    public String toPem() {
        byte[] seed = key.getEncoded();
        try {
            PrivateKeyInfo info = new PrivateKeyInfo(new AlgorithmIdentifier(Ed25519.OID),
                    new DEROctetString(seed));
            return Pem.encode(PEM_LABEL, info.getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalStateException("cannot DER-encode an Ed25519 private key", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "Ed25519PrivateKey[" + publicKey.keyId() + "]";
    }
}
