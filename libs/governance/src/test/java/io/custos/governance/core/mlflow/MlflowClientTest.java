package io.custos.governance.core.mlflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.governance.core.mlflow.MlflowSourceConfig.Auth;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MlflowClientTest {

    private static final String PASSWORD = "s3cret-Pa55word";
    private static final String TOKEN = "bearer-token-0123456789abcdef";

    private final FakeMlflowServer fake = FakeMlflowServer.start();

    @AfterEach
    void onlyReadsWereMade() {
        try {
            assertEquals(List.of(), fake.nonReadRequests(), "only GETs to whitelisted read endpoints");
        } finally {
            fake.close();
        }
    }

    private MlflowClient client(MlflowSourceConfig.Builder builder) {
        return new MlflowClient(builder.build());
    }

    private MlflowSourceConfig.Builder config() {
        return MlflowSourceConfig.builder(fake.uri().toString()).timeout(Duration.ofSeconds(5));
    }

    @Test
    void readsRegisteredModelsAsRecorded() throws Exception {
        List<MlflowRegisteredModel> models = client(config()).listRegisteredModels();
        assertEquals(List.of("churn-model", "credit-risk-model"), models.stream().map(MlflowRegisteredModel::name).toList());
        MlflowRegisteredModel credit = models.get(1);
        assertEquals("credit-risk-model registered by seed.py", credit.description());
        assertEquals(Instant.ofEpochMilli(1795447293494L), credit.createdAt());
        assertEquals(Instant.ofEpochMilli(1795447293876L), credit.lastUpdatedAt());
        assertEquals(Map.of("owner", "alice@example.com", "risk_category", "high", "data_sensitivity", "pii"),
                credit.tags());
        assertEquals(Map.of("challenger", "2", "champion", "3"), credit.aliases());
        assertEquals(List.of("champion"), credit.aliasesOf("3"));
        assertEquals(3, credit.latestVersions().size());
    }

    @Test
    void followsPageTokensToTheLastPage() throws Exception {
        fake.pageSize(1);
        MlflowClient client = client(config());
        assertEquals(2, client.listRegisteredModels().size());
        List<MlflowModelVersion> versions = client.listModelVersions(Fixtures.CREDIT);
        assertEquals(List.of("2", "3", "1"), versions.stream().map(MlflowModelVersion::version).toList());

        List<FakeMlflowServer.Request> modelPages = fake.requests().stream()
                .filter(r -> r.path().endsWith("/registered-models/search")).toList();
        assertEquals(2, modelPages.size());
        assertNull(modelPages.get(0).params().get("page_token"));
        assertEquals(FakeMlflowServer.tokenFor(1), modelPages.get(1).params().get("page_token"));
        assertEquals("100", modelPages.get(0).params().get("max_results"));
        List<FakeMlflowServer.Request> versionPages = fake.requests().stream()
                .filter(r -> r.path().endsWith("/model-versions/search")).toList();
        assertEquals(3, versionPages.size());
        assertEquals("name='credit-risk-model'", versionPages.get(0).params().get("filter"));
    }

    @Test
    void aPaginationThatNeverEndsIsAMalformedAnswer() {
        fake.repeatPageToken();
        MlflowException e = assertThrows(MlflowException.class, () -> client(config()).listRegisteredModels());
        assertEquals(MlflowException.Kind.MALFORMED_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("/api/2.0/mlflow/registered-models/search"), e.getMessage());
    }

    @Test
    void theFakeNarrowsVersionsByNameExactlyAsTheRecordedFilteredSearch() throws Exception {
        List<MlflowModelVersion> viaFake = client(config()).listModelVersions(Fixtures.CREDIT);
        List<MlflowModelVersion> recorded = MlflowJson.modelVersionsPage(
                MlflowJson.parseObject(Fixtures.bytes("model-versions-search-filter.json"))).items();
        assertEquals(recorded, viaFake);
    }

    @Test
    void anEmptySearchAnswerIsNoModelsNotAnError() throws Exception {
        fake.noModelsVisible();
        assertEquals(List.of(), client(config()).listRegisteredModels());
    }

    @Test
    void readsARunWithItsLatestMetricsParamsAndTags() throws Exception {
        MlflowRun run = client(config()).getRun(Fixtures.CREDIT_V1_RUN);
        assertEquals("1", run.experimentId());
        assertEquals("alice@example.com", run.userId());
        assertEquals("FINISHED", run.status());
        assertEquals(Instant.ofEpochMilli(1795447291561L), run.startTime());
        assertEquals(Instant.ofEpochMilli(1795447292018L), run.endTime());
        assertEquals(Map.of("auc", 0.81, "loss", 0.3, "accuracy", 0.8600000000000001), run.metrics());
        assertEquals(Map.of("learning_rate", "0.1", "max_depth", "4", "algorithm", "xgb"), run.params());
        assertEquals("ml-platform", run.tags().get("team"));
        assertEquals(List.of(), run.datasetInputs());
    }

    @Test
    void sendsCredentialsAndExtraHeadersWithEveryRequest() throws Exception {
        fake.requireBasicAuth("alice", PASSWORD);
        MlflowClient client = client(config().auth(Auth.basic("alice", PASSWORD)).header("X-Team", "ml-platform"));
        client.listRegisteredModels();
        client.getExperiment("1");
        client.listArtifacts(Fixtures.CREDIT_V1_RUN, "model", null);
        assertEquals(3, fake.requests().size());
        for (FakeMlflowServer.Request r : fake.requests()) {
            assertEquals("ml-platform", r.header("X-Team"), r.path());
            assertTrue(r.header("Authorization").startsWith("Basic "), r.path());
            assertEquals("custos-governance-mlflow-connector", r.header("User-Agent"));
        }
    }

    @Test
    void missingOrWrongBasicCredentialsAreUnauthorizedWithoutTheSecret() {
        fake.requireBasicAuth("alice", PASSWORD);
        MlflowException none = assertThrows(MlflowException.class, () -> client(config()).listRegisteredModels());
        MlflowException wrong = assertThrows(MlflowException.class,
                () -> client(config().auth(Auth.basic("alice", PASSWORD + "-typo"))).listRegisteredModels());
        for (MlflowException e : List.of(none, wrong)) {
            assertEquals(MlflowException.Kind.UNAUTHORIZED, e.kind());
            assertEquals(401, e.httpStatus());
            assertEquals("GET /api/2.0/mlflow/registered-models/search", e.endpoint());
            assertTrue(e.getMessage().contains("GET /api/2.0/mlflow/registered-models/search"), e.getMessage());
            assertTrue(e.getMessage().contains("You are not authenticated"), e.getMessage());
            assertFalse(everything(e).contains(PASSWORD), "no password anywhere in the exception");
        }
    }

    @Test
    void aWrongBearerTokenIsUnauthorizedWithoutTheToken() throws Exception {
        fake.requireBearer(TOKEN);
        assertEquals(2, client(config().auth(Auth.bearer(TOKEN))).listRegisteredModels().size());
        MlflowException e = assertThrows(MlflowException.class,
                () -> client(config().auth(Auth.bearer(TOKEN + "x"))).listRegisteredModels());
        assertEquals(MlflowException.Kind.UNAUTHORIZED, e.kind());
        assertFalse(everything(e).contains(TOKEN));
    }

    @Test
    void anUnknownRunIsNotFoundWithMlflowsMessage() {
        fake.runNotFound(Fixtures.CREDIT_V1_RUN);
        MlflowException e = assertThrows(MlflowException.class,
                () -> client(config()).getRun(Fixtures.CREDIT_V1_RUN));
        assertEquals(MlflowException.Kind.NOT_FOUND, e.kind());
        assertEquals(404, e.httpStatus());
        assertTrue(e.getMessage().contains("GET /api/2.0/mlflow/runs/get?run_id=" + Fixtures.CREDIT_V1_RUN),
                e.getMessage());
        assertTrue(e.getMessage().contains("RESOURCE_DOES_NOT_EXIST: Run with id=doesnotexist not found"),
                e.getMessage());
    }

    @Test
    void aServerThatDoesNotAnswerTimesOutWithinTheConfiguredTimeout() {
        fake.hang("/api/2.0/mlflow/runs/get");
        MlflowClient client = client(config().timeout(Duration.ofMillis(300)));
        long start = System.nanoTime();
        MlflowException e = assertThrows(MlflowException.class, () -> client.getRun(Fixtures.CREDIT_V1_RUN));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(MlflowException.Kind.TIMEOUT, e.kind());
        assertTrue(elapsedMillis >= 250 && elapsedMillis < 2_000, "took " + elapsedMillis + " ms");
        assertTrue(e.getMessage().contains("/api/2.0/mlflow/runs/get"), e.getMessage());
    }

    @Test
    void aTruncatedAnswerIsMalformed() {
        fake.truncate("/api/2.0/mlflow/registered-models/search");
        MlflowException e = assertThrows(MlflowException.class, () -> client(config()).listRegisteredModels());
        assertEquals(MlflowException.Kind.MALFORMED_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void anHtmlErrorPageIsAServerError() {
        fake.serverError("/api/2.0/mlflow/experiments/get");
        MlflowException e = assertThrows(MlflowException.class, () -> client(config()).getExperiment("1"));
        assertEquals(MlflowException.Kind.SERVER_ERROR, e.kind());
        assertEquals(500, e.httpStatus());
        assertTrue(e.getMessage().contains("HTML page: 500 Internal Server Error"), e.getMessage());
    }

    @Test
    void aClosedPortIsUnreachable() {
        FakeMlflowServer gone = FakeMlflowServer.start();
        String uri = gone.uri().toString();
        gone.close();
        MlflowException e = assertThrows(MlflowException.class,
                () -> new MlflowClient(MlflowSourceConfig.builder(uri).timeout(Duration.ofSeconds(2)).build())
                        .listRegisteredModels());
        assertEquals(MlflowException.Kind.UNREACHABLE, e.kind());
    }

    @Test
    void downloadsHashTheServedBytesAndKeepOnlyTheAskedHead() throws Exception {
        byte[] served = Fixtures.bytes("get-artifact-MLmodel.txt");
        MlflowArtifactDownload d = client(config()).downloadArtifact(Fixtures.CREDIT_V1_RUN, "model/MLmodel", 1024, 12);
        assertFalse(d.overLimit());
        assertEquals(376, d.bytesRead());
        assertEquals(Fixtures.sha256(served), d.sha256());
        assertArrayEquals("artifact_pat".getBytes(), d.head());

        MlflowArtifactDownload capped = client(config()).downloadArtifact(Fixtures.CREDIT_V1_RUN, "model/MLmodel", 100, 0);
        assertTrue(capped.overLimit());
        assertNull(capped.sha256());
    }

    @Test
    void worksBehindAPathPrefix() throws Exception {
        try (FakeMlflowServer prefixed = FakeMlflowServer.start("/mlflow")) {
            MlflowClient client = new MlflowClient(MlflowSourceConfig.builder(prefixed.uri() + "/").build());
            assertEquals("credit-risk-scoring", client.getExperiment("1").name());
            assertEquals("/api/2.0/mlflow/experiments/get", prefixed.requests().get(0).path());
            assertEquals(List.of(), prefixed.nonReadRequests());
        }
    }

    @Test
    void messagesNeverCarryAConfiguredSecretEvenIfAServerEchoesIt() {
        MlflowClient client = client(config().auth(Auth.basic("alice", PASSWORD)).header("X-Api-Key", TOKEN));
        String basic = java.util.Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes());
        assertEquals("echo *** and *** and ***", client.redact("echo " + PASSWORD + " and " + basic + " and " + TOKEN));
        assertEquals("short values like 'ml' are left alone", new MlflowClient(config().header("X-Team", "ml").build())
                .redact("short values like 'ml' are left alone"));
    }

    @Test
    void callerHeadersReplaceTheDefaultsRatherThanDoublingThem() throws Exception {
        client(config().header("User-Agent", "acme-governance/1.0")).getExperiment("1");
        FakeMlflowServer.Request r = fake.requests().get(0);
        assertEquals(List.of("acme-governance/1.0"), r.headers().get("User-agent"));
    }

    @Test
    void everyEndpointTheClientKnowsIsARead() {
        for (MlflowEndpoint endpoint : MlflowEndpoint.values()) {
            String path = endpoint.path();
            assertTrue(path.endsWith("/search") || path.endsWith("/get") || path.endsWith("/list")
                    || path.equals("/get-artifact"), path);
        }
        assertEquals("GET", MlflowEndpoint.METHOD);
    }

    /** Message, toString and stack trace with causes: everywhere a secret could leak to a log. */
    static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return t.getMessage() + "\n" + t + "\n" + out;
    }
}
