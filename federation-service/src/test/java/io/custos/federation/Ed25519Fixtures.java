package io.custos.federation;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

/** Fresh Ed25519 keys in the encodings a client may send. */
final class Ed25519Fixtures {

    private Ed25519Fixtures() {
    }

    static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64 of the SubjectPublicKeyInfo DER. */
    static String derBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Base64 of the raw 32-byte RFC 8032 key: the last 32 bytes of the 44-byte SPKI. */
    static String rawBase64(PublicKey key) {
        byte[] der = key.getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    static String rawBase64() {
        return rawBase64(newKeyPair().getPublic());
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A JSON string literal (the PEM has newlines). */
    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
