package io.custos.federation.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a signed client message (an update or a secure-aggregation message) strictly: unknown
 * members and missing numbers are errors. A body that does not parse is not rejected here but
 * returned as an error text, so the service records the refusal (MALFORMED) like any other.
 */
final class SignedMessages {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The message, or why the body is not one ({@code value} is then null). */
    record Parsed<T>(T value, String error) {
    }

    private SignedMessages() {
    }

    /** @param article "a" or "an", @param what e.g. "update submission" */
    static <T> Parsed<T> read(String body, Class<T> type, String article, String what) {
        try {
            T value = body == null || body.isBlank() ? null : STRICT.readValue(body, type);
            return value == null ? new Parsed<>(null, "a JSON " + what + " is required") : new Parsed<>(value, null);
        } catch (JsonProcessingException e) {
            return new Parsed<>(null, "the body is not " + article + " " + what + ": " + e.getOriginalMessage());
        }
    }
}
