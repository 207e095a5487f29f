package io.custos.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * CloudEvents 1.0 structured JSON mode ({@code application/cloudevents+json}) via the
 * CloudEvents SDK, plus the checks Custos adds: tenant extension, subject, time and JSON data
 * are mandatory, and the data of a known type must bind to its payload record.
 */
public final class CloudEventCodec {

    public static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE;
    public static final String TENANT_EXTENSION = "tenant";
    public static final String TRACEPARENT_EXTENSION = "traceparent";

    /** Shared mapper: ISO-8601 times, tolerant of fields added by newer producers. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final JsonFormat format = new JsonFormat();

    /** A new event with a random id and the current time. */
    public static EventEnvelope newEvent(String source, String type, String subject, String tenant,
            String traceparent, Object payload) {
        return new EventEnvelope(UUID.randomUUID().toString(), source, type,
                OffsetDateTime.now(ZoneOffset.UTC), subject, tenant, traceparent, MAPPER.valueToTree(payload));
    }

    public byte[] encode(EventEnvelope event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withSource(URI.create(event.source()))
                .withType(event.type())
                .withTime(event.time())
                .withSubject(event.subject())
                .withDataContentType("application/json")
                .withExtension(TENANT_EXTENSION, event.tenant());
        if (event.traceparent() != null) {
            builder.withExtension(TRACEPARENT_EXTENSION, event.traceparent());
        }
        try {
            builder.withData("application/json", MAPPER.writeValueAsBytes(event.data()));
        } catch (Exception e) {
            throw new IllegalArgumentException("event data cannot be written as JSON", e);
        }
        return format.serialize(builder.build());
    }

    /**
     * Parses and checks one structured-mode event.
     *
     * @throws MalformedEventException naming what is wrong, for the dead-letter reason
     */
    public EventEnvelope decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedEventException("empty message");
        }
        CloudEvent ce;
        try {
            ce = format.deserialize(bytes);
        } catch (RuntimeException e) {
            throw new MalformedEventException("not a CloudEvents 1.0 JSON event: " + e.getMessage(), e);
        }
        if (ce.getTime() == null) {
            throw new MalformedEventException("event " + ce.getId() + " has no time");
        }
        if (ce.getSubject() == null || ce.getSubject().isBlank()) {
            throw new MalformedEventException("event " + ce.getId() + " has no subject");
        }
        Object tenant = ce.getExtension(TENANT_EXTENSION);
        if (tenant == null || tenant.toString().isBlank()) {
            throw new MalformedEventException("event " + ce.getId() + " has no tenant extension");
        }
        if (ce.getData() == null) {
            throw new MalformedEventException("event " + ce.getId() + " has no data");
        }
        JsonNode data;
        try {
            data = MAPPER.readTree(ce.getData().toBytes());
        } catch (Exception e) {
            throw new MalformedEventException("data of event " + ce.getId() + " is not JSON: " + e.getMessage(), e);
        }
        if (data == null || !data.isObject()) {
            throw new MalformedEventException("data of event " + ce.getId() + " is not a JSON object");
        }
        Object traceparent = ce.getExtension(TRACEPARENT_EXTENSION);
        EventEnvelope envelope = new EventEnvelope(ce.getId(), ce.getSource().toString(), ce.getType(),
                ce.getTime(), ce.getSubject(), tenant.toString(),
                traceparent == null ? null : traceparent.toString(), data);
        Class<?> payload = EventTypes.payloadOf(ce.getType());
        if (payload != null) {
            envelope.dataAs(payload); // fail fast on data that does not bind
        }
        return envelope;
    }
}
