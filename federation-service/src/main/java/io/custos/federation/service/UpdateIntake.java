package io.custos.federation.service;

import io.custos.crypto.Ed25519PublicKey;
import io.custos.crypto.Sha256;
import io.custos.federated.aggregation.RejectedUpdateException;
import io.custos.federated.aggregation.UpdateCheck;
import io.custos.federated.protocol.SubmissionRejected;
import io.custos.federated.protocol.SubmissionVerifier;
import io.custos.federated.protocol.UpdateSubmission;
import io.custos.federation.domain.Federation;
import io.custos.federation.domain.FederationClient;
import io.custos.federation.domain.FederationRound;
import io.custos.federation.domain.RoundUpdate;
import io.custos.federation.service.UpdateRefusedException.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.Set;
import java.util.UUID;

/**
 * Accepts one client update in one transaction, or refuses it naming the reason. The round row is
 * share-locked, so closing the round (which takes it exclusively) waits for submissions in flight
 * and every later submission sees the round closed.
 *
 * <p>Order of checks: the token's client must be registered in the round's federation; the
 * signature must verify with that client's registered key over the federation, round, client,
 * nonce, sample count and the update's hash; then one update per client and round, a fresh nonce,
 * an open round, an invited client, and finite values of the model's shape.
 */
@ApplicationScoped
public class UpdateIntake {

    @Inject
    FederationService federations;

    @Inject
    RoundService rounds;

    /** What was accepted. */
    public record Accepted(RoundUpdate update, FederationRound round) {
    }

    @Transactional
    public Accepted accept(FederationRound round, ClientBinding.Bound caller, UpdateSubmission s) {
        RoundSender sender = RoundSender.identify(round, caller);
        FederationRound r = sender.round();
        Federation f = sender.federation();
        FederationClient client = sender.client();
        if (r.secure()) {
            throw new UpdateRefusedException(Reason.SECURE_AGGREGATION_REQUIRED, "round " + r.number + " of federation "
                    + f.name + " runs secure aggregation: send masked inputs to /rounds/" + r.id + "/secagg, never a"
                    + " plain update");
        }
        if (s == null) {
            throw new UpdateRefusedException(Reason.MALFORMED, "a JSON update submission is required");
        }
        TrainingPlan plan = federations.plan(f);
        String clientId = client.id.toString();
        Ed25519PublicKey key = client.signingKey();
        double[] update;
        try {
            // Nonces are checked below, so a client's retry of an accepted update is told DUPLICATE.
            update = new SubmissionVerifier(f.id.toString(), plan.dimension()).verify(s, clientId, key, r.number,
                    Set.of());
        } catch (SubmissionRejected e) {
            throw new UpdateRefusedException(Reason.valueOf(e.reason().name()), e.getMessage());
        }
        if (RoundUpdate.submitted(r.id, client.id)) {
            throw new UpdateRefusedException(Reason.DUPLICATE, "client " + client.clientName
                    + " already submitted its update for round " + r.number + "; one update per client and round");
        }
        if (RoundUpdate.nonceUsed(f.id, s.nonce())) {
            throw new UpdateRefusedException(Reason.REPLAYED_NONCE, "nonce " + s.nonce()
                    + " was used before in this federation: a replayed update");
        }
        if (!r.waiting() || !RoundService.now().isBefore(r.deadline)) {
            throw new UpdateRefusedException(Reason.LATE, "round " + r.number + " stopped accepting updates"
                    + (r.waiting() ? " at its deadline " + r.deadline : " (it is " + r.status + ")"));
        }
        if (!rounds.participants(r).contains(clientId)) {
            throw new UpdateRefusedException(Reason.NOT_SAMPLED, "client " + client.clientName
                    + " was not sampled for round " + r.number + " (client-level DP samples each client with"
                    + " probability q per round)");
        }
        try {
            new UpdateCheck(plan.dimension(), f.maxSamplesPerClient).check(clientId, update, s.samples());
        } catch (RejectedUpdateException e) {
            throw new UpdateRefusedException(switch (e.reason()) {
                case NON_FINITE_VALUE -> Reason.NON_FINITE_VALUE;
                case INVALID_SAMPLE_COUNT -> Reason.INVALID_SAMPLE_COUNT;
                case WRONG_DIMENSION -> Reason.WRONG_SHAPE;
                default -> Reason.MALFORMED;
            }, e.getMessage());
        }
        byte[] content = UpdateSubmission.encode(update);
        RoundUpdate u = new RoundUpdate();
        u.id = UUID.randomUUID();
        u.tenant = f.tenant;
        u.federationId = f.id;
        u.roundId = r.id;
        u.clientId = client.id;
        u.nonce = s.nonce();
        u.claimedSamples = s.samples();
        u.content = content;
        u.contentSha256 = Sha256.hex(content);
        u.l2Norm = norm(update);
        u.signature = s.signature();
        u.receivedAt = RoundService.now();
        try {
            u.persistAndFlush();
        } catch (PersistenceException e) {
            // Two submissions of one client raced past the checks; the constraints decide.
            throw new UpdateRefusedException(Reason.DUPLICATE, "client " + client.clientName
                    + " already submitted an update for round " + r.number);
        }
        return new Accepted(u, r);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
