package io.custos.federation.events;

import io.custos.events.EventTypes;
import io.custos.events.PrivacySpent;
import io.custos.events.RoundReady;
import io.custos.events.TrainingCompleted;
import io.custos.federation.domain.Federation;
import io.custos.federation.domain.FederationRound;
import io.custos.federation.service.TrainingPlan;
import io.custos.service.events.OutboxPublisher;
import io.custos.service.http.ServicesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/**
 * The events of a federation, written to the outbox in the transaction that completes the round:
 * {@code round-ready} after every round, {@code training-completed} for the final global model, so
 * packaging signs it and governance inventories it like a centrally trained one.
 */
@ApplicationScoped
public class FederationEvents {

    /** The accountant named in events and artifacts for client-level DP-FedAvg. */
    public static final String CLIENT_LEVEL_ACCOUNTANT = "rdp-client-level";

    @Inject
    OutboxPublisher outbox;

    @Inject
    ServicesConfig services;

    @Transactional(Transactional.TxType.MANDATORY)
    public void roundReady(Federation f, FederationRound r, List<String> participants, PrivacySpent privacySoFar) {
        RoundReady event = new RoundReady(f.id.toString(), r.number, participants, modelUri(f, r.resultSha256),
                r.resultSha256, privacySoFar, f.tenant);
        outbox.publish(outbox.topics().roundReady(), EventTypes.ROUND_READY_V1, f.id.toString(), f.tenant, event);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void trainingCompleted(Federation f, TrainingPlan plan, String transcriptSha256, PrivacySpent privacy) {
        TrainingCompleted event = new TrainingCompleted(f.id.toString(), datasetId(f), transcriptSha256, f.modelType,
                f.target, plan.featureSpecs(), Map.of(), privacy, base() + "/api/federated/federations/" + f.id
                        + "/model", f.finalModelSha256, f.tenant, f.startedBy);
        outbox.publish(outbox.topics().trainingCompleted(), EventTypes.TRAINING_COMPLETED_V1, f.id.toString(),
                f.tenant, event);
    }

    /** A federated model has no central dataset: the federation stands for the sites' data. */
    public static String datasetId(Federation f) {
        return TrainingCompleted.federationDatasetId(f.id.toString());
    }

    /** What the event says of privacy: client-level DP so far, or none. */
    public static PrivacySpent privacy(FederationRound last, int roundsCharged) {
        if (last == null || last.epsilon == null) {
            return new PrivacySpent(null, null, "none", null, null, null);
        }
        return new PrivacySpent(last.epsilon, last.delta, CLIENT_LEVEL_ACCOUNTANT, last.dpNoiseMultiplier,
                last.dpSamplingRate, (long) roundsCharged);
    }

    private String modelUri(Federation f, String sha256) {
        return base() + "/api/federated/federations/" + f.id + "/models/" + sha256;
    }

    private String base() {
        String url = services.federationUrl().orElseThrow(() ->
                new IllegalStateException("custos.services.federation-url is not set"));
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
