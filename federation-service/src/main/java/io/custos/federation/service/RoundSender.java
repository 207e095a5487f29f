package io.custos.federation.service;

import io.custos.federation.domain.Federation;
import io.custos.federation.domain.FederationClient;
import io.custos.federation.domain.FederationRound;
import io.custos.federation.service.UpdateRefusedException.Reason;
import jakarta.persistence.LockModeType;

/**
 * Who is sending to a round, checked the same way for plain updates and secure-aggregation
 * messages: the round is share-locked (closing it takes the lock exclusively, so it waits for
 * messages in flight and every later one sees it closed), and the token's client must be registered
 * in the round's federation.
 */
record RoundSender(FederationRound round, Federation federation, FederationClient client) {

    /** Call inside the accepting transaction. */
    static RoundSender identify(FederationRound round, ClientBinding.Bound caller) {
        FederationRound r = FederationRound.getEntityManager().find(FederationRound.class, round.id,
                LockModeType.PESSIMISTIC_READ);
        Federation f = Federation.findById(r.federationId);
        if (!caller.federationId().equals(f.id)) {
            throw new UpdateRefusedException(Reason.WRONG_FEDERATION, "this token is bound to federation "
                    + caller.federationId() + ", not to " + f.id);
        }
        FederationClient client = FederationClient.findInFederation(f.id, caller.clientId(), f.tenant)
                .orElseThrow(() -> new UpdateRefusedException(Reason.WRONG_CLIENT, "client " + caller.clientId()
                        + " is not registered in federation " + f.name));
        return new RoundSender(r, f, client);
    }
}
