package io.custos.federation.rest;

import io.custos.events.FeatureSpec;
import java.time.OffsetDateTime;
import java.util.List;

/** A federation as the API shows it. */
public record FederationView(
        String id,
        String name,
        String modelType,
        List<FeatureSpec> featureSchema,
        String target,
        int rounds,
        int minClients,
        int maxClients,
        int roundTimeoutSeconds,
        String strategy,
        int localEpochs,
        String status,
        String createdBy,
        OffsetDateTime createdAt) {
}
