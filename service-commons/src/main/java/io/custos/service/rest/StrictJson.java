package io.custos.service.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.service.problem.ProblemException;
import java.util.stream.Collectors;

/**
 * Reads request bodies whose typos must not pass silently (a misspelt rule or option would
 * otherwise be ignored and the report would look clean): unknown fields are errors naming their path.
 */
public final class StrictJson {

    private static final ObjectMapper STRICT = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private StrictJson() {
    }

    public static <T> T read(JsonNode node, Class<T> type, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return STRICT.treeToValue(node, type);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String name = field.isEmpty() ? (path.isEmpty() ? "body" : path) : path.isEmpty() ? field : field + "." + path;
            throw ProblemException.badRequest(name, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(field.isEmpty() ? "body" : field, e.getOriginalMessage());
        }
    }
}
