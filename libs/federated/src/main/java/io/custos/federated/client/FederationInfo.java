package io.custos.federated.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a site needs of a federation ({@code GET /federations/{id}}): its status, how many rounds,
 * and how every site trains. Fields the client does not use are ignored, so the server may add
 * some.
 *
 * @param status         CREATED, RUNNING, COMPLETED or FAILED
 * @param localEpochs    the model spec's {@code localEpochs} (1 when absent, the documented default)
 * @param learningRate   the model spec's {@code learningRate}, or null when the server did not say
 * @param batchSize      the model spec's {@code batchSize}, or null when the server did not say
 * @param featureNames   names in {@code featureSchema}, in order (empty when absent)
 * @param failureReason  why a FAILED federation failed, when the server says
 * @param secureAggregation whether rounds run secure aggregation (the site then sends masked inputs)
 */
public record FederationInfo(String id, String name, String status, String modelType, int rounds, double localEpochs,
        Double learningRate, Double batchSize, String target, String positiveClass, List<String> featureNames,
        String failureReason, boolean secureAggregation) {

    /** A federation without secure aggregation. */
    public FederationInfo(String id, String name, String status, String modelType, int rounds, double localEpochs,
            Double learningRate, Double batchSize, String target, String positiveClass, List<String> featureNames,
            String failureReason) {
        this(id, name, status, modelType, rounds, localEpochs, learningRate, batchSize, target, positiveClass,
                featureNames, failureReason, false);
    }

    public static final String CREATED = "CREATED";
    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    static FederationInfo from(JsonNode json) {
        List<String> features = new ArrayList<>();
        for (JsonNode f : json.path("featureSchema")) {
            if (f.hasNonNull("name")) {
                features.add(f.get("name").asText());
            }
        }
        return new FederationInfo(Json.requiredText(json, "id", "federation"), Json.text(json, "name"),
                Json.requiredText(json, "status", "federation"), Json.text(json, "modelType"),
                json.path("rounds").asInt(0), json.hasNonNull("localEpochs") ? json.get("localEpochs").asDouble() : 1,
                Json.number(json, "learningRate"), Json.number(json, "batchSize"), Json.text(json, "target"),
                Json.text(json, "positiveClass"), List.copyOf(features), Json.text(json, "failureReason"),
                json.path("secureAggregation").asBoolean(false));
    }

    /**
     * Local training as the federation prescribes it, plus the site's own local DP (or null).
     *
     * @throws FederationException if the federation does not state its learning rate or batch size
     */
    public LocalTrainingOptions trainingOptions(LocalTrainingOptions.LocalDp localDp) {
        if (learningRate == null || batchSize == null) {
            throw new FederationException("federation " + id + " does not state its "
                    + (learningRate == null ? "learningRate" : "batchSize")
                    + "; every site must train as the federation prescribes", 0, null);
        }
        return new LocalTrainingOptions(localEpochs, batchSize, learningRate, 0, localDp);
    }

    /** "{name} ({id})", or the id alone. */
    public String label() {
        return name == null || name.isBlank() ? id : name + " (" + id + ")";
    }
}
