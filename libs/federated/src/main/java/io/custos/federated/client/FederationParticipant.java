package io.custos.federated.client;

import io.custos.crypto.Ed25519PrivateKey;
import io.custos.federated.protocol.UpdateSubmission;
import io.custos.ml.accountant.EpsilonResult;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.Table;
import io.custos.ml.noise.RandomSource;
import io.custos.ml.noise.SecureRandomSource;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a site runs for the life of a federation: poll the federation and its current round; for
 * each round open to it (WAITING, not yet answered, and listing this client if the round lists
 * participants) download the global model, train on the local rows, sign and submit the update;
 * report each round it took part in when it closes; stop when the federation completes or fails.
 * In a federation with {@code secureAggregation} the site instead runs the four phases of secure
 * aggregation for each round (see {@link SecAggSession}), sending only its masked update.
 * Raw rows never leave the site, only updates.
 */
public final class FederationParticipant {

    /** Progress, for a person watching (one call per event); every method is optional. */
    public interface Listener {
        /** Joined: the federation, the client this site is, and how many local rows it has. */
        default void joined(FederationInfo federation, ClientInfo me, int localRows) {
        }

        /** The federation is not started yet (said once). */
        default void waitingToStart(FederationInfo federation) {
        }

        /** The round lists its participants and this client is not among them: not trained. */
        default void notSampled(FederationInfo federation, RoundInfo round) {
        }

        /** An update was trained and sent, and what became of it. */
        default void updateSent(FederationInfo federation, RoundInfo round, LocalUpdate update,
                SubmissionResult result) {
        }

        /** A round this site contributed to closed (COMPLETED or FAILED). */
        default void roundClosed(FederationInfo federation, RoundInfo round) {
        }

        /** Something the operator should know that does not stop the run. */
        default void warning(String message) {
        }
    }

    /**
     * @param pollInterval how long to wait between polls
     * @param localDp      example-level DP on the local rows, or null for none
     * @param localDelta   the delta the local epsilon is reported at (used with local DP only)
     */
    public record Settings(String federationId, Duration pollInterval, LocalTrainingOptions.LocalDp localDp,
            double localDelta) {
        public Settings {
            if (federationId == null || federationId.isBlank()) {
                throw new IllegalArgumentException("a federation id is required");
            }
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("the poll interval must be positive");
            }
        }
    }

    /**
     * How the federation ended for this site.
     *
     * @param completed          true when the federation COMPLETED, false when it FAILED
     * @param lastRound          the federation's last round (its result is the final model), or null
     * @param roundsContributed  rounds whose update the server accepted
     * @param localEpsilon       the site's example-level epsilon over all its rounds, or null without local DP
     * @param failureReason      why it failed, or null
     */
    public record Outcome(boolean completed, FederationInfo federation, RoundInfo lastRound, int roundsContributed,
            EpsilonResult localEpsilon, String failureReason) {
    }

    private final FederatedClient api;
    private final Settings settings;
    private final Ed25519PrivateKey key;
    private final Table data;
    private final Listener listener;
    private final RandomSource random;
    private final Sleeper sleeper;
    private final LocalPrivacyAccount account;

    private final Set<String> answeredRounds = new HashSet<>();
    private final Map<String, SecAggSession> sessions = new LinkedHashMap<>();
    private final Map<String, LocalUpdate> pendingUpdates = new LinkedHashMap<>();
    private final SecureRandom secureRandom = new SecureRandom();
    private final Map<String, RoundInfo> awaitingResult = new LinkedHashMap<>();
    private LocalDataset dataset;
    private LocalTrainer trainer;
    private int contributed;

    /** With secure randomness and real waiting. */
    public FederationParticipant(FederatedClient api, Settings settings, Ed25519PrivateKey key, Table data,
            Listener listener) {
        this(api, settings, key, data, listener, new SecureRandomSource(), Sleeper.SYSTEM);
    }

    FederationParticipant(FederatedClient api, Settings settings, Ed25519PrivateKey key, Table data,
            Listener listener, RandomSource random, Sleeper sleeper) {
        this.api = Objects.requireNonNull(api);
        this.settings = Objects.requireNonNull(settings);
        this.key = Objects.requireNonNull(key);
        this.data = Objects.requireNonNull(data);
        this.listener = listener == null ? new Listener() { } : listener;
        this.random = random;
        this.sleeper = sleeper;
        this.account = settings.localDp() == null ? null : new LocalPrivacyAccount(settings.localDelta());
    }

    /** The local DP account (null without local DP). */
    public LocalPrivacyAccount account() {
        return account;
    }

    /**
     * Runs until the federation completes or fails.
     *
     * @throws FederationException       if the server refuses something or stays unreachable
     * @throws io.custos.ml.data.DataException if the local data lacks what the federation needs
     * @throws io.custos.ml.artifact.InvalidArtifactException if a round model is not a valid model
     */
    public Outcome run() throws InterruptedException {
        String federationId = settings.federationId();
        ClientInfo me = api.me(federationId);
        FederationInfo federation = api.federation(federationId);
        requireColumns(federation); // fail now, not when the first round opens
        listener.joined(federation, me, data.size());
        boolean saidWaiting = false;
        while (true) {
            federation = api.federation(federationId);
            reportClosedRounds(federation);
            switch (federation.status()) {
                case FederationInfo.COMPLETED, FederationInfo.FAILED -> {
                    return outcome(federation);
                }
                case FederationInfo.CREATED -> {
                    if (!saidWaiting) {
                        listener.waitingToStart(federation);
                        saidWaiting = true;
                    }
                }
                default -> {
                    Optional<RoundInfo> current = api.currentRound(federationId);
                    if (current.isPresent()) {
                        takePart(federation, me, current.get());
                    }
                }
            }
            sleeper.sleep(settings.pollInterval());
        }
    }

    private void takePart(FederationInfo federation, ClientInfo me, RoundInfo round) throws InterruptedException {
        if (federation.secureAggregation()) {
            takePartSecurely(federation, me, round);
            return;
        }
        if (!RoundInfo.WAITING.equals(round.status()) || !answeredRounds.add(round.id())) {
            return;
        }
        if (!round.mayTakePart(me.id())) {
            listener.notSampled(federation, round);
            return;
        }
        ModelArtifact global = ModelArtifact.parse(api.roundModel(round.id(), round.modelSha256()));
        LocalUpdate update = trainer(federation).train(global, datasetFor(global), account);
        UpdateSubmission submission = UpdateSubmission.sign(settings.federationId(), round.number(), me.id(),
                update.samples(), update.delta(), key);
        SubmissionResult result = api.submit(round.id(), submission);
        if (result == SubmissionResult.ACCEPTED || result == SubmissionResult.ALREADY_ACCEPTED) {
            contributed++;
            awaitingResult.put(round.id(), round);
        }
        listener.updateSent(federation, round, update, result);
    }

    /**
     * A secure round: train once, then on every poll do what the round's secure-aggregation phase
     * asks (keys, shares, masked input, unmasking), keeping the round's {@code SecAggClient} in memory.
     * The server only ever receives the update masked; the masked input's acceptance is reported as
     * the update sent, and the round is awaited once this site has unmasked.
     */
    private void takePartSecurely(FederationInfo federation, ClientInfo me, RoundInfo round)
            throws InterruptedException {
        sessions.keySet().removeIf(id -> !id.equals(round.id())); // one round at a time
        if (!RoundInfo.WAITING.equals(round.status())) {
            sessions.remove(round.id());
            return;
        }
        SecAggSession session = sessions.get(round.id());
        if (session == null) {
            if (!answeredRounds.add(round.id())) {
                return;
            }
            if (!round.mayTakePart(me.id())) {
                listener.notSampled(federation, round);
                return;
            }
            SecAggRoundInfo info = api.secaggRound(round.id());
            if (info.secaggId() == null) {
                listener.notSampled(federation, round);
                return;
            }
            if (!"ADVERTISE_KEYS".equals(info.phase())) {
                listener.warning("round " + round.number() + " is already in secure-aggregation phase " + info.phase()
                        + "; this site joins the next round");
                return;
            }
            ModelArtifact global = ModelArtifact.parse(api.roundModel(round.id(), round.modelSha256()));
            LocalUpdate update = trainer(federation).train(global, datasetFor(global), account);
            session = SecAggSession.start(api, key, settings.federationId(), me.id(), round, info, update.delta(),
                    secureRandom);
            pendingUpdates.put(round.id(), update);
            if (session.over()) {
                listener.warning("round " + round.number() + ": " + session.dropReason());
                return;
            }
            sessions.put(round.id(), session);
            return;
        }
        boolean sent = session.step(api.secaggRound(round.id()));
        if (sent) {
            listener.updateSent(federation, round, pendingUpdates.get(round.id()), SubmissionResult.ACCEPTED);
        }
        if (session.step() == SecAggSession.Step.UNMASKED) {
            contributed++;
            awaitingResult.put(round.id(), round);
        }
        if (session.over()) {
            sessions.remove(round.id());
            pendingUpdates.remove(round.id());
            if (session.step() == SecAggSession.Step.DROPPED) {
                listener.warning("round " + round.number() + ": dropped out of secure aggregation: "
                        + session.dropReason());
            }
        }
    }

    private void reportClosedRounds(FederationInfo federation) throws InterruptedException {
        for (String roundId : new ArrayList<>(awaitingResult.keySet())) {
            RoundInfo r = api.round(roundId);
            if (RoundInfo.COMPLETED.equals(r.status()) || RoundInfo.FAILED.equals(r.status())) {
                awaitingResult.remove(roundId);
                listener.roundClosed(federation, r);
            }
        }
    }

    private Outcome outcome(FederationInfo federation) throws InterruptedException {
        RoundInfo last = api.currentRound(settings.federationId()).orElse(null);
        boolean completed = FederationInfo.COMPLETED.equals(federation.status());
        String reason = null;
        if (!completed) {
            reason = federation.failureReason() != null ? federation.failureReason()
                    : last != null && last.failureReason() != null ? last.failureReason() : "the server gave no reason";
        }
        return new Outcome(completed, federation, last, contributed, account == null ? null : account.epsilon(),
                reason);
    }

    private LocalTrainer trainer(FederationInfo federation) {
        if (trainer == null) { // the federation's training settings do not change while it runs
            trainer = new LocalTrainer(federation.trainingOptions(settings.localDp()), random);
        }
        return trainer;
    }

    /** Encoded once, again only if a round model came with other features. */
    private LocalDataset datasetFor(ModelArtifact global) {
        if (dataset == null || !dataset.fits(global)) {
            dataset = LocalDataset.encode(data, global);
            if (dataset.positives() == 0) {
                listener.warning("no local row has target '" + global.target() + "' = "
                        + (global.positiveClass() == null ? "1" : "'" + global.positiveClass() + "'")
                        + "; check the data (or the spelling of the positive class)");
            }
            if (account != null && settings.localDelta() >= 1.0 / dataset.size()) {
                listener.warning("local delta " + settings.localDelta() + " is not below 1/" + dataset.size()
                        + " (one over the local rows): the local epsilon then means little");
            }
        }
        return dataset;
    }

    private void requireColumns(FederationInfo federation) {
        List<String> needed = new ArrayList<>(federation.featureNames());
        if (federation.target() != null) {
            needed.add(federation.target());
        }
        LocalDataset.requireColumns(data.header(), needed);
    }
}
