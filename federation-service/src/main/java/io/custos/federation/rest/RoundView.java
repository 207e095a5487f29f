package io.custos.federation.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A round as the API shows it. {@code modelUri} is the global model the round starts from;
 * {@code resultSha256} the one it produced. {@code summary} says what the aggregation did.
 * {@code secaggPhase} and {@code secaggPhaseDeadline}: where a secure-aggregation round stands
 * (ADVERTISE_KEYS, SHARE_KEYS, MASKED_INPUT, UNMASKING, DONE or ABORTED), absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoundView(
        String id,
        String federationId,
        int number,
        int rounds,
        String status,
        OffsetDateTime openedAt,
        OffsetDateTime deadline,
        OffsetDateTime closedAt,
        int expectedClients,
        List<String> participants,
        long submissions,
        long refused,
        String modelUri,
        String modelSha256,
        String resultSha256,
        Double epsilon,
        Double delta,
        Double clipNorm,
        @JsonRawValue String summary,
        String failureReason,
        String secaggPhase,
        OffsetDateTime secaggPhaseDeadline) {
}
