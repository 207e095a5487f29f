package io.custos.federated.secagg;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import io.custos.federated.secagg.SecAggMessages.AdvertisedKeys;
import io.custos.federated.secagg.SecAggMessages.EncryptedShare;
import io.custos.federated.secagg.SecAggMessages.MaskedInput;
import io.custos.federated.secagg.SecAggMessages.UnmaskingRequest;
import io.custos.federated.secagg.SecAggMessages.UnmaskingResponse;
import io.custos.federated.secagg.ShareCipher.SharePair;

/**
 * One client's side of a secure-aggregation round (see the package documentation for the
 * protocol). A client object serves exactly one round and its methods must be called in
 * order: {@link #advertiseKeys()}, {@link #shareKeys}, {@link #maskInput}, {@link #unmask}.
 * Any protocol violation throws {@link SecAggException} and the client refuses to continue.
 *
 * <p>The client enforces the rules its privacy depends on: it only answers one unmasking
 * request, it never reveals both its share of a client's self-mask seed and its share of that
 * client's masking key, and it refuses to continue when fewer than {@code t} clients remain.
 */
public final class SecAggClient {

    private enum Phase { NEW, KEYS_ADVERTISED, SHARES_SENT, INPUT_SENT, UNMASKED, FAILED }

    private final int id;
    private final SecAggParameters params;
    private final SecureRandom random;

    private Phase phase = Phase.NEW;
    private PairwiseKeys.KeyPair encryptionKeys;
    private PairwiseKeys.KeyPair maskingKeys;
    private byte[] selfMaskSeed;
    private final Map<Integer, AdvertisedKeys> roster = new TreeMap<>();
    /** Shares this client holds, by owner id: received from peers plus its own. */
    private final Map<Integer, SharePair> heldShares = new TreeMap<>();
    private final Set<Integer> maskedWith = new TreeSet<>();

    /**
     * @param id     this client's id in the round: positive (it is the client's Shamir
     *               x-coordinate) and unique among participants
     * @param params the round's public parameters
     * @param random randomness for keys, the self-mask seed, share polynomials and nonces
     */
    public SecAggClient(int id, SecAggParameters params, SecureRandom random) {
        if (id <= 0) {
            throw new IllegalArgumentException("client id must be positive, got " + id);
        }
        this.id = id;
        this.params = Objects.requireNonNull(params, "params");
        this.random = Objects.requireNonNull(random, "random");
    }

    public int id() {
        return id;
    }

    /** Phase 0: generates this round's encryption and masking key pairs and publishes them. */
    public AdvertisedKeys advertiseKeys() {
        expect(Phase.NEW, "advertise keys");
        encryptionKeys = PairwiseKeys.generate(random);
        maskingKeys = PairwiseKeys.generate(random);
        phase = Phase.KEYS_ADVERTISED;
        return new AdvertisedKeys(params.roundId(), id, encryptionKeys.publicKey(), maskingKeys.publicKey());
    }

    /**
     * Phase 1: given the server's broadcast of every advertised key set (U1, including this
     * client's), draws the self-mask seed {@code b_u}, splits {@code b_u} and the masking
     * private key {@code s_u} into t-of-|U1| shares at x = each client's id, and encrypts each
     * peer's pair of shares to it.
     *
     * @return one encrypted share per other member of U1, for the server to forward
     */
    public List<EncryptedShare> shareKeys(Collection<AdvertisedKeys> advertised) {
        expect(Phase.KEYS_ADVERTISED, "share keys");
        try {
            Set<String> seenKeys = new HashSet<>();
            for (AdvertisedKeys keys : advertised) {
                params.requireRound(keys.roundId(), "advertised keys of client " + keys.clientId());
                if (keys.clientId() <= 0 || roster.put(keys.clientId(), keys) != null) {
                    throw new SecAggException("key list has an invalid or duplicate client id " + keys.clientId());
                }
                if (!seenKeys.add(HexFormat.of().formatHex(keys.encryptionPublicKey()))
                        || !seenKeys.add(HexFormat.of().formatHex(keys.maskingPublicKey()))) {
                    throw new SecAggException("key list repeats a public key (client " + keys.clientId() + ")");
                }
            }
            AdvertisedKeys mine = roster.get(id);
            if (mine == null || !Arrays.equals(mine.encryptionPublicKey(), encryptionKeys.publicKey())
                    || !Arrays.equals(mine.maskingPublicKey(), maskingKeys.publicKey())) {
                throw new SecAggException("key list does not contain this client's own keys unchanged");
            }
            requireAtLeastThreshold(roster.size(), "clients advertised keys");

            selfMaskSeed = new byte[MaskPrg.SEED_LENGTH];
            random.nextBytes(selfMaskSeed);
            int[] xs = roster.keySet().stream().mapToInt(Integer::intValue).toArray();
            List<Shamir.Share> seedShares = Shamir.splitBytes(selfMaskSeed, xs, params.threshold(), random);
            List<Shamir.Share> keyShares =
                    Shamir.splitBytes(maskingKeys.privateKeyBytes(), xs, params.threshold(), random);

            List<EncryptedShare> outgoing = new ArrayList<>(xs.length - 1);
            for (int i = 0; i < xs.length; i++) {
                int peer = xs[i];
                SharePair pair = new SharePair(id, peer, seedShares.get(i).y(), keyShares.get(i).y());
                if (peer == id) {
                    heldShares.put(id, pair);
                    continue;
                }
                byte[] key = encryptionKeyWith(peer);
                outgoing.add(ShareCipher.encrypt(key, params.roundId(), pair, random));
                Arrays.fill(key, (byte) 0);
            }
            phase = Phase.SHARES_SENT;
            return outgoing;
        } catch (RuntimeException e) {
            phase = Phase.FAILED;
            throw e;
        }
    }

    /**
     * Phase 2: receives the shares addressed to this client from every other client that
     * completed phase 1 (their senders, plus this client, form U2), decrypts and keeps them,
     * and returns {@code x_u + PRG(b_u) + sum_{v in U2, v != u} sign(u, v) PRG(s_uv)} over
     * Z/2^64, where {@code sign(u, v) = +1} if {@code u < v} and {@code -1} otherwise.
     *
     * @param inbox         the encrypted shares forwarded by the server
     * @param encodedUpdate this client's update, encoded with {@link FixedPoint#encode}
     */
    public MaskedInput maskInput(Collection<EncryptedShare> inbox, long[] encodedUpdate) {
        expect(Phase.SHARES_SENT, "mask input");
        try {
            if (encodedUpdate.length != params.vectorLength()) {
                throw new IllegalArgumentException("update has length " + encodedUpdate.length
                        + ", the round expects " + params.vectorLength());
            }
            for (EncryptedShare message : inbox) {
                params.requireRound(message.roundId(), "share from client " + message.from());
                int from = message.from();
                if (from == id || !roster.containsKey(from) || heldShares.containsKey(from)) {
                    throw new SecAggException("unexpected or duplicate share from client " + from);
                }
                byte[] key = encryptionKeyWith(from);
                heldShares.put(from, ShareCipher.decrypt(key, params.roundId(), id, message));
                Arrays.fill(key, (byte) 0);
            }
            requireAtLeastThreshold(heldShares.size(), "clients shared keys");

            long[] masked = encodedUpdate.clone();
            MaskPrg.applyMask(masked, selfMaskSeed, +1);
            for (int peer : heldShares.keySet()) {
                if (peer == id) {
                    continue;
                }
                byte[] seed = PairwiseKeys.deriveShared(maskingKeys.privateKey(),
                        roster.get(peer).maskingPublicKey(), PairwiseKeys.Purpose.MASK_SEED,
                        params.roundId(), id, peer);
                MaskPrg.applyMask(masked, seed, pairwiseSign(id, peer));
                Arrays.fill(seed, (byte) 0);
                maskedWith.add(peer);
            }
            maskedWith.add(id);
            phase = Phase.INPUT_SENT;
            return new MaskedInput(params.roundId(), id, masked);
        } catch (RuntimeException e) {
            phase = Phase.FAILED;
            throw e;
        }
    }

    /**
     * Phase 3: answers the server's single unmasking request. The request must partition U2
     * into survivors (which must include this client and number at least {@code t}) and
     * dropped clients. Reveals the self-mask-seed share of each survivor and the masking-key
     * share of each dropped client, never both for one client; a second request is refused.
     */
    public UnmaskingResponse unmask(UnmaskingRequest request) {
        if (phase == Phase.UNMASKED) {
            throw new SecAggException("client " + id + " already answered an unmasking request in round '"
                    + params.roundId() + "'; answering another could reveal both shares of a client");
        }
        expect(Phase.INPUT_SENT, "unmask");
        try {
            params.requireRound(request.roundId(), "unmasking request");
            Set<Integer> overlap = new TreeSet<>(request.survivors());
            overlap.retainAll(request.dropped());
            if (!overlap.isEmpty()) {
                throw new SecAggException("unmasking request lists clients " + overlap
                        + " as both survivors and dropped; refusing to reveal both of their shares");
            }
            Set<Integer> union = new TreeSet<>(request.survivors());
            union.addAll(request.dropped());
            if (!union.equals(maskedWith)) {
                throw new SecAggException("unmasking request covers clients " + union
                        + " but this client masked with " + maskedWith);
            }
            if (!request.survivors().contains(id)) {
                throw new SecAggException("unmasking request does not list this client (" + id + ") as a survivor");
            }
            requireAtLeastThreshold(request.survivors().size(), "clients survived");

            SortedMap<Integer, BigInteger> seedShares = new TreeMap<>();
            SortedMap<Integer, BigInteger> keyShares = new TreeMap<>();
            for (int survivor : request.survivors()) {
                seedShares.put(survivor, heldShares.get(survivor).selfMaskSeedShare());
            }
            for (int dropped : request.dropped()) {
                keyShares.put(dropped, heldShares.get(dropped).maskingKeyShare());
            }
            phase = Phase.UNMASKED;
            forgetSecrets();
            return new UnmaskingResponse(params.roundId(), id, seedShares, keyShares);
        } catch (RuntimeException e) {
            phase = Phase.FAILED;
            throw e;
        }
    }

    /** +1 if the client with the smaller id adds the pairwise mask, -1 for the other one. */
    static int pairwiseSign(int self, int peer) {
        return self < peer ? 1 : -1;
    }

    private byte[] encryptionKeyWith(int peer) {
        return PairwiseKeys.deriveShared(encryptionKeys.privateKey(), roster.get(peer).encryptionPublicKey(),
                PairwiseKeys.Purpose.SHARE_ENCRYPTION, params.roundId(), id, peer);
    }

    private void requireAtLeastThreshold(int count, String what) {
        if (count < params.threshold()) {
            throw new SecAggException("only " + count + " " + what + ", fewer than the threshold t="
                    + params.threshold() + "; aborting round '" + params.roundId() + "'");
        }
    }

    private void expect(Phase expected, String action) {
        if (phase != expected) {
            throw new SecAggException("client " + id + " cannot " + action + " in phase " + phase);
        }
    }

    private void forgetSecrets() {
        if (selfMaskSeed != null) {
            Arrays.fill(selfMaskSeed, (byte) 0);
        }
        heldShares.clear();
    }
}
