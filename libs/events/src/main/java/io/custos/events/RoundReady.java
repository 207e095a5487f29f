package io.custos.events;

import java.util.List;

/** Data of {@code io.custos.federation.round-ready.v1}: a federated round's global model is ready. */
public record RoundReady(
        String federationId,
        int round,
        List<String> participants,
        String globalModelUri,
        String globalModelSha256,
        PrivacySpent clientPrivacySoFar,
        String tenant) {
}
