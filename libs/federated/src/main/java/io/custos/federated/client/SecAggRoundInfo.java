package io.custos.federated.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A secure-aggregation round as the server shows it ({@code GET /rounds/{id}/secagg}): the public
 * parameters every site uses and where the protocol stands.
 *
 * @param phase       ADVERTISE_KEYS, SHARE_KEYS, MASKED_INPUT, UNMASKING, DONE or ABORTED
 * @param threshold   t, the Shamir threshold
 * @param vectorLength the number of model parameters
 * @param clipBound   the fixed-point encoding's per-coordinate bound
 * @param scale       the fixed-point encoding's scale
 * @param maxClients  the fixed-point encoding's client bound (sums cannot wrap below it)
 * @param l2ClipNorm  the L2 norm a site clips its update to before encoding, or null
 * @param clippingBit whether the masked vector ends with one extra coordinate, the site's clipping
 *                    bit 1[||delta|| <= l2ClipNorm] (secure aggregation with adaptive clipping); the
 *                    vector length then counts it
 * @param secaggId    this client's secure-aggregation id in the round, or null when not invited
 */
public record SecAggRoundInfo(String roundId, int round, String status, String phase, String phaseDeadline,
        int threshold, int vectorLength, double clipBound, double scale, int maxClients, Double l2ClipNorm,
        boolean clippingBit, Integer secaggId, String failureReason) {

    static SecAggRoundInfo from(JsonNode json) {
        return new SecAggRoundInfo(Json.requiredText(json, "roundId", "secure-aggregation round"),
                json.path("round").asInt(), Json.text(json, "status"),
                Json.requiredText(json, "phase", "secure-aggregation round"), Json.text(json, "phaseDeadline"),
                json.path("threshold").asInt(), json.path("vectorLength").asInt(), json.path("clipBound").asDouble(),
                json.path("scale").asDouble(), json.path("maxClients").asInt(), Json.number(json, "l2ClipNorm"),
                json.path("clippingBit").asBoolean(false),
                json.hasNonNull("secaggId") ? json.get("secaggId").asInt() : null, Json.text(json, "failureReason"));
    }
}
