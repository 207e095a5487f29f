package io.custos.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventCodecTest {

    private final CloudEventCodec codec = new CloudEventCodec();

    private static TrainingCompleted payload() {
        return new TrainingCompleted("job-1", "ds-1", "ab".repeat(32), "logistic", "income",
                List.of(new FeatureSpec("age", "numeric", null), new FeatureSpec("sex", "categorical", List.of("F", "M"))),
                Map.of("accuracy", 0.81),
                new PrivacySpent(1.0, 1e-5, "rdp", 1.1, 0.01, 1000L),
                "http://privacy/api/privacy/training-jobs/job-1/model", "cd".repeat(32), "acme", "alice");
    }

    /** A federation's final model names its federation through the dataset id, and nothing else is added to the JSON. */
    @Test
    void aFederatedModelNamesItsFederationWithoutAnExtraMember() throws Exception {
        assertNull(payload().federationId());
        TrainingCompleted federated = new TrainingCompleted("f-1", TrainingCompleted.federationDatasetId("f-1"),
                "ab".repeat(32), "logistic", "income", List.of(), Map.of(), new PrivacySpent(null, null, "none", null,
                        null, null), "http://federation/api/federated/federations/f-1/model", "cd".repeat(32), "acme",
                "alice");
        assertEquals("f-1", federated.federationId());
        assertEquals("federation:f-1", federated.datasetId());
        JsonNode json = CloudEventCodec.MAPPER.valueToTree(federated);
        assertTrue(json.path("federationId").isMissingNode(), json.toString());
        assertEquals(12, json.size());
    }

    @Test
    void encodesStructuredModeWithTenantTraceAndInlineJsonData() throws Exception {
        EventEnvelope event = CloudEventCodec.newEvent("/custos/privacy-service", EventTypes.TRAINING_COMPLETED_V1,
                "job-1", "acme", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", payload());

        JsonNode json = CloudEventCodec.MAPPER.readTree(codec.encode(event));

        assertEquals("1.0", json.get("specversion").asText());
        assertEquals(event.id(), json.get("id").asText());
        assertEquals("io.custos.training.completed.v1", json.get("type").asText());
        assertEquals("job-1", json.get("subject").asText());
        assertEquals("acme", json.get("tenant").asText());
        assertEquals("application/json", json.get("datacontenttype").asText());
        assertTrue(json.get("data").isObject(), "data must be inline JSON, not base64");
        assertEquals(0.81, json.get("data").get("metrics").get("accuracy").asDouble());
        assertTrue(json.hasNonNull("time"));
    }

    @Test
    void roundTripKeepsEveryAttributeAndBindsThePayload() {
        EventEnvelope event = CloudEventCodec.newEvent("/custos/privacy-service", EventTypes.TRAINING_COMPLETED_V1,
                "job-1", "acme", null, payload());

        EventEnvelope decoded = codec.decode(codec.encode(event));

        assertEquals(event.id(), decoded.id());
        assertEquals(event.source(), decoded.source());
        assertEquals(event.type(), decoded.type());
        assertEquals(event.subject(), decoded.subject());
        assertEquals(event.tenant(), decoded.tenant());
        assertEquals(event.time().toInstant(), decoded.time().toInstant());
        assertNull(decoded.traceparent());
        assertEquals(payload(), decoded.dataAs(TrainingCompleted.class));
    }

    @Test
    void rejectsEventsWithoutTenantSubjectOrJsonData() throws Exception {
        EventEnvelope event = CloudEventCodec.newEvent("/s", EventTypes.TRAINING_COMPLETED_V1, "job-1", "acme", null,
                payload());
        ObjectNode json = (ObjectNode) CloudEventCodec.MAPPER.readTree(codec.encode(event));

        ObjectNode noTenant = json.deepCopy();
        noTenant.remove("tenant");
        MalformedEventException e1 = assertThrows(MalformedEventException.class,
                () -> codec.decode(CloudEventCodec.MAPPER.writeValueAsBytes(noTenant)));
        assertTrue(e1.getMessage().contains("tenant"), e1.getMessage());

        ObjectNode noSubject = json.deepCopy();
        noSubject.remove("subject");
        MalformedEventException e2 = assertThrows(MalformedEventException.class,
                () -> codec.decode(CloudEventCodec.MAPPER.writeValueAsBytes(noSubject)));
        assertTrue(e2.getMessage().contains("subject"), e2.getMessage());

        MalformedEventException e3 = assertThrows(MalformedEventException.class,
                () -> codec.decode("not json".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e3.getMessage().contains("CloudEvents"), e3.getMessage());

        ObjectNode badData = json.deepCopy();
        badData.set("data", CloudEventCodec.MAPPER.readTree("{\"round\":\"not-a-number\",\"metrics\":42}"));
        MalformedEventException e4 = assertThrows(MalformedEventException.class,
                () -> codec.decode(CloudEventCodec.MAPPER.writeValueAsBytes(badData)));
        assertTrue(e4.getMessage().contains("TrainingCompleted"), e4.getMessage());
    }

    @Test
    void topicNamesAreFixedAndOnlyPrefixed() {
        assertEquals(List.of("training-completed", "round-ready", "model-registered"), new TopicNames("").all());
        assertEquals("acme.model-registered", new TopicNames("acme.").modelRegistered());
        assertEquals("training-completed.dlt", TopicNames.deadLetterOf("training-completed"));
        assertThrows(IllegalArgumentException.class, () -> new TopicNames("bad prefix/"));
    }
}
