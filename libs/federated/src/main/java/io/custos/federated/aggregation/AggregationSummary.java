package io.custos.federated.aggregation;

import java.util.List;
import java.util.Map;

/**
 * What an aggregation did, for the round record and the audit trail. Client lists are in arrival order
 * unless stated otherwise.
 *
 * @param strategy            the strategy, e.g. {@code MULTI_KRUM(f=1, m=3)}
 * @param dimension           model dimension
 * @param clientsAccepted     number of updates accepted
 * @param totalWeight         sum of effective (capped) sample counts of the accepted updates
 * @param acceptedClients     clients whose updates were accepted
 * @param cappedClients       accepted clients whose claimed sample count exceeded the cap
 * @param clippedClients      accepted clients whose update norm exceeded the clipping bound
 * @param normsBeforeClipping L2 norm of each accepted update before clipping (empty if clipping is off)
 * @param rejections          refused updates with their reasons (the first 1,000)
 * @param finished            whether {@link Aggregator#result()} has been computed
 * @param contributingClients clients whose updates are in the result: all accepted ones for FedAvg,
 *                            median and trimmed mean; the selected ones for Krum/Multi-Krum, sorted by
 *                            score (empty until finished)
 * @param excludedClients     accepted clients Krum/Multi-Krum left out, sorted by score (empty otherwise)
 * @param krumScores          Krum score of each accepted client (empty for other strategies)
 */
public record AggregationSummary(String strategy, int dimension, int clientsAccepted, double totalWeight,
                                 List<String> acceptedClients, List<String> cappedClients,
                                 List<String> clippedClients, Map<String, Double> normsBeforeClipping,
                                 List<Rejection> rejections, boolean finished,
                                 List<String> contributingClients, List<String> excludedClients,
                                 Map<String, Double> krumScores) {

    /** One refused update. */
    public record Rejection(String clientId, RejectionReason reason, String message) {
    }

    public AggregationSummary {
        acceptedClients = List.copyOf(acceptedClients);
        cappedClients = List.copyOf(cappedClients);
        clippedClients = List.copyOf(clippedClients);
        normsBeforeClipping = Map.copyOf(normsBeforeClipping);
        rejections = List.copyOf(rejections);
        contributingClients = List.copyOf(contributingClients);
        excludedClients = List.copyOf(excludedClients);
        krumScores = Map.copyOf(krumScores);
    }

    /** Number of accepted updates that were clipped. */
    public int clippedCount() {
        return clippedClients.size();
    }
}
