package io.custos.bundle.sbom;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Model-card inputs shared by the ML-BOM tests. */
final class MlBomFixtures {

    static final String ONNX_SHA = "a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
    static final String ARTIFACT_SHA = "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff1";
    static final String DATASET_SHA = "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b";

    private MlBomFixtures() {
    }

    static ModelCardInput privateModel() {
        return input(new ModelCardInput.Privacy(1.5, 1e-5, "rdp", 1.1, 0.01, 3000, 1.0), metrics());
    }

    static ModelCardInput nonPrivateModel() {
        return input(null, metrics());
    }

    static ModelCardInput input(ModelCardInput.Privacy privacy, Map<String, Double> metrics) {
        return new ModelCardInput("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
                Instant.parse("2025-03-04T05:06:07Z"), "income-classifier", "3", "logistic", ONNX_SHA, ARTIFACT_SHA,
                "adult-2025", DATASET_SHA, "income", ">50K",
                List.of(new ModelCardInput.Feature("age", "numeric"),
                        new ModelCardInput.Feature("workclass", "categorical"),
                        new ModelCardInput.Feature("hours-per-week", "numeric")),
                metrics, privacy, "custos-packaging", "0.1.0", RuntimeLibraries.python());
    }

    static Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("logLoss", 0.3921);
        m.put("auc", 0.8812);
        m.put("accuracy", 0.1 + 0.7);
        return m;
    }
}
