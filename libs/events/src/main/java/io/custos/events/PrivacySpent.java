package io.custos.events;

/**
 * The privacy accounting of a training run. For a non-private run epsilon is null and
 * accountant is "none".
 */
public record PrivacySpent(
        Double epsilon,
        Double delta,
        String accountant,
        Double noiseMultiplier,
        Double sampleRate,
        Long steps) {
}
