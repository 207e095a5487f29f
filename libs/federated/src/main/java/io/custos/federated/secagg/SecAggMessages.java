package io.custos.federated.secagg;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The messages exchanged in one round of secure aggregation. They are plain immutable values
 * (arrays are copied in and out) so a transport can serialise them however it likes.
 */
public final class SecAggMessages {

    private SecAggMessages() {
    }

    /** Phase 0, client to server, then broadcast: a client's two fresh X25519 public keys. */
    public record AdvertisedKeys(String roundId, int clientId, byte[] encryptionPublicKey,
                                 byte[] maskingPublicKey) {
        public AdvertisedKeys {
            Objects.requireNonNull(roundId, "roundId");
            encryptionPublicKey = encryptionPublicKey.clone();
            maskingPublicKey = maskingPublicKey.clone();
        }

        @Override
        public byte[] encryptionPublicKey() {
            return encryptionPublicKey.clone();
        }

        @Override
        public byte[] maskingPublicKey() {
            return maskingPublicKey.clone();
        }
    }

    /**
     * Phase 1, client {@code from} to client {@code to} via the server: {@code from}'s shares
     * of its self-mask seed and of its masking private key, AES-256-GCM encrypted under their
     * pairwise encryption key with the round id and both ids as associated data.
     */
    public record EncryptedShare(String roundId, int from, int to, byte[] nonce, byte[] ciphertext) {
        public EncryptedShare {
            Objects.requireNonNull(roundId, "roundId");
            nonce = nonce.clone();
            ciphertext = ciphertext.clone();
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }
    }

    /** Phase 2, client to server: the client's update plus all its masks, over Z/2^64. */
    public record MaskedInput(String roundId, int clientId, long[] maskedVector) {
        public MaskedInput {
            Objects.requireNonNull(roundId, "roundId");
            maskedVector = maskedVector.clone();
        }

        @Override
        public long[] maskedVector() {
            return maskedVector.clone();
        }
    }

    /**
     * Phase 3, server to each survivor: who sent a masked input ({@code survivors}) and who
     * shared keys but did not ({@code dropped}). The sets are disjoint by construction.
     */
    public record UnmaskingRequest(String roundId, SortedSet<Integer> survivors, SortedSet<Integer> dropped) {
        public UnmaskingRequest {
            Objects.requireNonNull(roundId, "roundId");
            survivors = immutableSorted(survivors);
            dropped = immutableSorted(dropped);
        }
    }

    /**
     * Phase 3, survivor to server: for every survivor its share of that survivor's self-mask
     * seed, and for every dropped client its share of that client's masking private key. The
     * share's x-coordinate is the responder's client id.
     */
    public record UnmaskingResponse(String roundId, int clientId,
                                    SortedMap<Integer, BigInteger> selfMaskSeedShares,
                                    SortedMap<Integer, BigInteger> maskingKeyShares) {
        public UnmaskingResponse {
            Objects.requireNonNull(roundId, "roundId");
            selfMaskSeedShares = immutableSorted(selfMaskSeedShares);
            maskingKeyShares = immutableSorted(maskingKeyShares);
        }
    }

    private static SortedSet<Integer> immutableSorted(Set<Integer> set) {
        return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(set)));
    }

    private static SortedMap<Integer, BigInteger> immutableSorted(Map<Integer, BigInteger> map) {
        return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(map)));
    }
}
