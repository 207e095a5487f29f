package io.custos.governance.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.events.ModelRegistered;
import io.custos.events.PrivacySpent;
import io.custos.events.TrainingCompleted;
import io.custos.governance.core.model.ModelVersionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inventory record of a Custos model names its federation when federated learning trained it. */
class CustosRecordsTest {

    private static final PrivacySpent CLIENT_DP = new PrivacySpent(2.5, 1e-5, "rdp-client-level", 1.1, 1.0, 10L);

    private static ModelVersionRecord record(String jobId, String datasetId, PrivacySpent privacy) {
        TrainingCompleted t = new TrainingCompleted(jobId, datasetId, "cd".repeat(32), "logistic", "income", List.of(),
                Map.of(), privacy, "http://federation/model", "ef".repeat(32), "acme", "alice");
        ModelRegistered m = new ModelRegistered("b-1", "federated-logistic-income", "1", jobId,
                new ModelRegistered.Digests("11".repeat(32), "22".repeat(32), "33".repeat(32), "44".repeat(32),
                        "ef".repeat(32)), "ed25519:0123456789abcdef0123456789abcdef", privacy, "acme");
        return CustosRecords.of(m, t, Instant.parse("2026-11-24T00:00:00Z"), "http://packaging/bundles/b-1");
    }

    @Test
    void aFederatedModelsLineageNamesItsFederation() {
        String federation = "6f1c0b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f";
        ModelVersionRecord r = record(federation, TrainingCompleted.federationDatasetId(federation), CLIENT_DP);
        assertEquals(federation, r.lineage().federationId());
        assertTrue(r.lineage().trainingEntrypoint().startsWith("custos federation " + federation),
                r.lineage().trainingEntrypoint());
        assertEquals("federation:" + federation, r.lineage().datasetReference());
        assertEquals("rdp-client-level", r.risk().privacy().accountant());
    }

    @Test
    void aCentrallyTrainedModelHasNoFederation() {
        ModelVersionRecord r = record("job-7", "adult-v3", new PrivacySpent(1.0, 1e-6, "rdp", 1.1, 0.01, 900L));
        assertNull(r.lineage().federationId());
        assertEquals("custos training job job-7", r.lineage().trainingEntrypoint());
    }
}
