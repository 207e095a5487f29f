package io.custos.federation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.crypto.Sha256;
import io.custos.events.PrivacySpent;
import io.custos.federated.aggregation.AggregationSummary;
import io.custos.federated.aggregation.Aggregator;
import io.custos.federated.aggregation.InsufficientClientsException;
import io.custos.federated.aggregation.RejectedUpdateException;
import io.custos.federated.dp.ClientLevelAccountant;
import io.custos.federated.dp.ClipResult;
import io.custos.federated.dp.DpFedAvgConfig;
import io.custos.federated.dp.DpFedAvgRound;
import io.custos.federated.dp.RoundResult;
import io.custos.federated.protocol.UpdateSubmission;
import io.custos.federated.secagg.FixedPoint;
import io.custos.federated.secagg.SecAggException;
import io.custos.federated.secagg.SecAggServer;
import io.custos.federated.secagg.SecAggSubmission;
import io.custos.federation.domain.Federation;
import io.custos.federation.domain.FederationClient;
import io.custos.federation.domain.FederationRound;
import io.custos.federation.domain.RoundUpdate;
import io.custos.federation.events.FederationEvents;
import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.EpsilonResult;
import io.custos.ml.noise.SecureRandomSource;
import io.custos.ml.report.TrainingReport;
import io.custos.ml.train.PrivacyAccounting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.hibernate.jpa.HibernateHints;

/**
 * Closes rounds: WAITING -> AGGREGATING when the deadline passes or every invited client has sent
 * its update, then (in a second transaction, so an interrupted aggregation is resumed) combines the
 * stored updates with the federation's strategy or DP-FedAvg, stores the next global model, writes
 * {@code round-ready}, and opens the next round or completes the federation with
 * {@code training-completed}. Too few valid updates fail the round and the federation.
 *
 * <p>Updates are read from the database one at a time, so FedAvg and DP-FedAvg hold O(dimension)
 * memory whatever the number of clients; the robust strategies keep what their statistics need.
 */
@ApplicationScoped
public class RoundAggregation {

    @Inject
    FederationService federations;

    @Inject
    RoundService rounds;

    @Inject
    GlobalModels models;

    @Inject
    FederationEvents events;

    @Inject
    ObjectMapper json;

    @Inject
    SecureAggregation secureAggregation;

    /**
     * Moves a due round to AGGREGATING. Returns true when the caller should now aggregate it: the
     * round just closed, or an aggregation interrupted (by a restart) more than {@code stuckAfter} ago.
     */
    @Transactional
    public boolean beginClosing(UUID roundId, Duration stuckAfter) {
        FederationRound r = FederationRound.findForUpdate(roundId).orElse(null);
        if (r == null) {
            return false;
        }
        OffsetDateTime now = RoundService.now();
        if (r.waiting() && r.secure()) {
            return secureAggregation.advance(r, now);
        }
        if (r.waiting()) {
            boolean due = !now.isBefore(r.deadline) || RoundUpdate.countFor(r.id) >= r.expectedClients;
            if (due) {
                r.status = FederationRound.Status.AGGREGATING.name();
                r.closedAt = now;
            }
            return due;
        }
        return FederationRound.Status.AGGREGATING.name().equals(r.status) && r.closedAt.isBefore(now.minus(stuckAfter));
    }

    /** Rounds past their deadline, and aggregations interrupted more than {@code stuckAfter} ago. */
    @Transactional
    public List<UUID> dueRounds(Duration stuckAfter) {
        OffsetDateTime now = RoundService.now();
        return FederationRound.dueForClosing(now, now.minus(stuckAfter));
    }

    @Transactional
    public void aggregate(UUID roundId) {
        UUID federationId = FederationRound.<FederationRound>findByIdOptional(roundId).map(x -> x.federationId)
                .orElse(null);
        if (federationId == null) {
            return;
        }
        Federation f = Federation.findByIdForUpdate(federationId).orElseThrow();
        FederationRound r = FederationRound.findForUpdate(roundId).orElseThrow();
        if (!FederationRound.Status.AGGREGATING.name().equals(r.status)) {
            return; // another node finished it
        }
        if (r.secure()) {
            aggregateSecurely(f, r);
            return;
        }
        long accepted = RoundUpdate.countFor(r.id);
        if (accepted < f.minClients) {
            fail(f, r, "only " + accepted + " valid update" + (accepted == 1 ? "" : "s") + " arrived by the deadline;"
                    + " every round needs at least minClients=" + f.minClients);
            return;
        }
        TrainingPlan plan = federations.plan(f);
        double[] global = models.parameters(f.id, r.modelSha256, f.tenant);
        int population = (int) FederationClient.countFor(f.id, f.tenant);
        Outcome outcome;
        try {
            Optional<DpFedAvgConfig> dp = plan.dpConfig(population);
            outcome = dp.isPresent() ? dpFedAvg(f, r, plan, dp.get()) : robust(r, plan, (int) accepted);
        } catch (InsufficientClientsException e) {
            fail(f, r, e.getMessage());
            return;
        }
        complete(f, r, plan, global, outcome);
    }

    /** Applies the aggregate update, stores the next global model and opens the next round (or completes). */
    private void complete(Federation f, FederationRound r, TrainingPlan plan, double[] global, Outcome outcome) {
        double[] next = new double[global.length];
        for (int i = 0; i < next.length; i++) {
            next[i] = global[i] + outcome.delta[i];
            if (!Double.isFinite(next[i])) {
                fail(f, r, "the aggregate update is not finite at parameter " + i
                        + "; lower the learning rate or clip updates (serverClipNorm)");
                return;
            }
        }
        boolean last = r.number >= f.rounds;
        String transcript = last ? transcript(f, r) : null;
        r.resultSha256 = models.store(f, plan, next, outcome.privacy, transcript);
        r.status = FederationRound.Status.COMPLETED.name();
        r.summary = write(outcome.summary);
        // The accountant's record already counts every charged round, this one included.
        int charged = outcome.privacy == null ? 0 : (int) outcome.privacy.steps();
        PrivacySpent privacy = FederationEvents.privacy(r, charged);
        events.roundReady(f, r, outcome.contributors, privacy);
        if (last) {
            f.status = Federation.Status.COMPLETED.name();
            f.finishedAt = RoundService.now();
            f.finalModelSha256 = r.resultSha256;
            events.trainingCompleted(f, plan, transcript, privacy);
        } else {
            rounds.openRound(f, r.number + 1, r.resultSha256);
        }
    }

    /** The aggregate update, the account it was released under, and what the aggregation did. */
    private record Outcome(double[] delta, TrainingReport.Privacy privacy, List<String> contributors,
            Map<String, Object> summary) {
    }

    private Outcome robust(FederationRound r, TrainingPlan plan, int accepted) {
        Aggregator aggregator = plan.strategy().create(plan.aggregationConfig(accepted));
        forEachUpdate(r, (u, update) -> {
            try {
                aggregator.add(u.clientId.toString(), update, u.claimedSamples);
            } catch (RejectedUpdateException e) {
                // Checked on arrival already; the summary keeps the refusal if the rules ever differ.
            }
        });
        double[] delta = aggregator.result();
        AggregationSummary s = aggregator.summary();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("strategy", s.strategy());
        summary.put("clientsAccepted", s.clientsAccepted());
        summary.put("totalWeight", s.totalWeight());
        summary.put("cappedClients", s.cappedClients());
        summary.put("clippedClients", s.clippedClients());
        summary.put("contributingClients", s.contributingClients());
        summary.put("excludedClients", s.excludedClients());
        summary.put("rejections", s.rejections());
        return new Outcome(delta, null, s.contributingClients(), summary);
    }

    private Outcome dpFedAvg(Federation f, FederationRound r, TrainingPlan plan, DpFedAvgConfig config) {
        DpFedAvgRound round = config.startRound(plan.dimension(), f.dpClipNorm);
        List<String> contributors = new ArrayList<>();
        int[] clipped = {0};
        forEachUpdate(r, (u, update) -> {
            ClipResult c = round.add(update);
            clipped[0] += c.clipped() ? 1 : 0;
            contributors.add(u.clientId.toString());
        });
        RoundResult result = round.finish(new SecureRandomSource());
        return dpRelease(f, r, config, result, contributors, "DP_FEDAVG(z=" + config.noiseMultiplier() + ", q="
                + config.samplingRate() + (config.isAdaptive() ? ", adaptive" : "") + ")", clipped[0]);
    }

    /** Charges a DP-FedAvg round's release to the federation's client-level accountant. */
    private Outcome dpRelease(Federation f, FederationRound r, DpFedAvgConfig config, RoundResult result,
            List<String> contributors, String strategy, int clippedCount) {
        f.dpClipNorm = result.nextClipNorm();

        List<ClientLevelAccountant.RoundPrivacy> history = FederationRound.chargedRounds(f.id).stream()
                .map(x -> new ClientLevelAccountant.RoundPrivacy(x.dpSamplingRate, x.dpNoiseMultiplier)).toList();
        ClientLevelAccountant accountant = ClientLevelAccountant.resume(config, history);
        EpsilonResult epsilon = accountant.recordRound(config.samplingRate(), config.noiseMultiplier());
        r.dpSamplingRate = config.samplingRate();
        r.dpNoiseMultiplier = config.noiseMultiplier();
        r.dpClipNorm = result.clipNormUsed();
        r.epsilon = epsilon.epsilon();
        r.delta = epsilon.delta();

        int charged = accountant.roundsRecorded();
        TrainingReport.Privacy privacy = new TrainingReport.Privacy(epsilon.epsilon(), epsilon.delta(),
                epsilon.delta(), accountant.epsilon(Conversion.CLASSIC).epsilon(), epsilon.optimalOrder(),
                FederationEvents.CLIENT_LEVEL_ACCOUNTANT, config.noiseMultiplier(), config.samplingRate(), charged,
                result.clipNormUsed(), List.of(new PrivacyAccounting.Mechanism("dp-fedavg", "client-level DP-FedAvg ("
                        + charged + " rounds, q=" + config.samplingRate() + ", z=" + config.noiseMultiplier()
                        + (config.isAdaptive() ? ", adaptive clipping" : ", C=" + config.clipNorm()) + ")",
                        config.noiseMultiplier(), null)),
                accountant.orders(), accountant.rdp());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("strategy", strategy);
        summary.put("clientsAccepted", contributors.size());
        if (clippedCount >= 0) { // unknown under secure aggregation: clients clip before masking
            summary.put("clippedCount", clippedCount);
        }
        summary.put("clipNormUsed", result.clipNormUsed());
        summary.put("nextClipNorm", result.nextClipNorm());
        summary.put("noiseStd", result.noiseStd());
        summary.put("epsilon", epsilon.epsilon());
        summary.put("delta", epsilon.delta());
        return new Outcome(result.noisyAverageUpdate(), privacy, contributors, summary);
    }

    /**
     * The secure-aggregation branch: the server never sees one update, only the unmasked sum of the
     * survivors' clipped, fixed-point encoded updates. With clientDp that sum is released as DP-FedAvg
     * (equal weights, fixed denominator qN, Gaussian noise, charged to the accountant); with adaptive
     * clipping the vector's last coordinate sums the clients' clipping bits, which {@link DpFedAvgRound}
     * noises to give the federation's next clip norm; without clientDp as
     * the unweighted mean over the survivors (claimed sample counts are not used). Fewer survivors
     * than the threshold t or than minClients fail the round with the reason.
     */
    private void aggregateSecurely(Federation f, FederationRound r) {
        if (SecAggServer.Phase.ABORTED.name().equals(r.secaggPhase)) {
            fail(f, r, r.failureReason);
            return;
        }
        SecureAggregation.Unmasked unmasked;
        try {
            unmasked = secureAggregation.unmask(f, r);
        } catch (SecAggException e) {
            r.secaggPhase = SecAggServer.Phase.ABORTED.name();
            fail(f, r, "secure aggregation aborted in phase UNMASKING: " + e.getMessage());
            return;
        }
        r.secaggPhase = SecAggServer.Phase.DONE.name();
        int survivors = unmasked.survivors().size();
        if (survivors < f.minClients) {
            fail(f, r, "only " + survivors + " client" + (survivors == 1 ? "" : "s") + " completed secure aggregation;"
                    + " every round needs at least minClients=" + f.minClients);
            return;
        }
        TrainingPlan plan = federations.plan(f);
        double[] global = models.parameters(f.id, r.modelSha256, f.tenant);
        int population = (int) FederationClient.countFor(f.id, f.tenant);
        FixedPoint encoding = SecureAggregation.encoding(r);
        double[] sum = encoding.decode(unmasked.sum());
        Outcome outcome;
        Optional<DpFedAvgConfig> dp = plan.dpConfig(population);
        if (dp.isPresent()) {
            DpFedAvgConfig config = dp.get();
            // Clients clipped to the round's C before masking; with adaptive clipping the vector's last
            // coordinate is the number of them whose update fit under C (their clipping bits).
            int dimension = plan.dimension();
            DpFedAvgRound round = config.startRound(dimension, r.secaggL2Clip);
            round.addClippedSum(Arrays.copyOf(sum, dimension), survivors,
                    config.isAdaptive() ? (int) Math.round(sum[dimension]) : 0);
            RoundResult result = round.finish(new SecureRandomSource());
            outcome = dpRelease(f, r, config, result, new ArrayList<>(unmasked.survivorClientIds()),
                    "SECURE_DP_FEDAVG(z=" + config.noiseMultiplier() + ", q=" + config.samplingRate()
                            + (config.isAdaptive() ? ", adaptive" : "") + ")", -1);
            if (result.noisyFractionBelow() != null) {
                outcome.summary.put("noisyFractionBelow", result.noisyFractionBelow());
            }
        } else {
            double[] mean = new double[sum.length];
            for (int i = 0; i < mean.length; i++) {
                mean[i] = sum[i] / survivors;
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("strategy", "SECURE_FEDAVG");
            summary.put("clientsAccepted", survivors);
            summary.put("contributingClients", unmasked.survivorClientIds());
            outcome = new Outcome(mean, null, unmasked.survivorClientIds(), summary);
        }
        outcome.summary.put("secureAggregation", Map.of("threshold", r.secaggThreshold, "survivors",
                unmasked.survivors(), "dropped", unmasked.dropped(), "scale", r.secaggScale, "clipBound",
                r.secaggClipBound, "sumErrorBound", encoding.sumErrorBound(survivors)));
        complete(f, r, plan, global, outcome);
    }

    /** Streams a round's stored updates in client order, one in memory at a time. */
    private static void forEachUpdate(FederationRound r, BiConsumer<RoundUpdate, double[]> action) {
        try (Stream<RoundUpdate> updates = RoundUpdate.<RoundUpdate>find("roundId = ?1 order by clientId", r.id)
                .withHint(HibernateHints.HINT_FETCH_SIZE, 4).withHint(HibernateHints.HINT_READ_ONLY, true).stream()) {
            updates.forEach(u -> {
                action.accept(u, UpdateSubmission.decode(u.content));
                RoundUpdate.getEntityManager().detach(u);
            });
        }
    }

    /**
     * The SHA-256 of what the federated model was trained on, as far as the server can know it: every
     * completed round's accepted updates (client, update SHA-256, claimed samples) in order. It stands
     * in for the dataset hash of a centrally trained model.
     */
    private static String transcript(Federation f, FederationRound current) {
        StringBuilder s = new StringBuilder("custos-federation-transcript/v1\n").append(f.id).append('\n');
        List<Object[]> rows = RoundUpdate.getEntityManager().createQuery("select r.number, u.clientId,"
                + " u.contentSha256, u.claimedSamples from RoundUpdate u, FederationRound r where u.roundId = r.id"
                + " and r.federationId = :f and (r.status = :completed or r.id = :current)"
                + " order by r.number, u.clientId", Object[].class)
                .setParameter("f", f.id).setParameter("completed", FederationRound.Status.COMPLETED.name())
                .setParameter("current", current.id).getResultList();
        for (Object[] row : rows) {
            s.append(row[0]).append(' ').append(row[1]).append(' ').append(row[2]).append(' ').append(row[3])
                    .append('\n');
        }
        // Secure rounds: the server knows the masked inputs of the survivors, not the updates.
        List<Object[]> masked = RoundUpdate.getEntityManager().createQuery("select r.number, m.clientId,"
                + " m.payloadSha256 from SecAggMessage m, FederationRound r where m.roundId = r.id"
                + " and r.federationId = :f and m.phase = :phase and (r.status = :completed or r.id = :current)"
                + " order by r.number, m.clientId", Object[].class)
                .setParameter("f", f.id).setParameter("phase", SecAggSubmission.MASKED_INPUT)
                .setParameter("completed", FederationRound.Status.COMPLETED.name())
                .setParameter("current", current.id).getResultList();
        for (Object[] row : masked) {
            s.append(row[0]).append(' ').append(row[1]).append(" masked:").append(row[2]).append('\n');
        }
        return Sha256.hex(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void fail(Federation f, FederationRound r, String reason) {
        r.status = FederationRound.Status.FAILED.name();
        r.failureReason = reason;
        f.status = Federation.Status.FAILED.name();
        f.failureReason = "round " + r.number + " failed: " + reason;
        f.finishedAt = RoundService.now();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
