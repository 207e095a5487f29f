package io.custos.crypto;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 verification key: the 32-byte encoded point of RFC 8032. Immutable; equal by content.
 *
 * <p>The key id ({@link #keyId()}) is derived from the key itself, so nobody has to assign, store or trust a
 * separate label: {@code "ed25519:"} followed by the first 32 lower-case hex characters (128 bits) of the SHA-256
 * of the key's DER SubjectPublicKeyInfo (RFC 8410). The same id can be computed with OpenSSL:
 * {@code openssl pkey -pubin -in key.pub.pem -outform DER | sha256sum | cut -c1-32}.
 *
 * @param raw the 32-byte public key; the constructor rejects anything that is not a point on the curve
 */
public record Ed25519PublicKey(byte[] raw) {

    /** Length of an encoded Ed25519 public key. */
    public static final int SIZE = Ed25519PublicKeyParameters.KEY_SIZE;
    /** Length of an Ed25519 signature. */
    public static final int SIGNATURE_SIZE = 64;

    private static final String PEM_LABEL = "PUBLIC KEY";
    private static final String KEY_ID_PREFIX = "ed25519:";
    private static final int KEY_ID_HEX_CHARS = 32;

    public Ed25519PublicKey {
        Objects.requireNonNull(raw, "raw");
        if (raw.length != SIZE) {
            throw new IllegalArgumentException(
                    "an Ed25519 public key is " + SIZE + " bytes, not " + raw.length);
        }
        raw = raw.clone();
        parameters(raw); // fails now rather than at verification time
    }

    /** The key from its 32 raw bytes (RFC 8032 encoding). */
    public static Ed25519PublicKey fromRaw(byte[] raw) {
        return new Ed25519PublicKey(raw);
    }

    /** Reads a {@code -----BEGIN PUBLIC KEY-----} PEM (SubjectPublicKeyInfo), as {@code openssl pkey -pubout} writes. */
    public static Ed25519PublicKey fromPem(String pem) {
        return fromSpkiDer(Pem.decode(PEM_LABEL, pem));
    }

    /** Reads the DER of an Ed25519 SubjectPublicKeyInfo (RFC 8410). */
    public static Ed25519PublicKey fromSpkiDer(byte[] der) {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("PUBLIC KEY does not hold a SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
        AlgorithmIdentifier algorithm = info.getAlgorithm();
        if (!Ed25519.OID.equals(algorithm.getAlgorithm())) {
            throw new IllegalArgumentException("PUBLIC KEY holds a key of algorithm " + algorithm.getAlgorithm()
                    + ", not Ed25519 (" + Ed25519.OID + ")");
        }
        if (algorithm.getParameters() != null) {
            throw new IllegalArgumentException("Ed25519 key algorithm must have no parameters (RFC 8410)");
        }
        if (info.getPublicKeyData().getPadBits() != 0) {
            throw new IllegalArgumentException("Ed25519 public key bit string has unused bits");
        }
        Ed25519PublicKey key = new Ed25519PublicKey(info.getPublicKeyData().getOctets());
        if (!java.util.Arrays.equals(key.spkiDer(), der)) {
            throw new IllegalArgumentException("not a canonical Ed25519 SubjectPublicKeyInfo encoding");
        }
        return key;
    }

    /**
     * Reads a key in the encodings people have at hand: PEM {@code -----BEGIN PUBLIC KEY-----}, base64
     * of the SubjectPublicKeyInfo DER, or base64 of the raw 32-byte key. The message of a refusal says
     * what was expected.
     */
    public static Ed25519PublicKey parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("-----BEGIN")) {
            return fromPem(trimmed);
        }
        byte[] bytes;
        try {
            bytes = java.util.Base64.getMimeDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || bytes.length == 0 || !trimmed.replaceAll("\\s", "").matches("[A-Za-z0-9+/]+=*")) {
            throw new IllegalArgumentException("must be an Ed25519 public key: PEM '-----BEGIN PUBLIC KEY-----', or"
                    + " base64 of the raw 32-byte key or of the X.509 SubjectPublicKeyInfo DER");
        }
        return bytes.length == SIZE ? fromRaw(bytes) : fromSpkiDer(bytes);
    }

    /** The raw key bytes (a copy). */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** DER SubjectPublicKeyInfo (RFC 8410): the bytes inside the PEM, and the input of {@link #keyId()}. */
    public byte[] spkiDer() {
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(Ed25519.OID), raw)
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot DER-encode an Ed25519 public key", e);
        }
    }

    /** {@code "ed25519:" + first 32 hex chars of SHA-256(spkiDer())}; see the class comment for why. */
    public String keyId() {
        return KEY_ID_PREFIX + HexFormat.of().formatHex(Sha256.newDigest().digest(spkiDer()))
                .substring(0, KEY_ID_HEX_CHARS);
    }

    /** {@code -----BEGIN PUBLIC KEY-----} PEM, readable by {@code openssl pkey -pubin}. */
    public String toPem() {
        return Pem.encode(PEM_LABEL, spkiDer());
    }

    /**
     * True when {@code signature} is this key's Ed25519 signature of {@code message} (RFC 8032, pure Ed25519).
     * A signature of the wrong length is simply not valid.
     */
    public boolean verify(byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        if (signature == null || signature.length != SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer(); // stateful: one per call keeps this thread-safe
        verifier.init(false, parameters(raw));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ed25519PublicKey that && Arrays.equals(raw, that.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + keyId() + "]";
    }

    private static Ed25519PublicKeyParameters parameters(byte[] raw) {
        try {
            return new Ed25519PublicKeyParameters(raw, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key (not a point on the curve)", e);
        }
    }
}
