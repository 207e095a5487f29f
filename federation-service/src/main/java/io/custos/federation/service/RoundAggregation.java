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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            outcome = plan.dpConfig(population).isPresent()
                    ? dpFedAvg(f, r, plan, plan.dpConfig(population).get())
                    : robust(r, plan, (int) accepted);
        } catch (InsufficientClientsException e) {
            fail(f, r, e.getMessage());
            return;
        }
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
        int charged = (int) FederationRound.chargedRounds(f.id).stream().filter(x -> !x.id.equals(r.id)).count()
                + (r.epsilon != null ? 1 : 0);
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
        summary.put("strategy", "DP_FEDAVG(z=" + config.noiseMultiplier() + ", q=" + config.samplingRate()
                + (config.isAdaptive() ? ", adaptive" : "") + ")");
        summary.put("clientsAccepted", contributors.size());
        summary.put("clippedCount", clipped[0]);
        summary.put("clipNormUsed", result.clipNormUsed());
        summary.put("nextClipNorm", result.nextClipNorm());
        summary.put("noiseStd", result.noiseStd());
        summary.put("epsilon", epsilon.epsilon());
        summary.put("delta", epsilon.delta());
        return new Outcome(result.noisyAverageUpdate(), privacy, contributors, summary);
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
