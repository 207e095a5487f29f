package io.custos.federated.secagg;

import io.custos.crypto.Ed25519PrivateKey;
import io.custos.crypto.Ed25519PublicKey;
import io.custos.crypto.Sha256;
import io.custos.federated.secagg.SecAggMessages.AdvertisedKeys;
import io.custos.federated.secagg.SecAggMessages.EncryptedShare;
import io.custos.federated.secagg.SecAggMessages.MaskedInput;
import io.custos.federated.secagg.SecAggMessages.UnmaskingResponse;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A client's secure-aggregation message as it travels over REST: one of the four client-to-server
 * messages of {@link SecAggMessages}, in a canonical binary {@code payload} (base64), signed with
 * the client's registered Ed25519 key like an {@code UpdateSubmission}. The signature covers
 * {@link #signedBytes()}: the domain, federation, round number, round id, client, secure-aggregation
 * id, phase, a fresh nonce and the SHA-256 of the payload bytes, so a message cannot be replayed in
 * another round or phase, or as another client.
 *
 * <h2>Payloads (big-endian unless said)</h2>
 * <ul>
 *   <li>{@value #KEYS}: the 32-byte X25519 encryption public key, then the 32-byte masking public key.</li>
 *   <li>{@value #SHARES}: {@code u32 count}, then per share {@code u32 to, u32 len, nonce, u32 len,
 *       ciphertext}, sorted by {@code to}.</li>
 *   <li>{@value #MASKED_INPUT}: the masked vector, one little-endian 64-bit integer per coordinate.</li>
 *   <li>{@value #UNMASKING}: {@code u32 count}, then per survivor {@code u32 id, u32 len,
 *       two's-complement share}; then the same for the masking-key shares of dropped clients.</li>
 * </ul>
 *
 * @param roundId   the round's id, which is also the secure-aggregation round id bound into every key
 * @param secaggId  the client's small integer id in the round's secure aggregation (its Shamir x)
 * @param phase     {@value #KEYS}, {@value #SHARES}, {@value #MASKED_INPUT} or {@value #UNMASKING}
 * @param signature base64 Ed25519 signature, null when unsigned (always refused)
 */
public record SecAggSubmission(String federationId, int round, String roundId, String clientId, int secaggId,
        String phase, String nonce, String payload, String signature) {

    public static final String KEYS = "keys";
    public static final String SHARES = "shares";
    public static final String MASKED_INPUT = "masked-input";
    public static final String UNMASKING = "unmasking";
    public static final List<String> PHASES = List.of(KEYS, SHARES, MASKED_INPUT, UNMASKING);

    static final String DOMAIN = "custos-fl-secagg/v1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_ITEMS = 100_000;

    /** Signs {@code payload} for {@code phase} with a fresh 128-bit nonce. */
    public static SecAggSubmission sign(String federationId, int round, String roundId, String clientId, int secaggId,
            String phase, byte[] payload, Ed25519PrivateKey key) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        SecAggSubmission unsigned = new SecAggSubmission(federationId, round, roundId, clientId, secaggId, phase,
                HexFormat.of().formatHex(nonce), Base64.getEncoder().encodeToString(payload), null);
        return unsigned.withSignature(Base64.getEncoder().encodeToString(key.sign(unsigned.signedBytes())));
    }

    public SecAggSubmission withSignature(String sig) {
        return new SecAggSubmission(federationId, round, roundId, clientId, secaggId, phase, nonce, payload, sig);
    }

    /** What is signed: one field per line, ending with the SHA-256 of the decoded payload. */
    public byte[] signedBytes() {
        return (DOMAIN + "\n" + federationId + "\n" + round + "\n" + roundId + "\n" + clientId + "\n" + secaggId
                + "\n" + phase + "\n" + nonce + "\n" + Sha256.hex(payloadBytesOrEmpty()))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks form and signature: every text field present and on one line, a 32-hex-digit nonce, a
     * known phase, base64 payload, and an Ed25519 signature that verifies with {@code key}.
     *
     * @return null when valid, else what is wrong, prefixed by {@code UNSIGNED:}, {@code MALFORMED:} or
     *     {@code BAD_SIGNATURE:}
     */
    public String problem(Ed25519PublicKey key) {
        if (signature == null || signature.isBlank()) {
            return "UNSIGNED:the secure-aggregation message is not signed; sign it with the client's registered"
                    + " Ed25519 key";
        }
        for (String field : new String[] {federationId, roundId, clientId, phase, nonce, payload}) {
            if (field == null || field.isBlank() || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
                return "MALFORMED:federationId, roundId, clientId, phase, nonce and payload must be present, on one line";
            }
        }
        if (!nonce.matches("[0-9a-f]{32}")) {
            return "MALFORMED:nonce must be 32 lower-case hex digits";
        }
        if (!PHASES.contains(phase)) {
            return "MALFORMED:phase must be one of " + PHASES + ", was " + phase;
        }
        try {
            Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            return "MALFORMED:payload is not base64";
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return "BAD_SIGNATURE:signature is not base64";
        }
        if (!key.verify(signedBytes(), sig)) {
            return "BAD_SIGNATURE:the signature does not verify with the registered key of client " + clientId
                    + " (" + key.keyId() + ")";
        }
        return null;
    }

    /** The decoded payload. */
    public byte[] payloadBytes() {
        return Base64.getDecoder().decode(payload);
    }

    private byte[] payloadBytesOrEmpty() {
        try {
            return payload == null ? new byte[0] : Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    // ---- payload codecs -------------------------------------------------------------------------

    public static byte[] encodeKeys(AdvertisedKeys keys) {
        return ByteBuffer.allocate(64).put(keys.encryptionPublicKey()).put(keys.maskingPublicKey()).array();
    }

    /** @throws IllegalArgumentException if the payload is not two 32-byte keys */
    public static AdvertisedKeys decodeKeys(String roundId, int clientId, byte[] payload) {
        if (payload.length != 64) {
            throw new IllegalArgumentException("a key payload is two 32-byte X25519 public keys (64 bytes), not "
                    + payload.length + " bytes");
        }
        byte[] enc = new byte[32];
        byte[] mask = new byte[32];
        System.arraycopy(payload, 0, enc, 0, 32);
        System.arraycopy(payload, 32, mask, 0, 32);
        return new AdvertisedKeys(roundId, clientId, enc, mask);
    }

    public static byte[] encodeShares(List<EncryptedShare> shares) {
        List<EncryptedShare> sorted = new ArrayList<>(shares);
        sorted.sort((a, b) -> Integer.compare(a.to(), b.to()));
        return write(out -> {
            out.writeInt(sorted.size());
            for (EncryptedShare s : sorted) {
                out.writeInt(s.to());
                writeBytes(out, s.nonce());
                writeBytes(out, s.ciphertext());
            }
        });
    }

    /** @throws IllegalArgumentException if the payload is not a well-formed list of shares */
    public static List<EncryptedShare> decodeShares(String roundId, int from, byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            int count = count(in);
            List<EncryptedShare> shares = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int to = in.getInt();
                byte[] nonce = readBytes(in);
                byte[] ciphertext = readBytes(in);
                shares.add(new EncryptedShare(roundId, from, to, nonce, ciphertext));
            }
            end(in);
            return shares;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("the share payload is truncated");
        }
    }

    public static byte[] encodeMaskedInput(long[] masked) {
        ByteBuffer b = ByteBuffer.allocate(masked.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : masked) {
            b.putLong(v);
        }
        return b.array();
    }

    /** @throws IllegalArgumentException if the payload's length is not a multiple of 8 */
    public static long[] decodeMaskedVector(byte[] payload) {
        if (payload.length % Long.BYTES != 0) {
            throw new IllegalArgumentException("a masked input is 64-bit integers; " + payload.length
                    + " bytes is not a multiple of 8");
        }
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[payload.length / Long.BYTES];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getLong();
        }
        return v;
    }

    public static MaskedInput decodeMaskedInput(String roundId, int clientId, byte[] payload) {
        return new MaskedInput(roundId, clientId, decodeMaskedVector(payload));
    }

    public static byte[] encodeUnmasking(UnmaskingResponse response) {
        return write(out -> {
            writeShareMap(out, response.selfMaskSeedShares());
            writeShareMap(out, response.maskingKeyShares());
        });
    }

    /** @throws IllegalArgumentException if the payload is not two well-formed share maps */
    public static UnmaskingResponse decodeUnmasking(String roundId, int clientId, byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            SortedMap<Integer, BigInteger> seeds = readShareMap(in);
            SortedMap<Integer, BigInteger> keys = readShareMap(in);
            end(in);
            return new UnmaskingResponse(roundId, clientId, seeds, keys);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("the unmasking payload is truncated");
        }
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(ByteBuffer in) {
        int len = in.getInt();
        if (len < 0 || len > in.remaining()) {
            throw new IllegalArgumentException("a length field (" + len + ") exceeds the payload");
        }
        byte[] b = new byte[len];
        in.get(b);
        return b;
    }

    private static void writeShareMap(DataOutputStream out, Map<Integer, BigInteger> shares) throws IOException {
        out.writeInt(shares.size());
        for (Map.Entry<Integer, BigInteger> e : new TreeMap<>(shares).entrySet()) {
            out.writeInt(e.getKey());
            writeBytes(out, e.getValue().toByteArray());
        }
    }

    private static SortedMap<Integer, BigInteger> readShareMap(ByteBuffer in) {
        int count = count(in);
        SortedMap<Integer, BigInteger> shares = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int id = in.getInt();
            byte[] value = readBytes(in);
            if (value.length == 0 || shares.put(id, new BigInteger(value)) != null) {
                throw new IllegalArgumentException("empty or repeated share for client " + id);
            }
        }
        return shares;
    }

    private static int count(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > MAX_ITEMS) {
            throw new IllegalArgumentException("item count " + count + " out of range");
        }
        return count;
    }

    private static void end(ByteBuffer in) {
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " trailing bytes after the payload");
        }
    }
}
