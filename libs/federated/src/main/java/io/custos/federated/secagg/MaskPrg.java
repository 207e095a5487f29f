package io.custos.federated.secagg;

import java.util.Objects;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CTRModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The pseudorandom generator that expands a 32-byte seed into a mask vector over Z/2^64.
 *
 * <p>Construction: AES-256 in counter mode (NIST SP 800-38A) keyed with the seed, initial
 * counter block all zeros (a 128-bit big-endian counter), encrypting zeros; the keystream is
 * cut into consecutive 8-byte big-endian words, one per coordinate. Each seed keys exactly
 * one mask (seeds are fresh per round and per pair, see {@link PairwiseKeys}), so the fixed
 * counter start never repeats a (key, counter) pair across masks. AES-CTR is a standard PRG
 * (output indistinguishable from random for up to ~2^64 blocks) and is hardware-accelerated
 * on most servers.
 *
 * <p>Cost: {@code d / 2} AES block encryptions per mask of length {@code d}.
 */
public final class MaskPrg {

    /** Seed length in bytes (an AES-256 key). */
    public static final int SEED_LENGTH = 32;

    private static final byte[] ZERO_COUNTER = new byte[16];

    private MaskPrg() {
    }

    /** Expands {@code seed} into {@code length} pseudorandom 64-bit words. Deterministic. */
    public static long[] expand(byte[] seed, int length) {
        requireSeed(seed);
        if (length < 0) {
            throw new IllegalArgumentException("length must be non-negative");
        }
        byte[] stream = aesCtr(seed, ZERO_COUNTER, new byte[Math.multiplyExact(length, 8)]);
        long[] words = new long[length];
        for (int i = 0, p = 0; i < length; i++, p += 8) {
            words[i] = ((long) (stream[p] & 0xff) << 56)
                    | ((long) (stream[p + 1] & 0xff) << 48)
                    | ((long) (stream[p + 2] & 0xff) << 40)
                    | ((long) (stream[p + 3] & 0xff) << 32)
                    | ((long) (stream[p + 4] & 0xff) << 24)
                    | ((long) (stream[p + 5] & 0xff) << 16)
                    | ((long) (stream[p + 6] & 0xff) << 8)
                    | ((long) (stream[p + 7] & 0xff));
        }
        return words;
    }

    /** {@code target += sign * PRG(seed)} modulo 2^64, in place; {@code sign} is +1 or -1. */
    public static void applyMask(long[] target, byte[] seed, int sign) {
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("sign must be +1 or -1");
        }
        long[] mask = expand(seed, target.length);
        for (int i = 0; i < target.length; i++) {
            target[i] += sign * mask[i];
        }
    }

    /** AES-256-CTR with a given 16-byte initial counter block; exposed for known-answer tests. */
    static byte[] aesCtr(byte[] key, byte[] initialCounter, byte[] input) {
        requireSeed(key);
        Objects.requireNonNull(initialCounter, "initialCounter");
        CTRModeCipher ctr = SICBlockCipher.newInstance(AESEngine.newInstance());
        ctr.init(true, new ParametersWithIV(new KeyParameter(key), initialCounter));
        byte[] output = new byte[input.length];
        ctr.processBytes(input, 0, input.length, output, 0);
        return output;
    }

    private static void requireSeed(byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("seed must be " + SEED_LENGTH + " bytes");
        }
    }
}
