package io.custos.governance.core.monitoring;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small profiles and alerts shared by the monitoring tests. */
final class Fixtures {

    static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    private Fixtures() {
    }

    /** age: 3 bins over [0, 30]; colour: A/B/C; predictions: 2 bins. Proportions 1:2:1, 5:3:2, 1:1. */
    static ReferenceProfile profile() {
        return new ReferenceProfile("fraud-detector@3", ProfileOrigin.DP_TRAINING, "training job 42, epsilon 3",
                List.of(FeatureProfile.numeric("age", List.of(0.0, 10.0, 20.0, 30.0), List.of(100L, 200L, 100L),
                        15.0, 6.0),
                        FeatureProfile.categorical("colour", ordered("A", 500L, "B", 300L, "C", 200L))),
                new PredictionHistogram(List.of(0.0, 0.5, 1.0), List.of(500L, 500L)));
    }

    static Map<String, Long> ordered(Object... keyValues) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], (Long) keyValues[i + 1]);
        }
        return m;
    }

    static Alert alert(Severity severity) {
        return new Alert("alert-1", "acme", "fraud-detector@3", severity, severity + " drift on model fraud-detector@3",
                "2 of 3 features drifted: age (CRITICAL, PSI 0.41), colour (WARNING, PSI 0.12)",
                List.of("age", "colour"), AT);
    }
}
