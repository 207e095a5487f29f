package io.custos.federation.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.custos.federation.domain.ClientDpSettings;
import io.custos.federation.domain.FeatureDefinition;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A federation as the API shows it: the model spec, the local training settings every client
 * uses, the aggregation and DP settings, and where the run is. Settings that do not apply to the
 * federation's model or strategy are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FederationView(
        String id,
        String name,
        String modelType,
        List<FeatureDefinition> featureSchema,
        String target,
        String positiveClass,
        int rounds,
        int minClients,
        int maxClients,
        int roundTimeoutSeconds,
        String strategy,
        int localEpochs,
        Integer hiddenUnits,
        double learningRate,
        int batchSize,
        double l2,
        long maxSamplesPerClient,
        Double serverClipNorm,
        Double trimFraction,
        Integer byzantineClients,
        Integer multiKrumSelect,
        ClientDpSettings clientDp,
        String status,
        int currentRound,
        String createdBy,
        OffsetDateTime createdAt,
        String startedBy,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        String failureReason,
        String finalModelSha256,
        boolean secureAggregation) {
}
