package io.custos.packaging.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.custos.events.TrainingCompleted;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bundle names: stable and URL-safe, and a federation's model is never a version of a central one. */
class ModelNameTest {

    private static TrainingCompleted training(String datasetId, String target) {
        return new TrainingCompleted("j", datasetId, null, "logistic", target, List.of(), Map.of(), null, "u", "s",
                "acme", "alice");
    }

    @Test
    void centralAndFederatedModelsOfOneTargetHaveDistinctNames() {
        assertEquals("logistic-income", BundleService.modelName(training("adult-v3", "income")));
        assertEquals("federated-logistic-income",
                BundleService.modelName(training(TrainingCompleted.federationDatasetId("f-1"), "income")));
    }
}
