package io.custos.federation.service;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a federated client's Ed25519 public key in the encodings people have at hand, with the
 * JDK's EdDSA {@link KeyFactory}, and refuses anything that cannot verify signatures safely.
 *
 * <p>Accepted: PEM {@code -----BEGIN PUBLIC KEY-----} (SubjectPublicKeyInfo), base64 of the
 * SubjectPublicKeyInfo DER, or base64 of the raw 32-byte key (RFC 8032 encoding). The JDK does
 * not check that the encoded point lies on the curve, so this class does, and it also refuses
 * points of small order (a signature "valid" for any message is possible with those).
 */
public final class Ed25519Keys {

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING }. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]*)-----END PUBLIC KEY-----");

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

    private Ed25519Keys() {
    }

    /** A parsed key: the canonical SubjectPublicKeyInfo DER and the JDK key. */
    public record Parsed(PublicKey key, byte[] der) {

        public String base64() {
            return Base64.getEncoder().encodeToString(der);
        }
    }

    /** Thrown with a message a person can act on; the caller reports it against the field. */
    public static final class InvalidKeyException extends Exception {
        public InvalidKeyException(String message) {
            super(message);
        }
    }

    public static Parsed parse(String text) throws InvalidKeyException {
        if (text == null || text.isBlank()) {
            throw new InvalidKeyException("must not be blank");
        }
        String trimmed = text.strip();
        byte[] bytes;
        if (trimmed.startsWith("-----BEGIN")) {
            Matcher m = PEM.matcher(trimmed);
            if (!m.matches()) {
                throw new InvalidKeyException("PEM must be a single '-----BEGIN PUBLIC KEY-----' block "
                        + "(SubjectPublicKeyInfo) holding an Ed25519 key");
            }
            bytes = decodeBase64(m.group(1));
            if (bytes == null) {
                throw new InvalidKeyException("the PEM body is not valid base64");
            }
        } else {
            bytes = decodeBase64(trimmed);
            if (bytes == null) {
                throw new InvalidKeyException("must be an Ed25519 public key: PEM '-----BEGIN PUBLIC KEY-----', "
                        + "or base64 of the raw 32-byte key or of the X.509 SubjectPublicKeyInfo DER");
            }
        }
        byte[] spki = bytes.length == 32 ? concat(SPKI_PREFIX, bytes) : bytes;
        PublicKey key;
        try {
            key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidKeyException("is not an Ed25519 public key (expected PEM '-----BEGIN PUBLIC KEY-----', "
                    + "or base64 of the raw 32-byte key or of the X.509 SubjectPublicKeyInfo DER; got "
                    + bytes.length + " bytes that the Ed25519 key factory rejects)");
        }
        byte[] canonical = key.getEncoded();
        if (!java.util.Arrays.equals(canonical, spki)) {
            throw new InvalidKeyException("is not a canonical Ed25519 SubjectPublicKeyInfo encoding");
        }
        checkPoint(((EdECPublicKey) key).getPoint());
        return new Parsed(key, canonical);
    }

    /** y must be canonical, x must exist (the point is on the curve), and 8·P must not be the identity. */
    private static void checkPoint(EdECPoint point) throws InvalidKeyException {
        BigInteger y = point.getY();
        if (y.signum() < 0 || y.compareTo(P) >= 0) {
            throw new InvalidKeyException("is not a canonical Ed25519 point encoding");
        }
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).mod(P).equals(x2)) {
            x = x.multiply(SQRT_M1).mod(P);
        }
        if (!x.multiply(x).mod(P).equals(x2)) {
            throw new InvalidKeyException("is not a point on the Ed25519 curve");
        }
        if (x.signum() == 0 && point.isXOdd()) {
            throw new InvalidKeyException("is not a canonical Ed25519 point encoding");
        }
        if (x.testBit(0) != point.isXOdd()) {
            x = P.subtract(x);
        }
        BigInteger[] q = {x, y};
        for (int i = 0; i < 3; i++) {
            q = doubled(q[0], q[1]);
        }
        if (q[0].signum() == 0 && q[1].equals(BigInteger.ONE)) {
            throw new InvalidKeyException("is a weak Ed25519 key (a point of small order); generate a real key pair");
        }
    }

    /** Affine doubling on -x^2 + y^2 = 1 + d x^2 y^2 (complete formulas, so no special cases). */
    private static BigInteger[] doubled(BigInteger x, BigInteger y) {
        BigInteger xy = x.multiply(y).mod(P);
        BigInteger dxxyy = D.multiply(xy).multiply(xy).mod(P);
        BigInteger x3 = xy.shiftLeft(1).multiply(BigInteger.ONE.add(dxxyy).modInverse(P)).mod(P);
        BigInteger y3 = y.multiply(y).add(x.multiply(x)).multiply(BigInteger.ONE.subtract(dxxyy).mod(P).modInverse(P))
                .mod(P);
        return new BigInteger[] {x3, y3};
    }

    private static byte[] decodeBase64(String text) {
        String compact = text.replaceAll("\\s", "");
        if (compact.isEmpty()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(compact.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(compact.getBytes(StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e2) {
                return null;
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
