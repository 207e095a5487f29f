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
        Integer expectedClients,
        List<String> participants,
        Long submissions,
        Long refused,
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

    /** What a site may see: its own invitation, never the others', the counts or the summary. */
    public RoundView forSite(String clientId) {
        List<String> own = participants == null ? List.of()
                : participants.stream().filter(clientId::equals).toList();
        return new RoundView(id, federationId, number, rounds, status, openedAt, deadline, closedAt, null, own, null,
                null, modelUri, modelSha256, resultSha256, epsilon, delta, clipNorm, null, failureReason, secaggPhase,
                secaggPhaseDeadline);
    }
}
