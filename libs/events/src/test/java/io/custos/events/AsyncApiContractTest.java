package io.custos.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.custos.events.consumer.EventConsumerLoop;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/asyncapi.yaml} true to the code: every payload record is documented field by
 * field (names, JSON types, nullability, recursively), the documented {@code type} values are
 * exactly {@link EventTypes}, the topics and headers are the ones the code uses, and real events
 * from {@link CloudEventCodec} (and every example in the document) validate against the
 * documented envelope + payload schemas.
 */
class AsyncApiContractTest {

    /** Relative to the module directory, surefire's working directory. */
    private static final Path DOC = Path.of("../../docs/asyncapi.yaml");
    private static final ObjectMapper JSON = CloudEventCodec.MAPPER;
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    private static final String SHA_A = "ab".repeat(32);
    private static final String SHA_B = "0c".repeat(32);
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    /** Which event type travels on which topic (OutboxPublisher callers pair them so). */
    private static final Map<String, String> TYPE_BY_TOPIC = Map.of(
            TopicNames.TRAINING_COMPLETED, EventTypes.TRAINING_COMPLETED_V1,
            TopicNames.ROUND_READY, EventTypes.ROUND_READY_V1,
            TopicNames.MODEL_REGISTERED, EventTypes.MODEL_REGISTERED_V1);

    private static JsonNode doc;
    /** Documented event type -> message name in components.messages. */
    private static Map<String, String> messageByType;

    private final CloudEventCodec codec = new CloudEventCodec();

    @BeforeAll
    static void load() throws Exception {
        assertTrue(Files.isRegularFile(DOC), "missing " + DOC.toAbsolutePath().normalize());
        doc = new YAMLMapper().readTree(DOC.toFile());
        assertEquals("3.0.0", doc.path("asyncapi").asText(), "AsyncAPI version");
        messageByType = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.at("/components/messages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode typeSchema = find(m.getValue().path("payload"), "properties", AsyncApiContractTest::typedEvent);
            if (typeSchema != null) {
                String type = typeSchema.path("properties").path("type").path("const").asText(null);
                assertNotNull(type, "message " + m.getKey() + " documents no const type");
                assertTrue(messageByType.put(type, m.getKey()) == null, "type " + type + " documented twice");
            }
        }
    }

    // ---- the documented contract equals the code --------------------------------------------------

    @Test
    void documentedEventTypesAreExactlyTheEventTypesConstants() throws Exception {
        Set<String> constants = new TreeSet<>();
        for (Field f : EventTypes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers()) && f.getType() == String.class) {
                constants.add((String) f.get(null));
            }
        }
        assertEquals(constants, new TreeSet<>(messageByType.keySet()), "event types in asyncapi.yaml vs EventTypes");
        for (String type : constants) {
            assertNotNull(EventTypes.payloadOf(type), "EventTypes.payloadOf(" + type + ")");
        }
    }

    @Test
    void everyPayloadSchemaMatchesItsRecordFieldByField() {
        List<String> problems = new ArrayList<>();
        messageByType.forEach((type, message) -> {
            if (EventTypes.payloadOf(type) == null) {
                problems.add(message + ": documented type " + type + " has no payload record in EventTypes");
                return;
            }
            JsonNode event = find(doc.at("/components/messages/" + message + "/payload"), "properties",
                    AsyncApiContractTest::typedEvent);
            checkRecord(message + ".data", EventTypes.payloadOf(type), event.path("properties").path("data"), problems);
        });
        assertTrue(problems.isEmpty(), "asyncapi.yaml disagrees with the records in libs/events:\n  "
                + String.join("\n  ", problems));
    }

    @Test
    void channelsAreTheTopicsAndTheirDeadLetterTopics() {
        Map<String, JsonNode> byAddress = new LinkedHashMap<>();
        doc.path("channels").forEach(c -> byAddress.put(c.path("address").asText(), c));
        Set<String> expected = new TreeSet<>();
        for (String topic : new TopicNames("").all()) {
            expected.add(topic);
            expected.add(TopicNames.deadLetterOf(topic));
        }
        assertEquals(expected, new TreeSet<>(byAddress.keySet()), "channel addresses");

        byAddress.forEach((address, channel) -> {
            assertEquals(address, channel.at("/bindings/kafka/topic").asText(), "kafka binding topic of " + address);
            List<String> messages = new ArrayList<>();
            channel.path("messages").forEach(m -> messages.add(m.path("$ref").asText()));
            String expectedMessage = address.endsWith(TopicNames.DEAD_LETTER_SUFFIX)
                    ? "DeadLetter" : messageByType.get(TYPE_BY_TOPIC.get(address));
            assertEquals(List.of("#/components/messages/" + expectedMessage), messages, "messages of " + address);
        });
    }

    @Test
    void headersAndContentTypesAreTheOnesTheCodeWrites() {
        assertEquals(CloudEventCodec.CONTENT_TYPE, doc.path("defaultContentType").asText());
        for (String message : messageByType.values()) {
            assertEquals(CloudEventCodec.CONTENT_TYPE, doc.at("/components/messages/" + message + "/contentType").asText(),
                    "contentType of " + message);
        }
        assertEquals(CloudEventCodec.CONTENT_TYPE,
                doc.at("/components/schemas/EventHeaders/properties/content-type/const").asText(),
                "the content-type header the outbox relay sets");
        Set<String> dlt = Set.of(EventConsumerLoop.DLT_REASON, EventConsumerLoop.DLT_CONSUMER, EventConsumerLoop.DLT_SOURCE);
        assertEquals(dlt, texts(doc.at("/components/schemas/DeadLetterHeaders/required")), "dead-letter headers");
        assertTrue(names(doc.at("/components/schemas/DeadLetterHeaders/properties")).containsAll(dlt));
        JsonNode envelope = doc.at("/components/schemas/CloudEvent");
        assertTrue(texts(envelope.path("required")).contains(CloudEventCodec.TENANT_EXTENSION));
        assertTrue(names(envelope.path("properties")).contains(CloudEventCodec.TRACEPARENT_EXTENSION));
    }

    // ---- real events and the document's examples validate ----------------------------------------

    @Test
    void realEncodedEventsValidateAgainstTheDocumentedSchemas() throws Exception {
        PrivacySpent none = new PrivacySpent(null, null, "none", null, null, 0L);
        PrivacySpent dp = new PrivacySpent(1.0, 1e-6, "rdp", 1.1, 0.01, 1000L);
        List<EventEnvelope> events = List.of(
                event(EventTypes.TRAINING_COMPLETED_V1, "job-1", null, new TrainingCompleted("job-1", "adult-v1", null,
                        "logistic", "income", List.of(), Map.of(), none,
                        "http://127.0.0.1:8081/api/privacy/training-jobs/job-1/model", SHA_A, "acme", "user-1")),
                event(EventTypes.TRAINING_COMPLETED_V1, "job-2", TRACEPARENT, new TrainingCompleted("job-2", "adult-v1",
                        SHA_B, "mlp", "income", List.of(new FeatureSpec("age", "numeric", null),
                                new FeatureSpec("sex", "categorical", List.of("F", "M"))),
                        Map.of("accuracy", 0.81, "auc", 0.88), dp,
                        "http://privacy:8080/api/privacy/training-jobs/job-2/model", SHA_A, "acme", "user-1")),
                event(EventTypes.ROUND_READY_V1, "fed-1", TRACEPARENT, new RoundReady("fed-1", 3,
                        List.of("site-a", "site-b"), "http://federation:8080/api/federated/rounds/r-3/model", SHA_B,
                        dp, "acme")),
                event(EventTypes.MODEL_REGISTERED_V1, "bundle-1", TRACEPARENT, new ModelRegistered("bundle-1",
                        "logistic-income", "1", "job-1", new ModelRegistered.Digests(null, null, null, null, SHA_A),
                        null, none, "acme")),
                event(EventTypes.MODEL_REGISTERED_V1, "bundle-2", null, new ModelRegistered("bundle-2",
                        "mlp-income", "2", "job-2", new ModelRegistered.Digests(SHA_A, SHA_B, SHA_A, SHA_B, SHA_A),
                        "packaging-1", null, "acme")));

        Set<String> documentedAttributes = names(doc.at("/components/schemas/CloudEvent/properties"));
        for (EventEnvelope e : events) {
            JsonNode encoded = JSON.readTree(codec.encode(e));
            Set<String> attributes = names(encoded);
            assertTrue(documentedAttributes.containsAll(attributes),
                    "attributes written by CloudEventCodec but not documented: " + diff(attributes, documentedAttributes));
            assertValid(payloadSchema(e.type()), encoded, e.type() + " event " + e.subject());
        }
    }

    @Test
    void theSchemasRejectBrokenEvents() throws Exception {
        ObjectNode good = (ObjectNode) JSON.readTree(codec.encode(event(EventTypes.ROUND_READY_V1, "fed-1", null,
                new RoundReady("fed-1", 1, List.of("a"), "http://f/m", SHA_A,
                        new PrivacySpent(0.5, 1e-5, "rdp", 1.0, 1.0, 1L), "acme"))));
        JsonSchema roundReady = payloadSchema(EventTypes.ROUND_READY_V1);
        assertValid(roundReady, good, "the unbroken event");

        Map<String, ObjectNode> broken = new LinkedHashMap<>();
        broken.put("no tenant", with(good, n -> n.remove("tenant")));
        broken.put("no subject", with(good, n -> n.remove("subject")));
        broken.put("time not a date-time", with(good, n -> n.put("time", "yesterday")));
        broken.put("data not an object", with(good, n -> n.put("data", "e30=")));
        broken.put("round not an integer", with(good, n -> ((ObjectNode) n.get("data")).put("round", "3")));
        broken.put("round null", with(good, n -> ((ObjectNode) n.get("data")).putNull("round")));
        broken.put("globalModelSha256 missing", with(good, n -> ((ObjectNode) n.get("data")).remove("globalModelSha256")));
        broken.put("digest in upper case", with(good, n -> ((ObjectNode) n.get("data"))
                .put("globalModelSha256", SHA_A.toUpperCase())));
        broken.put("steps not an integer", with(good, n -> ((ObjectNode) n.at("/data/clientPrivacySoFar")).put("steps", 1.5)));
        broken.put("another event type", with(good, n -> n.put("type", EventTypes.MODEL_REGISTERED_V1)));
        broken.forEach((what, event) -> assertFalse(roundReady.validate(event).isEmpty(),
                "the documented schema must reject an event with " + what));
    }

    @Test
    void everyExampleInTheDocumentValidates() {
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.at("/components/messages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonSchema payload = schema(m.getValue().path("payload"));
            JsonSchema headers = schema(m.getValue().path("headers"));
            for (JsonNode example : m.getValue().path("examples")) {
                String what = m.getKey() + " example " + example.path("name").asText();
                if (example.has("payload")) {
                    assertValid(payload, example.get("payload"), what);
                    checked++;
                }
                if (example.has("headers")) {
                    assertValid(headers, example.get("headers"), what + " (headers)");
                }
            }
        }
        assertTrue(checked >= messageByType.size(), "every event message has an example payload");
    }

    // ---- record <-> schema comparison -------------------------------------------------------------

    private static void checkRecord(String path, Class<?> record, JsonNode schema, List<String> problems) {
        JsonNode object = find(schema, "properties", p -> true);
        if (object == null) {
            problems.add(path + ": no object schema with properties for " + record.getName());
            return;
        }
        Set<String> components = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = names(object.path("properties"));
        if (!documented.equals(components)) {
            problems.add(path + ": " + record.getName() + " has " + components + " but the schema documents "
                    + documented + " (undocumented: " + diff(components, documented) + ", stale: "
                    + diff(documented, components) + ")");
        }
        Set<String> required = texts(object.path("required"));
        if (!required.equals(components)) {
            problems.add(path + ": 'required' must list every component (Jackson always writes all of them, null or"
                    + " not); it lists " + required);
        }
        for (RecordComponent c : record.getRecordComponents()) {
            JsonNode property = object.path("properties").get(c.getName());
            if (property != null) {
                checkType(path + "." + c.getName(), c.getGenericType(), property, problems);
            }
        }
    }

    private static void checkType(String path, Type type, JsonNode schema, List<String> problems) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        Set<String> types = types(schema);
        boolean nullable = types.remove("null");
        if (raw.isPrimitive() && nullable) {
            problems.add(path + ": Java " + raw + " is never null, but the schema allows null");
        }
        String expected = jsonType(raw);
        if (expected == null) {
            problems.add(path + ": no JSON type known for Java " + type.getTypeName() + "; extend the test");
            return;
        }
        if (!types.equals(Set.of(expected))) {
            problems.add(path + ": Java " + type.getTypeName() + " is JSON " + expected + ", documented as " + types);
            return;
        }
        if (raw.isRecord()) {
            checkRecord(path, raw, schema, problems);
        } else if (Collection.class.isAssignableFrom(raw)) {
            JsonNode array = find(schema, "items", n -> true);
            if (array == null) {
                problems.add(path + ": array without 'items'");
            } else {
                checkType(path + "[]", typeArgument(type, 0), array.get("items"), problems);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            JsonNode map = find(schema, "additionalProperties", n -> n.get("additionalProperties").isObject());
            if (map == null) {
                problems.add(path + ": map without an 'additionalProperties' schema for its values");
            } else {
                checkType(path + "{}", typeArgument(type, 1), map.get("additionalProperties"), problems);
            }
        }
    }

    private static String jsonType(Class<?> c) {
        if (c == String.class) {
            return "string";
        }
        if (c == Double.class || c == double.class || c == Float.class || c == float.class || c == BigDecimal.class) {
            return "number";
        }
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class || c == Short.class
                || c == short.class || c == BigInteger.class) {
            return "integer";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "boolean";
        }
        if (Collection.class.isAssignableFrom(c)) {
            return "array";
        }
        if (Map.class.isAssignableFrom(c) || c.isRecord()) {
            return "object";
        }
        return null;
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new AssertionError("raw collection type " + type + " in an event record");
    }

    // ---- reading the document ---------------------------------------------------------------------

    private static JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertTrue(ref.startsWith("#/"), "only local references are supported: " + ref);
            node = doc.at(ref.substring(1));
            assertFalse(node.isMissingNode(), "dangling reference " + ref);
        }
        return node;
    }

    /** The first (sub)schema, following $ref, allOf, oneOf and anyOf, that has {@code key} and passes {@code test}. */
    private static JsonNode find(JsonNode schema, String key, java.util.function.Predicate<JsonNode> test) {
        JsonNode node = resolve(schema);
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.has(key) && test.test(node)) {
            return node;
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            for (JsonNode branch : node.path(combinator)) {
                JsonNode found = find(branch, key, test);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The part of an event schema that fixes {@code type} (a const) and {@code data}. */
    private static boolean typedEvent(JsonNode schema) {
        return schema.at("/properties/type").has("const") && schema.path("properties").has("data");
    }

    /** The JSON types a schema admits, through $ref, allOf, oneOf and anyOf. */
    private static Set<String> types(JsonNode schema) {
        JsonNode node = resolve(schema);
        Set<String> types = new TreeSet<>();
        JsonNode type = node.path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        } else if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            node.path(combinator).forEach(branch -> types.addAll(types(branch)));
        }
        return types;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    private static Set<String> diff(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    // ---- validation -------------------------------------------------------------------------------

    private static JsonSchema payloadSchema(String type) {
        String message = messageByType.get(type);
        assertNotNull(message, "no documented message for " + type);
        return schema(doc.at("/components/messages/" + message + "/payload"));
    }

    /**
     * A standalone JSON Schema (draft-07, which AsyncAPI schemas extend) for one schema of the
     * document: components.schemas become its definitions.
     */
    private static JsonSchema schema(JsonNode schema) {
        try {
            String from = "#/components/schemas/";
            String to = "#/definitions/";
            ObjectNode root = JSON.createObjectNode();
            root.put("$schema", "http://json-schema.org/draft-07/schema#");
            root.set("definitions", JSON.readTree(JSON.writeValueAsString(doc.at("/components/schemas")).replace(from, to)));
            root.putArray("allOf").add(JSON.readTree(JSON.writeValueAsString(schema).replace(from, to)));
            return FACTORY.getSchema(root, CONFIG);
        } catch (Exception e) {
            throw new AssertionError("cannot build a JSON Schema from asyncapi.yaml", e);
        }
    }

    private static void assertValid(JsonSchema schema, JsonNode value, String what) {
        Set<ValidationMessage> errors = schema.validate(value);
        assertTrue(errors.isEmpty(), what + " does not validate against asyncapi.yaml: " + errors + "\n" + value);
    }

    private static EventEnvelope event(String type, String subject, String traceparent, Object payload) {
        return CloudEventCodec.newEvent("/custos/test", type, subject, "acme", traceparent, payload);
    }

    private static ObjectNode with(ObjectNode event, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode copy = event.deepCopy();
        change.accept(copy);
        return copy;
    }
}
