package io.custos.crypto;

import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * Entry point for Ed25519 key pairs. The keys themselves are {@link Ed25519PrivateKey} and {@link Ed25519PublicKey};
 * this class only pairs them for code that wants both at once.
 */
public final class Ed25519 {

    /** The algorithm name used in key documents ({@code "algorithm": "Ed25519"}). */
    public static final String ALGORITHM = "Ed25519";

    /** id-Ed25519 (RFC 8410). BouncyCastle's own constant lives in an internal package of bcprov. */
    static final ASN1ObjectIdentifier OID = new ASN1ObjectIdentifier("1.3.101.112");

    private Ed25519() {
    }

    /** A fresh key pair from SecureRandom. */
    public static KeyPair generateKeyPair() {
        Ed25519PrivateKey privateKey = Ed25519PrivateKey.generate();
        return new KeyPair(privateKey, privateKey.publicKey());
    }

    /** A signing key and its public key; the constructor rejects halves that do not belong together. */
    public record KeyPair(Ed25519PrivateKey privateKey, Ed25519PublicKey publicKey) {
        public KeyPair {
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(publicKey, "publicKey");
            if (!privateKey.publicKey().equals(publicKey)) {
                throw new IllegalArgumentException("the public key does not belong to the private key");
            }
        }
    }
}
