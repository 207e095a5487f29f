package io.custos.federated.protocol;

import io.custos.crypto.Ed25519PrivateKey;
import io.custos.crypto.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A client's model update for one round, as it travels: the update (IEEE 754 doubles, little
 * endian, base64), the claimed sample count, a random nonce, and an Ed25519 signature over the
 * canonical bytes {@link #signedBytes()}, which bind the update's SHA-256 to the federation, the
 * round, the client and the nonce: a signed update cannot be replayed in another round, another
 * federation or as another client, and the server refuses a nonce it has seen.
 *
 * @param signature base64 Ed25519 signature, null when unsigned (always refused)
 */
public record UpdateSubmission(String federationId, int round, String clientId, String nonce, long samples,
        String encoding, String update, String signature) {

    public static final String ENCODING = "f64le";
    static final String DOMAIN = "custos-fl-update/v1";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Encodes and signs {@code update} with the client's key, with a fresh 128-bit nonce. */
    public static UpdateSubmission sign(String federationId, int round, String clientId, long samples,
            double[] update, Ed25519PrivateKey key) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        UpdateSubmission unsigned = new UpdateSubmission(federationId, round, clientId, HexFormat.of().formatHex(nonce),
                samples, ENCODING, Base64.getEncoder().encodeToString(encode(update)), null);
        return unsigned.withSignature(Base64.getEncoder().encodeToString(key.sign(unsigned.signedBytes())));
    }

    public UpdateSubmission withSignature(String sig) {
        return new UpdateSubmission(federationId, round, clientId, nonce, samples, encoding, update, sig);
    }

    /**
     * What is signed: the domain, federation, round, client, nonce, samples and the SHA-256 of the
     * decoded update bytes, one per line (none of them may contain a line break; the verifier checks).
     */
    public byte[] signedBytes() {
        byte[] raw = update == null ? new byte[0] : decodeBase64OrEmpty(update);
        return (DOMAIN + "\n" + federationId + "\n" + round + "\n" + clientId + "\n" + nonce + "\n" + samples + "\n"
                + encoding + "\n" + Sha256.hex(raw)).getBytes(StandardCharsets.UTF_8);
    }

    /** The wire form of an update: IEEE 754 doubles, little endian ({@value #ENCODING}). */
    public static byte[] encode(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    /** Reads the wire form back; the length must be a multiple of 8. */
    public static double[] decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[bytes.length / Double.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getDouble();
        }
        return out;
    }

    private static byte[] decodeBase64OrEmpty(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
