package io.custos.events;

import java.util.List;

/**
 * The Kafka topics of the contract. The names are fixed; only an operator-chosen prefix
 * (for shared clusters) may precede them.
 */
public record TopicNames(String prefix) {

    public static final String TRAINING_COMPLETED = "training-completed";
    public static final String ROUND_READY = "round-ready";
    public static final String MODEL_REGISTERED = "model-registered";
    /** Suffix of the dead-letter topic that belongs to each topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    public TopicNames {
        prefix = prefix == null ? "" : prefix.strip();
        if (!prefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("topic prefix may contain only letters, digits, '.', '_' and '-': " + prefix);
        }
    }

    public String trainingCompleted() {
        return prefix + TRAINING_COMPLETED;
    }

    public String roundReady() {
        return prefix + ROUND_READY;
    }

    public String modelRegistered() {
        return prefix + MODEL_REGISTERED;
    }

    public List<String> all() {
        return List.of(trainingCompleted(), roundReady(), modelRegistered());
    }

    public static String deadLetterOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
