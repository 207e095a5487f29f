package io.custos.federation.service;

import io.custos.crypto.Ed25519PublicKey;
import io.custos.crypto.Sha256;
import io.custos.federated.secagg.FixedPoint;
import io.custos.federated.secagg.SecAggException;
import io.custos.federated.secagg.SecAggMessages.AdvertisedKeys;
import io.custos.federated.secagg.SecAggMessages.EncryptedShare;
import io.custos.federated.secagg.SecAggMessages.UnmaskingResponse;
import io.custos.federated.secagg.SecAggParameters;
import io.custos.federated.secagg.SecAggServer;
import io.custos.federated.secagg.SecAggSubmission;
import io.custos.federation.domain.Federation;
import io.custos.federation.domain.FederationClient;
import io.custos.federation.domain.FederationRound;
import io.custos.federation.domain.SecAggMessage;
import io.custos.federation.domain.SecAggShare;
import io.custos.federation.service.UpdateRefusedException.Reason;
import io.custos.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Secure aggregation over REST (libs/federated {@code io.custos.federated.secagg}, Bonawitz et al. 2017).
 * A secure round runs four phases, each with its own deadline (a quarter of the round timeout from
 * the moment the phase starts), and a phase closes early once every client expected in it has posted:
 * <ol start="0">
 *   <li>{@code ADVERTISE_KEYS}: every invited client posts its two X25519 public keys (expected: all
 *       invited clients);</li>
 *   <li>{@code SHARE_KEYS}: every client of U1 reads the key list and posts one encrypted share per
 *       other member of U1 (expected: |U1|);</li>
 *   <li>{@code MASKED_INPUT}: every client of U2 reads its inbox and posts its masked update
 *       (expected: |U2|);</li>
 *   <li>{@code UNMASKING}: every client of U3 reads the unmasking request and reveals its shares
 *       (expected: |U3|); then the round is aggregated from the unmasked sum.</li>
 * </ol>
 * Every accepted message is stored as signed; closing a phase rebuilds the library's deterministic
 * {@link SecAggServer} from the stored messages, so a restart loses nothing. A client's
 * secure-aggregation id is its 1-based index in the round's participants.
 */
@ApplicationScoped
public class SecureAggregation {

    private static final Logger LOG = Logger.getLogger(SecureAggregation.class);

    /** Per-coordinate bound of the fixed-point encoding when neither clientDp nor serverClipNorm bounds updates. */
    public static final double DEFAULT_COORDINATE_BOUND = 1000;

    /** Phases in order; DONE after aggregation, ABORTED when fewer than t clients remained. */
    static final List<String> ORDER = List.of("ADVERTISE_KEYS", "SHARE_KEYS", "MASKED_INPUT", "UNMASKING", "DONE");

    @Inject
    FederationService federations;

    @Inject
    RoundService rounds;

    /** The unmasked sum of a round (over Z/2^64) and who is in it. */
    public record Unmasked(long[] sum, SortedSet<Integer> survivors, SortedSet<Integer> dropped,
            List<String> survivorClientIds) {
    }

    /** What was accepted, and whether every client expected in the phase has now posted. */
    public record Accepted(SecAggMessage message, FederationRound round) {
    }

    // ---- set-up ---------------------------------------------------------------------------------

    /** Sets the secure-aggregation parameters of a round that is being opened. */
    void setUp(Federation f, FederationRound r, TrainingPlan plan) {
        int n = r.expectedClients;
        r.secaggThreshold = Math.max(2, Math.max(f.minClients, n / 2 + 1));
        // With clientDp the round's clip norm is the federation's current one (adaptive clipping moves it).
        Double l2 = plan.clientDp().isPresent() ? f.dpClipNorm : f.serverClipNorm;
        double bound = l2 != null ? l2 : DEFAULT_COORDINATE_BOUND;
        if (clippingBit(plan)) {
            bound = Math.max(bound, 1); // the extra coordinate is the clipping bit, in {0, 1}
        }
        FixedPoint encoding = FixedPoint.finestFor(bound, f.maxClients);
        r.secaggClipBound = encoding.clipBound();
        r.secaggScale = encoding.scale();
        r.secaggMaxClients = encoding.maxClients();
        r.secaggL2Clip = l2;
        r.secaggPhase = SecAggServer.Phase.ADVERTISE_KEYS.name();
        r.secaggPhaseDeadline = r.openedAt.plus(phaseDuration(f));
    }

    /**
     * Whether a secure round's masked vector ends with the clients' clipping bits: clientDp with
     * adaptive clipping (Andrew et al. 2021), whose next clip norm needs the count of clients whose
     * update fit under C. The server only learns that count, summed with the updates.
     */
    static boolean clippingBit(TrainingPlan plan) {
        return plan.clientDp().map(dp -> dp.adaptive() != null).orElse(false);
    }

    /** The length of a secure round's masked vector: the model's dimension, plus one for the clipping bit. */
    public int vectorLength(Federation f) {
        TrainingPlan plan = federations.plan(f);
        return plan.dimension() + (clippingBit(plan) ? 1 : 0);
    }

    /** Whether the federation's secure rounds carry the clipping bit (see {@link #clippingBit(TrainingPlan)}). */
    public boolean clippingBit(Federation f) {
        return clippingBit(federations.plan(f));
    }

    static Duration phaseDuration(Federation f) {
        return Duration.ofMillis(f.roundTimeoutSeconds * 1000L / 4);
    }

    public static FixedPoint encoding(FederationRound r) {
        return new FixedPoint(r.secaggScale, r.secaggClipBound, r.secaggMaxClients);
    }

    /** The message phase clients post in a server phase, or null. */
    static String messagePhase(String serverPhase) {
        return switch (serverPhase) {
            case "ADVERTISE_KEYS" -> SecAggSubmission.KEYS;
            case "SHARE_KEYS" -> SecAggSubmission.SHARES;
            case "MASKED_INPUT" -> SecAggSubmission.MASKED_INPUT;
            case "UNMASKING" -> SecAggSubmission.UNMASKING;
            default -> null;
        };
    }

    /** The server phase in which clients post {@code messagePhase}. */
    static String serverPhase(String messagePhase) {
        return ORDER.get(SecAggSubmission.PHASES.indexOf(messagePhase));
    }

    /** How many messages of the round's current phase close it early. */
    static long expected(FederationRound r, String serverPhase) {
        return switch (serverPhase) {
            case "ADVERTISE_KEYS" -> r.expectedClients;
            case "SHARE_KEYS" -> SecAggMessage.countFor(r.id, SecAggSubmission.KEYS);
            case "MASKED_INPUT" -> SecAggMessage.countFor(r.id, SecAggSubmission.SHARES);
            case "UNMASKING" -> SecAggMessage.countFor(r.id, SecAggSubmission.MASKED_INPUT);
            default -> Long.MAX_VALUE;
        };
    }

    /** A client's secure-aggregation id in the round: its 1-based index among the participants, or 0. */
    public int secaggId(FederationRound r, UUID clientId) {
        return rounds.participants(r).indexOf(clientId.toString()) + 1;
    }

    // ---- intake ---------------------------------------------------------------------------------

    /**
     * Accepts one signed message in one transaction, or refuses it with a reason. The round row is
     * share-locked as for plain updates, so closing a phase (which locks it exclusively) waits for
     * messages in flight, and every later message sees the phase closed.
     */
    @Transactional
    public Accepted accept(FederationRound round, ClientBinding.Bound caller, String phase, SecAggSubmission s) {
        RoundSender sender = RoundSender.identify(round, caller);
        FederationRound r = sender.round();
        Federation f = sender.federation();
        FederationClient client = sender.client();
        if (!r.secure()) {
            throw new UpdateRefusedException(Reason.OUT_OF_PHASE, "round " + r.number + " of federation " + f.name
                    + " does not use secure aggregation; submit a plain update to /rounds/" + r.id + "/updates");
        }
        if (s == null) {
            throw new UpdateRefusedException(Reason.MALFORMED, "a JSON secure-aggregation message is required");
        }
        Ed25519PublicKey key = client.signingKey();
        String problem = s.problem(key);
        if (problem != null) {
            int colon = problem.indexOf(':');
            throw new UpdateRefusedException(Reason.valueOf(problem.substring(0, colon)), problem.substring(colon + 1));
        }
        if (!f.id.toString().equals(s.federationId())) {
            throw new UpdateRefusedException(Reason.WRONG_FEDERATION, "the message is for federation "
                    + s.federationId() + ", not " + f.id);
        }
        if (!client.id.toString().equals(s.clientId())) {
            throw new UpdateRefusedException(Reason.WRONG_CLIENT, "the message says it is from " + s.clientId()
                    + " but was sent by " + client.id);
        }
        if (s.round() != r.number || !r.id.toString().equals(s.roundId())) {
            throw new UpdateRefusedException(Reason.WRONG_ROUND, "the message is for round " + s.round() + " ("
                    + s.roundId() + "), not round " + r.number + " (" + r.id + ")");
        }
        if (!phase.equals(s.phase())) {
            throw new UpdateRefusedException(Reason.MALFORMED, "the message is for phase '" + s.phase()
                    + "' but was posted to '" + phase + "'");
        }
        int me = secaggId(r, client.id);
        if (me == 0) {
            throw new UpdateRefusedException(Reason.NOT_SAMPLED, "client " + client.clientName
                    + " was not invited to round " + r.number);
        }
        if (s.secaggId() != me) {
            throw new UpdateRefusedException(Reason.WRONG_CLIENT, "client " + client.clientName
                    + " has secure-aggregation id " + me + " in round " + r.number + ", not " + s.secaggId());
        }
        if (SecAggMessage.sent(r.id, client.id, phase)) {
            throw new UpdateRefusedException(Reason.DUPLICATE, "client " + client.clientName + " already sent its '"
                    + phase + "' message for round " + r.number);
        }
        if (SecAggMessage.nonceUsed(f.id, s.nonce())) {
            throw new UpdateRefusedException(Reason.REPLAYED_NONCE, "nonce " + s.nonce()
                    + " was used before in this federation: a replayed message");
        }
        checkTiming(r, phase, client);
        byte[] payload = s.payloadBytes();
        List<SecAggShare> shares = validate(f, r, me, phase, payload);

        SecAggMessage m = new SecAggMessage();
        m.id = UUID.randomUUID();
        m.tenant = f.tenant;
        m.federationId = f.id;
        m.roundId = r.id;
        m.clientId = client.id;
        m.secaggId = me;
        m.phase = phase;
        m.payload = payload;
        m.payloadSha256 = Sha256.hex(payload);
        m.nonce = s.nonce();
        m.signature = s.signature();
        m.receivedAt = RoundService.now();
        try {
            m.persistAndFlush();
            for (SecAggShare share : shares) {
                share.persist();
            }
            SecAggMessage.getEntityManager().flush();
        } catch (PersistenceException e) {
            throw new UpdateRefusedException(Reason.DUPLICATE, "client " + client.clientName + " already sent its '"
                    + phase + "' message for round " + r.number);
        }
        return new Accepted(m, r);
    }

    /** The message must belong to the open phase, before its deadline, from a client still in the protocol. */
    private static void checkTiming(FederationRound r, String phase, FederationClient client) {
        String wanted = serverPhase(phase);
        if (!r.waiting() || "ABORTED".equals(r.secaggPhase)) {
            throw new UpdateRefusedException(Reason.LATE, "round " + r.number + " no longer takes secure-aggregation"
                    + " messages (it is " + r.status + ", phase " + r.secaggPhase + ")");
        }
        int current = ORDER.indexOf(r.secaggPhase);
        int target = ORDER.indexOf(wanted);
        if (current > target || !RoundService.now().isBefore(r.secaggPhaseDeadline) && current == target) {
            throw new UpdateRefusedException(Reason.LATE, "phase " + wanted + " of round " + r.number
                    + " is closed (the round is in " + (current == target ? wanted + " past its deadline "
                    + r.secaggPhaseDeadline : r.secaggPhase) + "); client " + client.clientName
                    + " counts as dropped from here on");
        }
        if (current < target) {
            throw new UpdateRefusedException(Reason.OUT_OF_PHASE, "'" + phase + "' messages are taken in phase "
                    + wanted + "; round " + r.number + " is in phase " + r.secaggPhase + " until "
                    + r.secaggPhaseDeadline);
        }
        String previous = target == 0 ? null : SecAggSubmission.PHASES.get(target - 1);
        if (previous != null && !SecAggMessage.sent(r.id, client.id, previous)) {
            throw new UpdateRefusedException(Reason.LATE, "client " + client.clientName + " sent no '" + previous
                    + "' message in its phase; it dropped out of round " + r.number);
        }
    }

    /** Decodes the payload and checks it as the library's server will; returns the shares to relay. */
    private List<SecAggShare> validate(Federation f, FederationRound r, int me, String phase, byte[] payload) {
        String roundId = r.id.toString();
        try {
            switch (phase) {
                case SecAggSubmission.KEYS -> {
                    AdvertisedKeys keys = SecAggSubmission.decodeKeys(roundId, me, payload);
                    if (java.util.Arrays.equals(keys.encryptionPublicKey(), keys.maskingPublicKey())) {
                        throw new SecAggException("the encryption and masking keys must differ");
                    }
                    Set<String> mine = Set.of(HexFormat.of().formatHex(keys.encryptionPublicKey()),
                            HexFormat.of().formatHex(keys.maskingPublicKey()));
                    for (SecAggMessage other : SecAggMessage.listFor(r.id, SecAggSubmission.KEYS)) {
                        AdvertisedKeys o = SecAggSubmission.decodeKeys(roundId, other.secaggId, other.payload);
                        if (mine.contains(HexFormat.of().formatHex(o.encryptionPublicKey()))
                                || mine.contains(HexFormat.of().formatHex(o.maskingPublicKey()))) {
                            throw new SecAggException("a public key repeats one of client " + other.secaggId);
                        }
                    }
                    return List.of();
                }
                case SecAggSubmission.SHARES -> {
                    List<EncryptedShare> shares = SecAggSubmission.decodeShares(roundId, me, payload);
                    Set<Integer> expected = new TreeSet<>(SecAggMessage.senders(r.id, SecAggSubmission.KEYS));
                    expected.remove(me);
                    Set<Integer> recipients = new TreeSet<>();
                    List<SecAggShare> rows = new ArrayList<>();
                    for (EncryptedShare share : shares) {
                        if (!recipients.add(share.to())) {
                            throw new SecAggException("two shares are addressed to client " + share.to());
                        }
                        SecAggShare row = new SecAggShare();
                        row.id = UUID.randomUUID();
                        row.roundId = r.id;
                        row.fromId = me;
                        row.toId = share.to();
                        row.nonce = share.nonce();
                        row.ciphertext = share.ciphertext();
                        rows.add(row);
                    }
                    if (!recipients.equals(expected)) {
                        throw new SecAggException("client " + me + " must send one share to each of " + expected
                                + ", sent to " + recipients);
                    }
                    return rows;
                }
                case SecAggSubmission.MASKED_INPUT -> {
                    int length = vectorLength(f);
                    long[] v = SecAggSubmission.decodeMaskedVector(payload);
                    if (v.length != length) {
                        throw new UpdateRefusedException(Reason.WRONG_SHAPE, "the masked input has " + v.length
                                + " coordinates; the round's vector has " + length + " (the model's "
                                + federations.plan(f).dimension() + " parameters"
                                + (clippingBit(f) ? " and the clipping bit)" : ")"));
                    }
                    return List.of();
                }
                default -> {
                    UnmaskingResponse response = SecAggSubmission.decodeUnmasking(roundId, me, payload);
                    SortedSet<Integer> survivors = new TreeSet<>(SecAggMessage.senders(r.id,
                            SecAggSubmission.MASKED_INPUT));
                    SortedSet<Integer> dropped = new TreeSet<>(SecAggMessage.senders(r.id, SecAggSubmission.SHARES));
                    dropped.removeAll(survivors);
                    if (!response.selfMaskSeedShares().keySet().equals(survivors)
                            || !response.maskingKeyShares().keySet().equals(dropped)) {
                        throw new SecAggException("the unmasking response must hold self-mask shares for exactly "
                                + survivors + " and masking-key shares for exactly " + dropped);
                    }
                    return List.of();
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UpdateRefusedException(Reason.MALFORMED, "the '" + phase + "' payload is malformed: "
                    + e.getMessage());
        } catch (SecAggException e) {
            throw new UpdateRefusedException(Reason.PROTOCOL_VIOLATION, e.getMessage());
        }
    }

    // ---- phases ---------------------------------------------------------------------------------

    /**
     * Closes the round's current phase when it is due (deadline passed, or every expected client
     * posted), with the round row locked for update. Returns true when the round is now AGGREGATING:
     * the unmasking phase closed, or the protocol aborted (fewer than t clients left; the reason is
     * the round's failure reason, and aggregation fails the round with it).
     */
    boolean advance(FederationRound r, OffsetDateTime now) {
        if (!r.waiting()) {
            return false;
        }
        String phase = r.secaggPhase;
        boolean due = !now.isBefore(r.secaggPhaseDeadline)
                || SecAggMessage.countFor(r.id, messagePhase(phase)) >= expected(r, phase);
        if (!due) {
            return false;
        }
        if ("UNMASKING".equals(phase)) {
            r.status = FederationRound.Status.AGGREGATING.name();
            r.closedAt = now;
            return true;
        }
        Federation f = Federation.findById(r.federationId);
        SecAggServer server = rebuild(f, r, SecAggServer.Phase.valueOf(phase));
        try {
            switch (phase) {
                case "ADVERTISE_KEYS" -> server.closeKeyAdvertisement();
                case "SHARE_KEYS" -> server.closeShareCollection();
                case "MASKED_INPUT" -> server.closeMaskedInputCollection();
                default -> throw new IllegalStateException("unexpected secure-aggregation phase " + phase);
            }
        } catch (SecAggException e) {
            r.secaggPhase = SecAggServer.Phase.ABORTED.name();
            r.failureReason = "secure aggregation aborted in phase " + phase + ": " + e.getMessage();
            r.status = FederationRound.Status.AGGREGATING.name();
            r.closedAt = now;
            return true;
        }
        r.secaggPhase = server.phase().name();
        r.secaggPhaseDeadline = now.plus(phaseDuration(f));
        LOG.debugf("round %s: secure aggregation moved to %s", r.id, r.secaggPhase);
        return false;
    }

    /**
     * Removes the masks: rebuilds the server from every stored message and finishes the protocol.
     *
     * @throws SecAggException if fewer than t survivors answered, or shares are inconsistent
     */
    Unmasked unmask(Federation f, FederationRound r) {
        SecAggServer server = rebuild(f, r, SecAggServer.Phase.UNMASKING);
        SortedSet<Integer> survivors = server.survivors();
        SortedSet<Integer> dropped = server.dropped();
        long[] sum = server.finish();
        List<String> participants = rounds.participants(r);
        List<String> ids = survivors.stream().map(i -> participants.get(i - 1)).toList();
        return new Unmasked(sum, survivors, dropped, ids);
    }

    /**
     * The library's server, fed every stored message up to and including phase {@code upTo}, closing
     * each earlier phase: the same messages give the same state. A stored message the library refuses
     * (never, as intake checks the same rules) is logged and left out, identically on every rebuild.
     */
    SecAggServer rebuild(Federation f, FederationRound r, SecAggServer.Phase upTo) {
        String roundId = r.id.toString();
        SecAggServer server = new SecAggServer(new SecAggParameters(roundId, r.secaggThreshold,
                vectorLength(f)));
        for (SecAggMessage m : SecAggMessage.listFor(r.id, SecAggSubmission.KEYS)) {
            replay(m, () -> server.receiveKeys(SecAggSubmission.decodeKeys(roundId, m.secaggId, m.payload)));
        }
        if (upTo == SecAggServer.Phase.ADVERTISE_KEYS) {
            return server;
        }
        server.closeKeyAdvertisement();
        for (SecAggMessage m : SecAggMessage.listFor(r.id, SecAggSubmission.SHARES)) {
            replay(m, () -> server.receiveShares(m.secaggId,
                    SecAggSubmission.decodeShares(roundId, m.secaggId, m.payload)));
        }
        if (upTo == SecAggServer.Phase.SHARE_KEYS) {
            return server;
        }
        server.closeShareCollection();
        for (SecAggMessage m : SecAggMessage.listFor(r.id, SecAggSubmission.MASKED_INPUT)) {
            replay(m, () -> server.receiveMaskedInput(SecAggSubmission.decodeMaskedInput(roundId, m.secaggId,
                    m.payload)));
        }
        if (upTo == SecAggServer.Phase.MASKED_INPUT) {
            return server;
        }
        server.closeMaskedInputCollection();
        for (SecAggMessage m : SecAggMessage.listFor(r.id, SecAggSubmission.UNMASKING)) {
            replay(m, () -> server.receiveUnmaskingResponse(SecAggSubmission.decodeUnmasking(roundId, m.secaggId,
                    m.payload)));
        }
        return server;
    }

    private static void replay(SecAggMessage m, Runnable receive) {
        try {
            receive.run();
        } catch (SecAggException | IllegalArgumentException e) {
            LOG.warnf("round %s: stored '%s' message of client %d left out: %s", m.roundId, m.phase, m.secaggId,
                    e.getMessage());
        }
        SecAggMessage.getEntityManager().detach(m);
    }

    // ---- what clients read ----------------------------------------------------------------------

    /** The caller's secure-aggregation id in a secure round, refusing callers not invited. */
    public int requireMember(FederationRound r, ClientBinding.Bound caller) {
        if (!r.secure()) {
            throw ProblemException.conflict("round " + r.number + " does not use secure aggregation");
        }
        int me = caller.federationId().equals(r.federationId) ? secaggId(r, caller.clientId()) : 0;
        if (me == 0) {
            throw ProblemException.forbidden("this client was not invited to round " + r.number);
        }
        return me;
    }

    /** Refuses reading what phase {@code closed} produces before that phase has closed. */
    public void requireClosed(FederationRound r, String closed) {
        if ("ABORTED".equals(r.secaggPhase)) {
            throw ProblemException.conflict("secure aggregation of round " + r.number + " aborted: "
                    + r.failureReason);
        }
        if (ORDER.indexOf(r.secaggPhase) <= ORDER.indexOf(closed)) {
            throw ProblemException.conflict("available once phase " + closed + " of round " + r.number
                    + " closes; the round is in phase " + r.secaggPhase + " until " + r.secaggPhaseDeadline);
        }
    }

    /** U1's keys, by secure-aggregation id: the broadcast of phase 0. */
    public List<AdvertisedKeys> keys(FederationRound r) {
        List<AdvertisedKeys> keys = new ArrayList<>();
        for (SecAggMessage m : SecAggMessage.listFor(r.id, SecAggSubmission.KEYS)) {
            keys.add(SecAggSubmission.decodeKeys(r.id.toString(), m.secaggId, m.payload));
        }
        return keys;
    }

    /** The shares other members of U2 addressed to {@code me}; only members of U2 have an inbox. */
    public List<SecAggShare> inbox(FederationRound r, int me) {
        if (!SecAggMessage.sentBySecaggId(r.id, me, SecAggSubmission.SHARES)) {
            throw ProblemException.forbidden("client " + me + " sent no shares in round " + r.number
                    + "; it has no inbox");
        }
        return SecAggShare.inbox(r.id, me);
    }

    /** U3 and U2 \ U3, for members of U3 only. */
    public List<SortedSet<Integer>> unmaskingRequest(FederationRound r, int me) {
        SortedSet<Integer> survivors = new TreeSet<>(SecAggMessage.senders(r.id, SecAggSubmission.MASKED_INPUT));
        if (!survivors.contains(me)) {
            throw ProblemException.forbidden("client " + me + " sent no masked input in round " + r.number
                    + "; it is not asked to unmask");
        }
        SortedSet<Integer> dropped = new TreeSet<>(SecAggMessage.senders(r.id, SecAggSubmission.SHARES));
        dropped.removeAll(survivors);
        return List.of(survivors, dropped);
    }

    /** Message counts per phase, for the round view. */
    public List<Long> counts(FederationRound r) {
        List<Long> counts = new ArrayList<>();
        for (String phase : SecAggSubmission.PHASES) {
            counts.add(SecAggMessage.countFor(r.id, phase));
        }
        return counts;
    }
}
