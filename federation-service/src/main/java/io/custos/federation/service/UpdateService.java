package io.custos.federation.service;

import io.custos.federated.protocol.UpdateSubmission;
import io.custos.federation.domain.FederationRound;
import io.custos.federation.domain.UpdateRefusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Takes client updates: accepted ones are stored (and close the round once every invited client
 * has sent one); refused ones are recorded with their reason in their own transaction, so the
 * audit of refusals survives the rollback of the refused submission.
 */
@ApplicationScoped
public class UpdateService {

    private static final Logger LOG = Logger.getLogger(UpdateService.class);

    @Inject
    UpdateIntake intake;

    @Inject
    RoundCloser closer;

    @Inject
    RoundService rounds;

    public UpdateIntake.Accepted submit(String roundId, String tenant, String caller, ClientBinding.Bound client,
            UpdateSubmission submission, String parseError) {
        FederationRound round = rounds.get(roundId, tenant);
        try {
            if (parseError != null) {
                throw new UpdateRefusedException(UpdateRefusedException.Reason.MALFORMED, parseError);
            }
            UpdateIntake.Accepted accepted = intake.accept(round, client, submission);
            // Counting inside this transaction cannot see other clients' updates still in flight: when
            // the last ones arrive together, each would count fewer than expected and the round would
            // wait for its deadline. The closer counts after the commit, under the round's row lock
            // (which waits for submissions in flight), and closes the round only if it is due.
            closer.closeSoon(round.id);
            return accepted;
        } catch (UpdateRefusedException e) {
            record(round, caller, submission == null ? null : submission.clientId(), e);
            LOG.infof("refused an update to round %d of federation %s from %s: %s", round.number, round.federationId,
                    caller, e.reason());
            throw e;
        }
    }

    void record(FederationRound round, String caller, String claimedClient, UpdateRefusedException e) {
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
