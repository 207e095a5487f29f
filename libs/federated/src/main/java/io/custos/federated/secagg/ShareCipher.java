package io.custos.federated.secagg;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.custos.federated.secagg.SecAggMessages.EncryptedShare;

/**
 * AES-256-GCM encryption of the pair of Shamir shares client {@code from} sends to client
 * {@code to} in phase 1.
 *
 * <p>Plaintext: {@code u32 from || u32 to || y(b_from at x=to) || y(s_from at x=to)}, each
 * share value in {@value Shamir#SHARE_VALUE_BYTES} fixed big-endian bytes. Associated data:
 * {@code "custos-secagg-v1/share" || u32 len(roundId) || roundId || u32 from || u32 to}.
 * The key itself is also derived with the round id (see {@link PairwiseKeys}), so a share
 * replayed into another round, or redirected to another pair, fails authentication.
 * Nonces are 96 random bits; each key encrypts a single message.
 */
public final class ShareCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] AAD_LABEL = "custos-secagg-v1/share".getBytes(StandardCharsets.US_ASCII);

    /** The two share values {@code from} gave to {@code to}. */
    public record SharePair(int from, int to, BigInteger selfMaskSeedShare, BigInteger maskingKeyShare) {
        public SharePair {
            Objects.requireNonNull(selfMaskSeedShare, "selfMaskSeedShare");
            Objects.requireNonNull(maskingKeyShare, "maskingKeyShare");
        }
    }

    private ShareCipher() {
    }

    public static EncryptedShare encrypt(byte[] key, String roundId, SharePair shares, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        ByteBuffer plaintext = ByteBuffer.allocate(8 + 2 * Shamir.SHARE_VALUE_BYTES);
        plaintext.putInt(shares.from()).putInt(shares.to());
        plaintext.put(Shamir.toFixedBytes(shares.selfMaskSeedShare(), Shamir.SHARE_VALUE_BYTES));
        plaintext.put(Shamir.toFixedBytes(shares.maskingKeyShare(), Shamir.SHARE_VALUE_BYTES));
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            cipher.updateAAD(aad(roundId, shares.from(), shares.to()));
            byte[] ciphertext = cipher.doFinal(plaintext.array());
            return new EncryptedShare(roundId, shares.from(), shares.to(), nonce, ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Decrypts and authenticates a share addressed to {@code expectedTo} in round
     * {@code roundId}.
     *
     * @throws SecAggException if the ciphertext does not verify (wrong key, round, sender or
     *                         recipient, or tampering)
     */
    public static SharePair decrypt(byte[] key, String roundId, int expectedTo, EncryptedShare message) {
        if (message.to() != expectedTo) {
            throw new SecAggException("share from client " + message.from() + " is addressed to client "
                    + message.to() + ", not " + expectedTo);
        }
        byte[] plaintext;
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, message.nonce());
            // The AAD uses the round we expect, not the one the message claims.
            cipher.updateAAD(aad(roundId, message.from(), expectedTo));
            plaintext = cipher.doFinal(message.ciphertext());
        } catch (AEADBadTagException e) {
            throw new SecAggException("share from client " + message.from() + " does not verify for round '"
                    + roundId + "' (wrong round, key or tampered)", e);
        } catch (GeneralSecurityException e) {
            throw new SecAggException("share from client " + message.from() + " cannot be decrypted", e);
        }
        ByteBuffer in = ByteBuffer.wrap(plaintext);
        if (plaintext.length != 8 + 2 * Shamir.SHARE_VALUE_BYTES) {
            throw new SecAggException("share from client " + message.from() + " has the wrong length");
        }
        int from = in.getInt();
        int to = in.getInt();
        if (from != message.from() || to != expectedTo) {
            throw new SecAggException("share plaintext names the wrong pair of clients");
        }
        byte[] value = new byte[Shamir.SHARE_VALUE_BYTES];
        in.get(value);
        BigInteger selfMaskSeedShare = new BigInteger(1, value);
        in.get(value);
        BigInteger maskingKeyShare = new BigInteger(1, value);
        if (selfMaskSeedShare.compareTo(Shamir.PRIME) >= 0 || maskingKeyShare.compareTo(Shamir.PRIME) >= 0) {
            throw new SecAggException("share value outside the field");
        }
        return new SharePair(from, to, selfMaskSeedShare, maskingKeyShare);
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("AES-256 key must be 32 bytes");
        }
        if (nonce == null || nonce.length != NONCE_BYTES) {
            throw new SecAggException("GCM nonce must be " + NONCE_BYTES + " bytes");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return cipher;
    }

    static byte[] aad(String roundId, int from, int to) {
        byte[] round = roundId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(AAD_LABEL);
        out.writeBytes(ByteBuffer.allocate(4).putInt(round.length).array());
        out.writeBytes(round);
        out.writeBytes(ByteBuffer.allocate(8).putInt(from).putInt(to).array());
        return out.toByteArray();
    }
}
