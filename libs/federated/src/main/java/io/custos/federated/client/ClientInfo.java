package io.custos.federated.client;

import com.fasterxml.jackson.databind.JsonNode;

/** The federation client an API key is bound to ({@code GET .../clients/me}). */
public record ClientInfo(String id, String clientName) {

    static ClientInfo from(JsonNode json) {
        return new ClientInfo(Json.requiredText(json, "id", "client"), Json.text(json, "clientName"));
    }
}
