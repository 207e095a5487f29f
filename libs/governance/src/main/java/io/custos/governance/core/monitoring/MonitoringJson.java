package io.custos.governance.core.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The JSON mapping of profiles, batches and reports. Strict on input, because a silently dropped
 * or rounded field would silently change a drift verdict: unknown properties are refused (a typo
 * such as {@code "count"} for {@code "counts"}), and a fractional count is refused rather than
 * truncated.
 */
final class MonitoringJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private MonitoringJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static <T> T read(String json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw translate(e, what);
        }
    }

    static <T> T read(InputStream json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw translate(e, what);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what, e);
        }
    }

    /** Our own validation errors pass through; Jackson's become ones that name the field. */
    private static RuntimeException translate(JsonProcessingException e, String what) {
        if (e instanceof ValueInstantiationException && e.getCause() instanceof MonitoringInputException m) {
            return m;
        }
        if (e instanceof JsonMappingException m) {
            String path = path(m);
            if (m instanceof UnrecognizedPropertyException u) {
                return new MonitoringInputException(path, "unknown property '" + u.getPropertyName() + "' in the "
                        + what + (path.isEmpty() ? "" : " at " + path) + "; known ones are "
                        + u.getKnownPropertyIds());
            }
            return new MonitoringInputException(path.isEmpty() ? what : path, "the " + what + " is not valid JSON"
                    + " for its format" + (path.isEmpty() ? "" : " at " + path) + ": " + m.getOriginalMessage());
        }
        return new MonitoringInputException(what, "the " + what + " is not valid JSON: " + e.getOriginalMessage());
    }

    private static String path(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (s.length() > 0) {
                    s.append('.');
                }
                s.append(r.getFieldName());
            }
        }
        return s.toString();
    }
}
