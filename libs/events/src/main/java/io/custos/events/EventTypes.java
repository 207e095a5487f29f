package io.custos.events;

import java.util.Map;

/** CloudEvents {@code type} values; the trailing version changes only with an incompatible payload. */
public final class EventTypes {

    public static final String TRAINING_COMPLETED_V1 = "io.custos.training.completed.v1";
    public static final String ROUND_READY_V1 = "io.custos.federation.round-ready.v1";
    public static final String MODEL_REGISTERED_V1 = "io.custos.model.registered.v1";

    private static final Map<String, Class<?>> PAYLOADS = Map.of(
            TRAINING_COMPLETED_V1, TrainingCompleted.class,
            ROUND_READY_V1, RoundReady.class,
            MODEL_REGISTERED_V1, ModelRegistered.class);

    private EventTypes() {
    }

    /** The payload record of a known type, or null for a type this library does not know. */
    public static Class<?> payloadOf(String type) {
        return PAYLOADS.get(type);
    }
}
