package io.custos.privacy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.custos.privacy.ledger.PrivacyLedger;
import io.custos.privacy.training.TrainingWorker;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A worker that dies mid-run leaves a stale claim; the reaper puts the job back and it completes once. */
@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class TrainingRecoveryTest {

    @Inject
    TrainingWorker worker;

    @Inject
    PrivacyLedger ledger;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aJobWhoseWorkerVanishedIsRequeuedAndCompletesOnce() throws Exception {
        String datasetId = TrainingJobResourceTest.upload("acme", TrainingJobResourceTest.syntheticCsv(7));
        UUID jobId = UUID.randomUUID();
        ledger.reserve("acme", datasetId, jobId, 1.0, 1e-5, "alice");
        String request = "{\"datasetId\":\"" + datasetId + "\",\"target\":\"label\",\"modelType\":\"logistic\","
                + "\"epsilon\":1.0,\"delta\":1e-5,\"expectedBatchSize\":100}";
        // As a crashed worker leaves it: claimed three hours ago, never finished.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO privacy.training_jobs (id, tenant, dataset_id, budget_dataset_id, target, model_type,"
                        + " status, requested_epsilon, requested_delta, started_by, created_at, started_at, request)"
                        + " VALUES (?, 'acme', ?, ?, 'label', 'logistic', 'RUNNING', 1.0, 1e-5, 'alice',"
                        + " now() - interval '3 hours', now() - interval '3 hours', ?::jsonb)")) {
            ps.setObject(1, jobId);
            ps.setString(2, datasetId);
            ps.setString(3, datasetId);
            ps.setString(4, request);
            ps.executeUpdate();
        }

        worker.requeueStale();

        String auditor = TestKeys.shared().token("audrey", "acme", "auditor");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(auditor)
                .get("/api/privacy/training-jobs/" + jobId).then().statusCode(200).body("status", equalTo("COMPLETED")));
        assertEquals(1L, ledger.entries("acme", datasetId).stream().filter(e -> e.entry().equals("COMMIT")).count(),
                "committed exactly once");
        given().auth().oauth2(auditor).get("/api/privacy/budget/" + datasetId).then()
                .body("openReservations", equalTo(0), "committedRuns", equalTo(1));
    }
}
