package io.custos.federated.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A round as the server shows it ({@code GET .../rounds/current}, {@code GET /rounds/{id}/status}).
 *
 * @param status          WAITING, AGGREGATING, COMPLETED or FAILED
 * @param participantIds  the clients picked for the round when {@code participants} lists them,
 *                        null when the server gives only a count (or nothing)
 * @param modelSha256     SHA-256 of the global model the round starts from
 * @param resultSha256    SHA-256 of the global model the round produced (once COMPLETED)
 * @param epsilon         client-level epsilon spent so far, when the federation uses DP-FedAvg
 */
public record RoundInfo(String id, int number, String status, String deadline, List<String> participantIds,
        String modelSha256, String resultSha256, Double epsilon, String failureReason) {

    public static final String WAITING = "WAITING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    static RoundInfo from(JsonNode json) {
        List<String> participants = null;
        JsonNode p = json.path("participants");
        if (p.isArray()) {
            participants = new ArrayList<>();
            for (JsonNode e : p) {
                // a list of ids, or of client objects
                String id = e.isTextual() ? e.asText() : e.hasNonNull("clientId") ? e.get("clientId").asText()
                        : e.path("id").asText(null);
                if (id != null) {
                    participants.add(id);
                }
            }
            participants = List.copyOf(participants);
        }
        return new RoundInfo(Json.requiredText(json, "id", "round"), json.path("number").asInt(0),
                Json.requiredText(json, "status", "round"), Json.text(json, "deadline"), participants,
                Json.text(json, "modelSha256"), Json.text(json, "resultSha256"), Json.number(json, "epsilon"),
                Json.text(json, "failureReason"));
    }

    /** False only when the round lists its participants and {@code clientId} is not among them. */
    public boolean mayTakePart(String clientId) {
        return participantIds == null || participantIds.contains(clientId);
    }
}
