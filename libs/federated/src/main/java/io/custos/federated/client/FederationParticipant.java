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
 *
 * <p>With a state file ({@link Settings#stateFile()}) the site remembers, across restarts, the
 * rounds it answered, its local privacy account and each signed update not yet confirmed (see
 * {@link ParticipantState}); the state is saved after a round is trained and charged, before its
 * update is sent, and again once the server's answer is in. A restarted site does not retrain a
 * round it answered: an unconfirmed update of the still open round is resent byte for byte. A
 * secure-aggregation round cannot be resumed (the round's secrets are never written down): the
 * restarted site sits it out and the protocol treats it as dropped.
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

        /**
         * Resumed from a state file: the rounds answered before, and the local privacy account
         * carried on (null without one).
         */
        default void resumed(ParticipantState state, LocalPrivacyAccount account) {
        }

        /** An update stored before a restart was sent again (the same signed bytes), and what became of it. */
        default void updateResent(FederationInfo federation, RoundInfo round, SubmissionResult result) {
        }

        /** Something the operator should know that does not stop the run. */
        default void warning(String message) {
        }
    }

    /**
     * @param pollInterval how long to wait between polls
     * @param localDp      example-level DP on the local rows, or null for none
     * @param localDelta   the delta the local epsilon is reported at (used with local DP only)
     * @param stateFile    where the site's state is kept across restarts, or null to keep it in memory only
     */
    public record Settings(String federationId, Duration pollInterval, LocalTrainingOptions.LocalDp localDp,
            double localDelta, java.nio.file.Path stateFile) {
        public Settings {
            if (federationId == null || federationId.isBlank()) {
                throw new IllegalArgumentException("a federation id is required");
            }
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("the poll interval must be positive");
            }
        }

        /** Without a state file: everything is kept in memory. */
        public Settings(String federationId, Duration pollInterval, LocalTrainingOptions.LocalDp localDp,
                double localDelta) {
            this(federationId, pollInterval, localDp, localDelta, null);
        }
    }

    /**
     * How the federation ended for this site.
     *
     * @param completed          true when the federation COMPLETED, false when it FAILED
     * @param lastRound          the federation's last round (its result is the final model), or null
     * @param roundsContributed  rounds whose update the server accepted (before a restart too)
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
    private LocalPrivacyAccount account;
    private ParticipantState state;
    /** Answered secure rounds read from the state, not yet said to be sat out. */
    private final Set<String> resumedSecureRounds = new HashSet<>();

    private final Map<String, SecAggSession> sessions = new LinkedHashMap<>();
    private final Map<String, LocalUpdate> pendingUpdates = new LinkedHashMap<>();
    private final SecureRandom secureRandom = new SecureRandom();
    private final Map<String, RoundInfo> awaitingResult = new LinkedHashMap<>();
    private LocalDataset dataset;
    private LocalTrainer trainer;

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

    /** The local DP account (null without local DP); after a restart, the one carried on from the state. */
    public LocalPrivacyAccount account() {
        return account;
    }

    /** The site's state (null before {@link #run()} opened it). */
    public ParticipantState state() {
        return state;
    }

    /**
     * Runs until the federation completes or fails.
     *
     * @throws FederationException       if the server refuses something or stays unreachable
     * @throws ParticipantStateException  if the state file is unusable (another federation, client or delta,
     *                                    not a state file) or cannot be written
     * @throws io.custos.ml.data.DataException if the local data lacks what the federation needs
     * @throws io.custos.ml.artifact.InvalidArtifactException if a round model is not a valid model
     */
    public Outcome run() throws InterruptedException {
        String federationId = settings.federationId();
        state = settings.stateFile() == null ? ParticipantState.inMemory(federationId)
                : ParticipantState.open(settings.stateFile(), federationId, settings.localDelta());
        ClientInfo me = api.me(federationId);
        state.bindClient(me.id());
        FederationInfo federation = api.federation(federationId);
        requireColumns(federation); // fail now, not when the first round opens
        listener.joined(federation, me, data.size());
        resume(federation);
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

    /** Takes over the account and the answered rounds of a state read from its file, and says so. */
    private void resume(FederationInfo federation) {
        LocalPrivacyAccount stored = state.account();
        if (stored != null && settings.localDp() != null) {
            account = stored; // the epsilon goes on from everything the data was used for before
        } else if (stored != null) {
            listener.warning("the site state records local DP over " + stored.rounds()
                    + " round(s), but this run has no local DP: the rounds it trains are not covered by any local epsilon");
        } else if (account != null) {
            if (state.loaded() && !state.acceptedRounds().isEmpty()) {
                listener.warning("the site state records rounds answered without local DP: the local epsilon"
                        + " covers only the rounds trained with it");
            }
            state.account(account);
        }
        if (!state.loaded()) {
            state.save();
            return;
        }
        if (federation.secureAggregation()) {
            resumedSecureRounds.addAll(state.answeredRounds());
        }
        listener.resumed(state, stored != null && settings.localDp() != null ? stored : null);
        state.save();
    }

    private void takePart(FederationInfo federation, ClientInfo me, RoundInfo round) throws InterruptedException {
        if (federation.secureAggregation()) {
            takePartSecurely(federation, me, round);
            return;
        }
        if (state.forgetUnconfirmedExcept(RoundInfo.WAITING.equals(round.status()) ? round.id() : "")) {
            state.save(); // an update stored for a round that has closed can no longer count
        }
        if (!RoundInfo.WAITING.equals(round.status())) {
            return;
        }
        if (state.answered(round.id())) {
            Optional<UpdateSubmission> stored = state.unconfirmed(round.id());
            if (stored.isPresent()) { // trained and charged before a restart; its arrival was never confirmed
                SubmissionResult result = submit(round, stored.get(), true);
                listener.updateResent(federation, round, result);
            }
            return;
        }
        state.answer(round.id());
        if (!round.mayTakePart(me.id())) {
            state.save();
            listener.notSampled(federation, round);
            return;
        }
        ModelArtifact global = ModelArtifact.parse(api.roundModel(round.id(), round.modelSha256()));
        LocalUpdate update = trainer(federation).train(global, datasetFor(global), account);
        UpdateSubmission submission = UpdateSubmission.sign(settings.federationId(), round.number(), me.id(),
                update.samples(), update.delta(), key);
        state.awaitConfirmation(round.id(), submission);
        state.save(); // the charge and the signed bytes are on disk before anything is sent
        SubmissionResult result = submit(round, submission, false);
        listener.updateSent(federation, round, update, result);
    }

    /**
     * Sends a stored or fresh submission and settles it in the state. Without an answer (or with a
     * 5xx or 429 after all retries) it stays unconfirmed, to be resent by a restarted site; any
     * other refusal settles it (it would be refused again) before the refusal is thrown.
     */
    private SubmissionResult submit(RoundInfo round, UpdateSubmission submission, boolean resent)
            throws InterruptedException {
        SubmissionResult result;
        try {
            result = api.submit(round.id(), submission);
        } catch (FederationException e) {
            if (resent && e.status() == 409 && "REPLAYED_NONCE".equals(e.reason())) {
                // the server has seen this very submission: it arrived before the restart
                result = SubmissionResult.ALREADY_ACCEPTED;
            } else {
                if (e.status() != 0 && e.status() < 500 && e.status() != 429) {
                    state.settle(round.id(), false);
                    state.save();
                }
                throw e;
            }
        }
        boolean accepted = result == SubmissionResult.ACCEPTED || result == SubmissionResult.ALREADY_ACCEPTED;
        state.settle(round.id(), accepted);
        state.save();
        if (accepted) {
            awaitingResult.put(round.id(), round);
        }
        return result;
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
            if (!state.answer(round.id())) {
                if (resumedSecureRounds.remove(round.id())) {
                    listener.warning("round " + round.number() + " was answered before this site restarted; the"
                            + " secure-aggregation secrets of that run are gone, so this site sits the round out"
                            + " (the protocol treats it as dropped) and joins the next one");
                }
                return;
            }
            state.save();
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
            state.save(); // the charge is on disk before the masked update can leave
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
        if (session.step() == SecAggSession.Step.UNMASKED && !awaitingResult.containsKey(round.id())) {
            state.settle(round.id(), true);
            state.save();
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
        return new Outcome(completed, federation, last, state.acceptedRounds().size(),
                account == null ? null : account.epsilon(), reason);
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
