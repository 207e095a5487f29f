package io.custos.federation.service;

import io.custos.federated.protocol.UpdateSubmission;
import io.custos.federated.secagg.SecAggSubmission;
import io.custos.federation.domain.FederationRound;
import io.custos.federation.domain.UpdateRefusal;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Takes client updates and secure-aggregation messages: accepted ones are stored (and close the
 * round or phase once every expected client has sent); refused ones are recorded with their reason
 * in their own transaction, so the audit of refusals survives the rollback of the refused message.
 */
@ApplicationScoped
public class UpdateService {

    private static final Logger LOG = Logger.getLogger(UpdateService.class);

    @Inject
    UpdateIntake intake;

    @Inject
    SecureAggregation secureAggregation;

    @Inject
    RoundCloser closer;

    @Inject
    RoundService rounds;

    public UpdateIntake.Accepted submit(String roundId, String tenant, String caller, ClientBinding.Bound client,
            UpdateSubmission submission, String parseError) {
        return take(roundId, tenant, caller, submission == null ? null : submission.clientId(), parseError,
                "an update", round -> intake.accept(round, client, submission));
    }

    /** One signed message of a secure-aggregation phase, taken as {@link #submit} takes an update. */
    public SecureAggregation.Accepted submitSecAgg(String roundId, String tenant, String caller,
            ClientBinding.Bound client, String phase, SecAggSubmission submission, String parseError) {
        return take(roundId, tenant, caller, submission == null ? null : submission.clientId(), parseError,
                "a secure-aggregation '" + phase + "' message", round -> secureAggregation.accept(round, client, phase,
                        submission));
    }

    /**
     * Accepts a message to a round in its own transaction ({@code accept}), or records its refusal;
     * either way the round is then closed if it is due.
     */
    private <A> A take(String roundId, String tenant, String caller, String claimedClient, String parseError,
            String what, Function<FederationRound, A> accept) {
        FederationRound round = rounds.get(roundId, tenant);
        try {
            if (parseError != null) {
                throw new UpdateRefusedException(UpdateRefusedException.Reason.MALFORMED, parseError);
            }
            A accepted = accept.apply(round);
            // Counting inside that transaction cannot see other clients' messages still in flight: when
            // the last ones arrive together, each would count fewer than expected and the round would
            // wait for its deadline. The closer counts after the commit, under the round's row lock
            // (which waits for messages in flight), and closes the round or phase only if it is due.
            closer.closeSoon(round.id);
            return accepted;
        } catch (UpdateRefusedException e) {
            record(round, caller, claimedClient, e);
            LOG.infof("refused %s to round %d of federation %s from %s: %s", what, round.number, round.federationId,
                    caller, e.reason());
            throw e;
        }
    }

    private void record(FederationRound round, String caller, String claimedClient, UpdateRefusedException e) {
        QuarkusTransaction.requiringNew().run(() -> persistRefusal(round, caller, claimedClient, e));
    }

    private static void persistRefusal(FederationRound round, String caller, String claimedClient,
            UpdateRefusedException e) {
        UpdateRefusal r = new UpdateRefusal();
        r.id = UUID.randomUUID();
        r.tenant = round.tenant;
        r.federationId = round.federationId;
        r.roundId = round.id;
        r.caller = caller;
        r.claimedClient = claimedClient == null ? null : truncate(claimedClient, 256);
        r.reason = e.reason().name();
        r.message = truncate(e.getMessage(), 2000);
        r.receivedAt = RoundService.now();
        r.persist();
    }

    public List<UpdateRefusal> refusals(FederationRound round) {
        return UpdateRefusal.listForRound(round.id, round.tenant);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
