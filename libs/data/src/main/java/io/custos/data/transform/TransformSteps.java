package io.custos.data.transform;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.custos.data.DataException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads transform steps from JSON: an array of step objects (see {@link TransformStep}). Every
 * problem is a {@link DataException} whose field is a path such as {@code steps[2].columns} or
 * {@code steps[0].hierarchies.age.widths[1]}, with step indexes counted from 0.
 */
public final class TransformSteps {

    private static final ObjectMapper JSON = strictMapper();

    private TransformSteps() {
    }

    /** Parses and checks the shape of every step (not the columns, which need the table). */
    public static List<TransformStep> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new DataException("steps", "not valid JSON: " + e.getOriginalMessage() + location(e));
        }
        if (root == null || root.isMissingNode() || !root.isArray()) {
            throw new DataException("steps", "must be a JSON array of steps, e.g. [{\"type\":\"drop_columns\","
                    + "\"columns\":[\"ssn\"]}]");
        }
        if (root.isEmpty()) {
            throw new DataException("steps", "at least one step is required");
        }
        List<TransformStep> steps = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            String field = "steps[" + i + "]";
            JsonNode node = root.get(i);
            if (!node.isObject()) {
                throw new DataException(field, "each step must be a JSON object with a \"type\"");
            }
            if (!node.hasNonNull("type")) {
                throw new DataException(field + ".type", "required: one of " + typeNames());
            }
            try {
                steps.add(JSON.treeToValue(node, TransformStep.class));
            } catch (JsonProcessingException e) {
                throw translate(e, field);
            }
            StepRules.checkShape(steps.get(i), field);
        }
        return List.copyOf(steps);
    }

    /** The JSON "type" of a step. */
    public static String typeName(TransformStep step) {
        return step.getClass().getAnnotation(JsonTypeName.class).value();
    }

    /** The step types, in the order they are declared. */
    public static List<String> typeNames() {
        return Arrays.stream(TransformStep.class.getAnnotation(JsonSubTypes.class).value())
                .map(t -> t.value().getAnnotation(JsonTypeName.class).value()).toList();
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        // "5" is not a number and 1 is not a string here: a config with the wrong types is a mistake
        // worth reporting rather than guessing at.
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** Jackson's error as a DataException on the path of the offending field. */
    private static DataException translate(JsonProcessingException e, String stepField) {
        if (!(e instanceof JsonMappingException m)) {
            return new DataException(stepField, e.getOriginalMessage());
        }
        String field = stepField + path(m.getPath());
        if (e instanceof InvalidTypeIdException t) {
            return new DataException(stepField + ".type", "unknown step type '" + t.getTypeId() + "'; one of "
                    + typeNames());
        }
        if (e instanceof UnrecognizedPropertyException u) {
            Class<?> owner = u.getReferringClass();
            String of = TransformStep.class.isAssignableFrom(owner) && owner.isAnnotationPresent(JsonTypeName.class)
                    ? owner.getAnnotation(JsonTypeName.class).value() : owner.getSimpleName();
            return new DataException(field, "unknown field '" + u.getPropertyName() + "'; " + of + " takes "
                    + fieldsOf(owner));
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            return new DataException(field, "'" + f.getValue() + "' is not allowed; one of "
                    + enumNames(f.getTargetType()));
        }
        if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            return new DataException(field, "expected " + describe(mi.getTargetType()));
        }
        return new DataException(field, m.getOriginalMessage());
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                sb.append('.').append(r.getFieldName());
            }
        }
        return sb.toString();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String fieldsOf(Class<?> type) {
        if (!type.isRecord()) {
            return "no such field";
        }
        List<String> names = new ArrayList<>();
        if (TransformStep.class.isAssignableFrom(type)) {
            names.add("type");
        }
        for (RecordComponent c : type.getRecordComponents()) {
            names.add(c.getName());
        }
        return String.join(", ", names);
    }

    static String enumNames(Class<?> enumType) {
        return Arrays.stream(enumType.getFields()).filter(java.lang.reflect.Field::isEnumConstant)
                .map(f -> f.isAnnotationPresent(JsonProperty.class) ? f.getAnnotation(JsonProperty.class).value()
                        : f.getName())
                .collect(Collectors.joining(", "));
    }

    private static String describe(Class<?> type) {
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + enumNames(type);
        }
        return "a " + type.getSimpleName();
    }
}
