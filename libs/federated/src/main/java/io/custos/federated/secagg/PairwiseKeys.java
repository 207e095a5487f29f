package io.custos.federated.secagg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * X25519 key agreement (RFC 7748) and HKDF-SHA256 (RFC 5869) key derivation for SecAgg.
 *
 * <p>Every derived key is bound to its {@link Purpose}, to the round id and to the
 * <em>ordered</em> pair {@code (min(u, v), max(u, v))} of client ids, through the HKDF
 * {@code info}:
 * <pre>
 *   info = "custos-secagg-v1/" + purpose.label || u32(len(roundId)) || roundId (UTF-8)
 *          || u32(min(u, v)) || u32(max(u, v))
 * </pre>
 * so both ends derive the same key, a mask seed cannot be replayed in another round even if
 * key pairs were (wrongly) reused, and a mask seed is never equal to an encryption key.
 * Keys are generated fresh per client per round.
 */
public final class PairwiseKeys {

    /** Length in bytes of every derived key and seed. */
    public static final int KEY_LENGTH = 32;

    private static final String DOMAIN = "custos-secagg-v1/";

    /** What a derived key is for; part of the HKDF info. */
    public enum Purpose {
        /** Seed {@code s_uv} of the pairwise mask between u and v. */
        MASK_SEED("mask-seed"),
        /** AES-256-GCM key encrypting u's Shamir shares to v and back. */
        SHARE_ENCRYPTION("share-encryption");

        private final String label;

        Purpose(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** An X25519 key pair; the private key is kept as BouncyCastle parameters. */
    public record KeyPair(X25519PrivateKeyParameters privateKey, byte[] publicKey) {
        public KeyPair {
            Objects.requireNonNull(privateKey, "privateKey");
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        /** The raw 32-byte private scalar (as generated, before clamping). */
        public byte[] privateKeyBytes() {
            return privateKey.getEncoded();
        }
    }

    private PairwiseKeys() {
    }

    public static KeyPair generate(SecureRandom random) {
        X25519PrivateKeyParameters privateKey = new X25519PrivateKeyParameters(random);
        return new KeyPair(privateKey, privateKey.generatePublicKey().getEncoded());
    }

    /** Rebuilds a key pair from a 32-byte private key (e.g. one reconstructed from shares). */
    public static KeyPair fromPrivateKey(byte[] privateKey) {
        if (privateKey.length != X25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("X25519 private key must be 32 bytes");
        }
        X25519PrivateKeyParameters params = new X25519PrivateKeyParameters(privateKey, 0);
        return new KeyPair(params, params.generatePublicKey().getEncoded());
    }

    /**
     * The raw X25519 shared secret. BouncyCastle rejects an all-zero result (a low-order
     * peer key), which surfaces here as {@link SecAggException}.
     */
    public static byte[] agree(X25519PrivateKeyParameters ownPrivate, byte[] peerPublic) {
        if (peerPublic == null || peerPublic.length != X25519PublicKeyParameters.KEY_SIZE) {
            throw new SecAggException("peer X25519 public key must be 32 bytes");
        }
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(ownPrivate);
        byte[] secret = new byte[agreement.getAgreementSize()];
        try {
            agreement.calculateAgreement(new X25519PublicKeyParameters(peerPublic, 0), secret, 0);
        } catch (IllegalStateException e) {
            throw new SecAggException("X25519 agreement failed (low-order peer public key?)", e);
        }
        return secret;
    }

    /** HKDF-SHA256 of a shared secret, bound to purpose, round and the ordered id pair. */
    public static byte[] derive(byte[] sharedSecret, Purpose purpose, String roundId, int idA, int idB) {
        Objects.requireNonNull(sharedSecret, "sharedSecret");
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(sharedSecret, null, info(purpose, roundId, idA, idB)));
        byte[] key = new byte[KEY_LENGTH];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    /** Agreement followed by derivation: the key u and v share for {@code purpose} in this round. */
    public static byte[] deriveShared(X25519PrivateKeyParameters ownPrivate, byte[] peerPublic,
                                      Purpose purpose, String roundId, int ownId, int peerId) {
        byte[] secret = agree(ownPrivate, peerPublic);
        try {
            return derive(secret, purpose, roundId, ownId, peerId);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    static byte[] info(Purpose purpose, String roundId, int idA, int idB) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(roundId, "roundId");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((DOMAIN + purpose.label()).getBytes(StandardCharsets.US_ASCII));
        byte[] round = roundId.getBytes(StandardCharsets.UTF_8);
        writeInt(out, round.length);
        out.writeBytes(round);
        writeInt(out, Math.min(idA, idB));
        writeInt(out, Math.max(idA, idB));
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
