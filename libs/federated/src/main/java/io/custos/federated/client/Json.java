package io.custos.federated.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading the server's JSON leniently: unknown fields are the server's business. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Double number(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    static String requiredText(JsonNode json, String field, String what) {
        String v = text(json, field);
        if (v == null || v.isBlank()) {
            throw new FederationException("the server's " + what + " has no '" + field + "': " + abbreviate(json),
                    0, null);
        }
        return v;
    }

    static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
