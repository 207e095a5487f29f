package io.custos.federation.service;

import io.custos.federation.domain.Federation;
import io.custos.federation.domain.FederationRound;
import io.custos.federation.domain.RoundUpdate;
import io.custos.federation.domain.UpdateRefusal;
import io.custos.federation.rest.RoundView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Rounds as the API shows them. */
@ApplicationScoped
public class RoundViews {

    @Inject
    RoundService rounds;

    public FederationRound round(String roundId, String tenant) {
        return rounds.get(roundId, tenant);
    }

    @Inject
    ClientBinding binding;

    /** The round as the caller may see it: a site sees only its own invitation (see {@link RoundView#forSite}). */
    public RoundView view(FederationRound r) {
        RoundView full = fullView(r);
        if (!binding.restricted()) {
            return full;
        }
        return full.forSite(binding.bound().map(b -> b.clientId().toString()).orElse(""));
    }

    private RoundView fullView(FederationRound r) {
        Federation f = Federation.findById(r.federationId);
        return new RoundView(r.id.toString(), r.federationId.toString(), r.number, f.rounds, r.status, r.openedAt,
                r.deadline, r.closedAt, r.expectedClients, rounds.participants(r), RoundUpdate.countFor(r.id),
                UpdateRefusal.countForRound(r.id), "/api/federated/rounds/" + r.id + "/model", r.modelSha256,
                r.resultSha256, r.epsilon, r.delta, r.dpClipNorm, r.summary, r.failureReason, r.secaggPhase,
                r.secure() && r.waiting() ? r.secaggPhaseDeadline : null);
    }
}
