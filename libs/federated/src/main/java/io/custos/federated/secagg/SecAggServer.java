package io.custos.federated.secagg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.custos.federated.secagg.SecAggMessages.AdvertisedKeys;
import io.custos.federated.secagg.SecAggMessages.EncryptedShare;
import io.custos.federated.secagg.SecAggMessages.MaskedInput;
import io.custos.federated.secagg.SecAggMessages.UnmaskingRequest;
import io.custos.federated.secagg.SecAggMessages.UnmaskingResponse;

/**
 * The server's side of a secure-aggregation round (see the package documentation). It
 * relays keys and encrypted shares, sums masked inputs and, in the last phase, reconstructs
 * exactly the secrets needed to remove the masks: the self-mask seeds of the survivors and
 * the masking private keys of the clients that dropped before sending a masked input.
 *
 * <p>Each phase is a {@code receive*} method, called once per arriving message, and a
 * {@code close*} method, called when the phase's deadline passes (deadlines belong to the
 * transport). Whenever fewer than {@code t} clients remain, the close method aborts the
 * round with a {@link SecAggException} stating how many clients remained.
 */
public final class SecAggServer {

    /** Where the round stands; each {@code close*} call moves to the next phase. */
    public enum Phase { ADVERTISE_KEYS, SHARE_KEYS, MASKED_INPUT, UNMASKING, DONE, ABORTED }

    private final SecAggParameters params;
    private Phase phase = Phase.ADVERTISE_KEYS;

    private final Map<Integer, AdvertisedKeys> advertised = new TreeMap<>();            // U1
    private final Map<Integer, List<EncryptedShare>> sharesBySender = new TreeMap<>(); // U2
    private final Map<Integer, long[]> maskedInputs = new TreeMap<>();                 // U3
    private final Map<Integer, UnmaskingResponse> responses = new TreeMap<>();         // U4
    private SortedSet<Integer> survivors = Collections.emptySortedSet();
    private SortedSet<Integer> dropped = Collections.emptySortedSet();

    public SecAggServer(SecAggParameters params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    public Phase phase() {
        return phase;
    }

    public SecAggParameters parameters() {
        return params;
    }

    // ---- phase 0: advertise keys -------------------------------------------------------

    public void receiveKeys(AdvertisedKeys keys) {
        expect(Phase.ADVERTISE_KEYS, "accept keys");
        params.requireRound(keys.roundId(), "advertised keys of client " + keys.clientId());
        if (keys.clientId() <= 0) {
            throw new SecAggException("client id must be positive, got " + keys.clientId());
        }
        if (keys.encryptionPublicKey().length != 32 || keys.maskingPublicKey().length != 32) {
            throw new SecAggException("client " + keys.clientId() + " advertised a malformed X25519 key");
        }
        if (advertised.putIfAbsent(keys.clientId(), keys) != null) {
            throw new SecAggException("client " + keys.clientId() + " already advertised keys this round");
        }
    }

    /** Ends phase 0; returns U1's keys (sorted by id) for broadcast to every member of U1. */
    public List<AdvertisedKeys> closeKeyAdvertisement() {
        expect(Phase.ADVERTISE_KEYS, "close key advertisement");
        requireAtLeastThreshold(advertised.size(), "clients advertised keys");
        phase = Phase.SHARE_KEYS;
        return List.copyOf(advertised.values());
    }

    // ---- phase 1: share keys -----------------------------------------------------------

    /**
     * Accepts a client's encrypted shares. They must address every other member of U1
     * exactly once, so that every client in U2 can be unmasked by any t survivors.
     */
    public void receiveShares(int from, Collection<EncryptedShare> shares) {
        expect(Phase.SHARE_KEYS, "accept shares");
        if (!advertised.containsKey(from)) {
            throw new SecAggException("client " + from + " did not advertise keys this round");
        }
        if (sharesBySender.containsKey(from)) {
            throw new SecAggException("client " + from + " already sent its shares");
        }
        Set<Integer> recipients = new TreeSet<>();
        for (EncryptedShare share : shares) {
            params.requireRound(share.roundId(), "share from client " + from);
            if (share.from() != from || share.to() == from || !advertised.containsKey(share.to())
                    || !recipients.add(share.to())) {
                throw new SecAggException("client " + from + " sent a misaddressed or duplicate share (to "
                        + share.to() + ")");
            }
        }
        Set<Integer> expected = new TreeSet<>(advertised.keySet());
        expected.remove(from);
        if (!recipients.equals(expected)) {
            throw new SecAggException("client " + from + " must send one share to each of " + expected
                    + ", sent to " + recipients);
        }
        sharesBySender.put(from, List.copyOf(shares));
    }

    /**
     * Ends phase 1 (U2 = clients whose shares arrived). Returns, for each member of U2, the
     * shares addressed to it by the other members of U2.
     */
    public Map<Integer, List<EncryptedShare>> closeShareCollection() {
        expect(Phase.SHARE_KEYS, "close share collection");
        requireAtLeastThreshold(sharesBySender.size(), "clients shared keys");
        Map<Integer, List<EncryptedShare>> inboxes = new TreeMap<>();
        for (int recipient : sharesBySender.keySet()) {
            inboxes.put(recipient, new ArrayList<>());
        }
        for (List<EncryptedShare> shares : sharesBySender.values()) {
            for (EncryptedShare share : shares) {
                List<EncryptedShare> inbox = inboxes.get(share.to());
                if (inbox != null) {
                    inbox.add(share);
                }
            }
        }
        inboxes.replaceAll((recipient, inbox) -> List.copyOf(inbox));
        phase = Phase.MASKED_INPUT;
        return Collections.unmodifiableMap(inboxes);
    }

    // ---- phase 2: masked input collection ----------------------------------------------

    /**
     * Accepts a masked input from a member of U2. After {@link #closeMaskedInputCollection()}
     * a masked input is late: it is refused, and its sender stays dropped, exactly as in the
     * paper (its pairwise masks are removed via its reconstructed masking key, while its
     * self-mask seed is never reconstructed, so the late vector stays hidden).
     */
    public void receiveMaskedInput(MaskedInput input) {
        if (phase.compareTo(Phase.MASKED_INPUT) > 0) {
            throw new SecAggException("masked input from client " + input.clientId()
                    + " arrived after the collection closed; it is treated as dropped and its input is discarded");
        }
        expect(Phase.MASKED_INPUT, "accept masked input");
        params.requireRound(input.roundId(), "masked input of client " + input.clientId());
        if (!sharesBySender.containsKey(input.clientId())) {
            throw new SecAggException("client " + input.clientId() + " did not share keys this round");
        }
        long[] vector = input.maskedVector();
        if (vector.length != params.vectorLength()) {
            throw new SecAggException("masked input of client " + input.clientId() + " has length "
                    + vector.length + ", expected " + params.vectorLength());
        }
        if (maskedInputs.putIfAbsent(input.clientId(), vector) != null) {
            throw new SecAggException("client " + input.clientId() + " already sent its masked input");
        }
    }

    /**
     * Ends phase 2 (U3 = clients whose masked input arrived) and returns the unmasking
     * request to send to every member of U3.
     *
     * @throws SecAggException if fewer than {@code t} clients sent a masked input
     */
    public UnmaskingRequest closeMaskedInputCollection() {
        expect(Phase.MASKED_INPUT, "close masked input collection");
        requireAtLeastThreshold(maskedInputs.size(), "clients sent a masked input");
        survivors = Collections.unmodifiableSortedSet(new TreeSet<>(maskedInputs.keySet()));
        TreeSet<Integer> missing = new TreeSet<>(sharesBySender.keySet());
        missing.removeAll(survivors);
        dropped = Collections.unmodifiableSortedSet(missing);
        phase = Phase.UNMASKING;
        return new UnmaskingRequest(params.roundId(), survivors, dropped);
    }

    // ---- phase 3: unmasking ------------------------------------------------------------

    public void receiveUnmaskingResponse(UnmaskingResponse response) {
        expect(Phase.UNMASKING, "accept unmasking responses");
        params.requireRound(response.roundId(), "unmasking response of client " + response.clientId());
        int from = response.clientId();
        if (!survivors.contains(from)) {
            throw new SecAggException("client " + from + " is not a survivor of this round");
        }
        if (!response.selfMaskSeedShares().keySet().equals(survivors)
                || !response.maskingKeyShares().keySet().equals(dropped)) {
            throw new SecAggException("unmasking response of client " + from
                    + " must hold self-mask shares for exactly " + survivors
                    + " and masking-key shares for exactly " + dropped);
        }
        if (responses.putIfAbsent(from, response) != null) {
            throw new SecAggException("client " + from + " already answered the unmasking request");
        }
    }

    /**
     * Ends the round: reconstructs each survivor's self-mask seed and each dropped client's
     * masking key from {@code t} responses, removes all masks and returns
     * {@code sum_{u in survivors} x_u} over Z/2^64 (decode it with {@link FixedPoint#decode}).
     *
     * @throws SecAggException if fewer than {@code t} survivors answered, or a reconstructed
     *                         masking key does not match the key its owner advertised
     */
    public long[] finish() {
        expect(Phase.UNMASKING, "finish");
        requireAtLeastThreshold(responses.size(), "survivors answered the unmasking request");
        List<UnmaskingResponse> quorum = new ArrayList<>(responses.values()).subList(0, params.threshold());

        long[] sum = new long[params.vectorLength()];
        for (long[] masked : maskedInputs.values()) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += masked[i];
            }
        }
        for (int survivor : survivors) {
            List<Shamir.Share> shares = new ArrayList<>(quorum.size());
            for (UnmaskingResponse response : quorum) {
                shares.add(new Shamir.Share(response.clientId(), response.selfMaskSeedShares().get(survivor)));
            }
            byte[] seed = Shamir.combineBytes(shares, MaskPrg.SEED_LENGTH);
            MaskPrg.applyMask(sum, seed, -1);
            Arrays.fill(seed, (byte) 0);
        }
        for (int gone : dropped) {
            List<Shamir.Share> shares = new ArrayList<>(quorum.size());
            for (UnmaskingResponse response : quorum) {
                shares.add(new Shamir.Share(response.clientId(), response.maskingKeyShares().get(gone)));
            }
            byte[] privateKey = Shamir.combineBytes(shares, 32);
            PairwiseKeys.KeyPair maskingKeys = PairwiseKeys.fromPrivateKey(privateKey);
            Arrays.fill(privateKey, (byte) 0);
            if (!Arrays.equals(maskingKeys.publicKey(), advertised.get(gone).maskingPublicKey())) {
                phase = Phase.ABORTED;
                throw new SecAggException("reconstructed masking key of dropped client " + gone
                        + " does not match its advertised public key: inconsistent shares");
            }
            for (int survivor : survivors) {
                byte[] seed = PairwiseKeys.deriveShared(maskingKeys.privateKey(),
                        advertised.get(survivor).maskingPublicKey(), PairwiseKeys.Purpose.MASK_SEED,
                        params.roundId(), gone, survivor);
                // The survivor added sign(survivor, gone) * PRG(seed); take it away.
                MaskPrg.applyMask(sum, seed, -SecAggClient.pairwiseSign(survivor, gone));
                Arrays.fill(seed, (byte) 0);
            }
        }
        phase = Phase.DONE;
        return sum;
    }

    // ---- what the server knows ---------------------------------------------------------

    /** U1: clients that advertised keys. */
    public SortedSet<Integer> keyHolders() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(advertised.keySet()));
    }

    /** U2: clients that sent their encrypted shares. */
    public SortedSet<Integer> shareHolders() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(sharesBySender.keySet()));
    }

    /** U3: clients whose update is in the sum (set when masked-input collection closes). */
    public SortedSet<Integer> survivors() {
        return survivors;
    }

    /** U2 \ U3: clients that shared keys but whose masked input did not arrive in time. */
    public SortedSet<Integer> dropped() {
        return dropped;
    }

    private void requireAtLeastThreshold(int count, String what) {
        if (count < params.threshold()) {
            phase = Phase.ABORTED;
            throw new SecAggException("only " + count + " " + what + ", fewer than the threshold t="
                    + params.threshold() + "; round '" + params.roundId() + "' aborted");
        }
    }

    private void expect(Phase expected, String action) {
        if (phase != expected) {
            throw new SecAggException("server cannot " + action + " in phase " + phase);
        }
    }
}
