package io.custos.privacy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.RdpAccountant;
import io.custos.privacy.ledger.Budget;
import io.custos.privacy.ledger.PrivacyLedger;
import io.custos.service.problem.ProblemException;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class PrivacyLedgerTest {

    @Inject
    PrivacyLedger ledger;

    @Inject
    AgroalDataSource dataSource;

    private static String dataset() {
        return "ds-" + UUID.randomUUID();
    }

    private static String token(String tenant, String... roles) {
        return TestKeys.shared().token("steward", tenant, roles);
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteLedgerEntries() throws Exception {
        String ds = dataset();
        ledger.reserve("acme", ds, UUID.randomUUID(), 0.5, 1e-7, "alice");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "UPDATE privacy.privacy_ledger SET epsilon = 0 WHERE dataset_id = '" + ds + "'",
                    "DELETE FROM privacy.privacy_ledger WHERE dataset_id = '" + ds + "'",
                    "TRUNCATE privacy.privacy_ledger")) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
                assertTrue(e.getMessage().contains("append-only"), e.getMessage());
            }
        }
        assertEquals(1, ledger.entries("acme", ds).size());
    }

    @Test
    void reservationsCommitsAndReleasesAddUpAndComposeUnderRdp() {
        String ds = dataset();
        ledger.setLimit("acme", ds, 8.0, 1e-5, "steward");
        double[] orders = RdpAccountant.DEFAULT_ORDERS;
        double[] run1 = RdpAccountant.poissonSubsampledGaussian(0.01, 1.0, 1000, orders);
        double[] run2 = RdpAccountant.poissonSubsampledGaussian(0.02, 1.2, 500, orders);
        double eps1 = RdpAccountant.epsilon(orders, run1, 1e-6, Conversion.IMPROVED).epsilon();
        double eps2 = RdpAccountant.epsilon(orders, run2, 1e-6, Conversion.IMPROVED).epsilon();

        UUID a = UUID.randomUUID();
        ledger.reserve("acme", ds, a, 3.0, 1e-6, "alice");
        Budget afterReserve = ledger.budget("acme", ds);
        assertEquals(3.0, afterReserve.epsilonReserved(), 1e-12);
        assertEquals(5.0, afterReserve.epsilonRemaining(), 1e-12);
        ledger.commit("acme", ds, a, eps1, 1e-6, 1e-6, "rdp", orders, run1, "worker");

        UUID b = UUID.randomUUID();
        ledger.reserve("acme", ds, b, 1.5, 1e-6, "alice");
        ledger.release("acme", ds, b, "training failed", "worker");

        UUID c = UUID.randomUUID();
        ledger.reserve("acme", ds, c, 3.0, 1.5e-6, "alice");
        ledger.commit("acme", ds, c, eps2, 1.5e-6, 1e-6, "rdp", orders, run2, "worker");

        Budget budget = ledger.budget("acme", ds);
        assertEquals(eps1 + eps2, budget.epsilonSpent(), 1e-12, "plain sum of the committed runs");
        assertEquals(0, budget.epsilonReserved(), 1e-12, "no open reservation left");
        assertEquals(8.0 - eps1 - eps2, budget.epsilonRemaining(), 1e-12);
        assertEquals(2.5e-6, budget.deltaSpent(), 1e-18, "total delta includes the second run's thresholding delta");
        double[] sum = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            sum[i] = run1[i] + run2[i];
        }
        // The curves convert at the sum of their own deltas; thresholding delta stays outside.
        double composed = RdpAccountant.epsilon(orders, sum, 2e-6, Conversion.IMPROVED).epsilon();
        assertEquals(composed, budget.epsilonComposed(), 1e-9);
        assertTrue(budget.epsilonComposed() < budget.epsilonSpent(), "RDP composition is tighter than the sum");
        assertEquals(2, budget.committedRuns());
        assertEquals(List.of("RESERVE", "COMMIT", "RESERVE", "RELEASE", "RESERVE", "COMMIT"),
                ledger.entries("acme", ds).stream().map(e -> e.entry()).toList());

        assertThrows(IllegalStateException.class, () -> ledger.commit("acme", ds, b, 0.1, 1e-7, 1e-7, "rdp", null, null, "x"),
                "a released reservation cannot be committed");
    }

    @Test
    void anOverBudgetReservationIsRefusedWithWhatRemains() {
        String ds = dataset();
        ledger.setLimit("acme", ds, 1.0, 1e-5, "steward");
        ledger.reserve("acme", ds, UUID.randomUUID(), 0.75, 1e-7, "alice");
        ProblemException e = assertThrows(ProblemException.class,
                () -> ledger.reserve("acme", ds, UUID.randomUUID(), 0.5, 1e-7, "alice"));
        assertEquals(409, e.status());
        assertTrue(e.getMessage().contains("epsilon 0.25 remaining of its limit 1 (spent 0, reserved 0.75)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("needs 0.5"), e.getMessage());
        assertEquals(1, ledger.entries("acme", ds).size(), "nothing written for the refused job");
    }

    @Test
    void concurrentSubmissionsCanNeverOverspend() throws Exception {
        String ds = dataset();
        ledger.setLimit("acme", ds, 5.0, 1e-3, "steward");
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                start.await();
                try {
                    ledger.reserve("acme", ds, UUID.randomUUID(), 1.0, 1e-6, "racer");
                    return true;
                } catch (ProblemException e) {
                    assertEquals(409, e.status());
                    return false;
                }
            }));
        }
        start.countDown();
        int accepted = 0;
        for (Future<Boolean> f : results) {
            if (f.get(60, TimeUnit.SECONDS)) {
                accepted++;
            }
        }
        pool.shutdown();
        assertEquals(5, accepted, "exactly the budget's worth of jobs is accepted");
        Budget budget = ledger.budget("acme", ds);
        assertEquals(5.0, budget.epsilonReserved(), 1e-12);
        assertEquals(0.0, budget.epsilonRemaining(), 1e-12);
        assertEquals(5, ledger.entries("acme", ds).size());
    }

    @Test
    void budgetAndReportThroughTheApi() {
        String ds = dataset();
        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"epsilonLimit\":2.5,\"deltaLimit\":1e-6}").put("/api/privacy/budget/" + ds)
                .then().statusCode(200).body("epsilonLimit", equalTo(2.5f), "epsilonRemaining", equalTo(2.5f));
        ledger.reserve("acme", ds, UUID.randomUUID(), 2.0, 1e-7, "alice");
        given().auth().oauth2(token("acme", "auditor")).get("/api/privacy/budget/" + ds).then().statusCode(200)
                .body("epsilonReserved", equalTo(2.0f), "openReservations", equalTo(1));
        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"epsilonLimit\":1.0,\"deltaLimit\":1e-6}").put("/api/privacy/budget/" + ds)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("cannot go below"));
        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"epsilonLimit\":-1,\"deltaLimit\":2}").put("/api/privacy/budget/" + ds)
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("epsilonLimit", "deltaLimit"));
        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body("{\"epsilonLimit\":9,\"deltaLimit\":1e-6}").put("/api/privacy/budget/" + ds)
                .then().statusCode(403);
        // Another tenant's dataset of the same name has its own, untouched budget.
        given().auth().oauth2(token("globex", "auditor")).get("/api/privacy/budget/" + ds).then().statusCode(200)
                .body("epsilonReserved", equalTo(0.0f), "epsilonLimit", equalTo(10.0f));

        given().auth().oauth2(token("acme", "auditor")).get("/api/privacy/ledger/report?format=json&datasetId=" + ds)
                .then().statusCode(200).body("$", hasSize(1)).body("[0].entry", equalTo("RESERVE"));
        String csv = given().auth().oauth2(token("acme", "auditor"))
                .get("/api/privacy/ledger/report?format=csv&datasetId=" + ds).then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        assertTrue(csv.startsWith("id,dataset_id,job_id,entry,epsilon"), csv);
        assertEquals(2, csv.strip().split("\n").length);
        given().auth().oauth2(token("acme", "auditor")).get("/api/privacy/ledger/report?format=xml").then()
                .statusCode(400).body("errors[0].field", equalTo("format"));
        given().auth().oauth2(token("globex", "auditor")).get("/api/privacy/ledger/report?datasetId=" + ds)
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void theAccountantAnswersOverRest() {
        // TF Privacy compute_dp_sgd_privacy_test.py Test0: q = 150/60000, 6000 steps, sigma 1.3 -> 0.7242234026
        String body = given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body("{\"sampleRate\":0.0025,\"steps\":6000,\"noiseMultiplier\":1.3,\"delta\":1e-5}")
                .post("/api/privacy/accountant/epsilon").then().statusCode(200)
                .body("optimalOrder", equalTo(19.0f), "conversion", equalTo("improved")).extract().asString();
        assertEquals(0.7242234026109595, io.restassured.path.json.JsonPath.from(body)
                .using(io.restassured.path.json.config.JsonPathConfig.jsonPathConfig()
                        .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE))
                .getDouble("epsilon"), 1e-9);
        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body("{\"sampleRate\":0.04,\"steps\":2250,\"epsilon\":8,\"delta\":1e-5}")
                .post("/api/privacy/accountant/noise").then().statusCode(200)
                .body("noiseMultiplier", org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThan(1.41f))
                        .and(org.hamcrest.Matchers.lessThan(1.43f)));
        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body("{\"sampleRate\":0,\"steps\":0,\"epsilon\":0,\"delta\":1,\"conversion\":\"magic\"}")
                .post("/api/privacy/accountant/noise").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("sampleRate", "steps", "epsilon", "delta",
                        "conversion"));
        given().contentType(ContentType.JSON).body("{}").post("/api/privacy/accountant/epsilon").then().statusCode(401);
    }
}
