package io.custos.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One CloudEvents 1.0 event as Custos uses it: the required context attributes, the
 * {@code tenant} extension, the W3C {@code traceparent} (CloudEvents distributed-tracing
 * extension, may be null) and the JSON data.
 */
public record EventEnvelope(
        String id,
        String source,
        String type,
        OffsetDateTime time,
        String subject,
        String tenant,
        String traceparent,
        JsonNode data) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(data, "data");
    }

    /** The data bound to its payload record. */
    public <T> T dataAs(Class<T> payloadType) {
        try {
            return CloudEventCodec.MAPPER.treeToValue(data, payloadType);
        } catch (Exception e) {
            throw new MalformedEventException("data of event " + id + " is not a valid " + payloadType.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }
}
