package io.custos.federation.service;

import io.custos.federated.secagg.SecAggSubmission;
import io.custos.federation.domain.FederationRound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Takes secure-aggregation messages: accepted ones are stored (and close the phase early once every
 * expected client has posted); refused ones are recorded in {@code update_refusals} with their
 * reason, in their own transaction, like refused updates.
 */
@ApplicationScoped
public class SecAggService {

    private static final Logger LOG = Logger.getLogger(SecAggService.class);

    @Inject
    SecureAggregation secureAggregation;

    @Inject
    UpdateService updates;

    @Inject
    RoundCloser closer;

    @Inject
    RoundService rounds;

    public SecureAggregation.Accepted submit(String roundId, String tenant, String caller, ClientBinding.Bound client,
            String phase, SecAggSubmission submission, String parseError) {
        FederationRound round = rounds.get(roundId, tenant);
        try {
            if (parseError != null) {
                throw new UpdateRefusedException(UpdateRefusedException.Reason.MALFORMED, parseError);
            }
            SecureAggregation.Accepted accepted = secureAggregation.accept(round, client, phase, submission);
            // As for plain updates: the phase is counted after the commit, under the round's lock.
            closer.closeSoon(round.id);
            return accepted;
        } catch (UpdateRefusedException e) {
            updates.record(round, caller, submission == null ? null : submission.clientId(), e);
            LOG.infof("refused a secure-aggregation '%s' message to round %d of federation %s from %s: %s", phase,
                    round.number, round.federationId, caller, e.reason());
            throw e;
        }
    }
}
