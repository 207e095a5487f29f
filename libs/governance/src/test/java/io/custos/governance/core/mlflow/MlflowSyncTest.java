package io.custos.governance.core.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.governance.core.mlflow.MlflowSourceConfig.Auth;
import io.custos.governance.core.model.ModelVersionRecord;
import io.custos.governance.core.model.ModelVersionRecord.ArtifactFile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whole syncs against the fake built from the recorded MLflow 2.17 answers. Only run cef9…
 * (credit-risk-model v1) had its artifacts recorded, so the other four versions come back with
 * their run and experiment but, honestly, without artifacts: incomplete, saying why.
 */
class MlflowSyncTest {

    private static final String PASSWORD = "correct-horse-battery-staple";
    private static final String TOKEN = "tok-3f8a9c0d1e2b4a5f6e7d8c9b0a1f2e3d";
    private static final String ARTIFACT_ROOT_V1 = "/srv/mlflow/artifacts/1/" + Fixtures.CREDIT_V1_RUN + "/artifacts";

    private final FakeMlflowServer fake = FakeMlflowServer.start();
    private final MlflowSync sync = new MlflowSync();

    /** Collects what a sync hands out. */
    private static final class Collected implements SyncListener {
        final List<ModelVersionRecord> records = new ArrayList<>();
        final List<VersionState> states = new ArrayList<>();

        @Override
        public void version(ModelVersionRecord record) {
            records.add(record);
        }

        @Override
        public void state(VersionState state) {
            states.add(state);
        }

        ModelVersionRecord record(String model, String version) {
            return records.stream()
                    .filter(r -> r.identity().modelName().equals(model) && r.lifecycle().version().equals(version))
                    .findFirst().orElseThrow(() -> new AssertionError("no record for " + model + " v" + version));
        }

        VersionState state(String model, String version) {
            return states.stream().filter(s -> s.modelName().equals(model) && s.version().equals(version))
                    .findFirst().orElseThrow();
        }
    }

    @AfterEach
    void onlyReadsWereMade() {
        try {
            assertEquals(List.of(), fake.nonReadRequests(), "only GETs to whitelisted read endpoints");
        } finally {
            fake.close();
        }
    }

    private MlflowSourceConfig.Builder config() {
        return MlflowSourceConfig.builder(fake.uri().toString()).timeout(Duration.ofSeconds(5))
                .source("src-1", "Customer MLflow");
    }

    private static Instant ms(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    @Test
    void aFullSyncMapsEveryFieldOfTheDesignTableFromMlflow() {
        Collected out = new Collected();
        SyncResult result = sync.sync(config().build(), null, out);

        assertNull(result.error());
        String mlmodel = Fixtures.text("get-artifact-MLmodel.txt");
        String notRecorded = "download failed: NOT_FOUND (HTTP 404)";
        ModelVersionRecord expected = new ModelVersionRecord(
                new ModelVersionRecord.Source("mlflow", "src-1", "Customer MLflow", fake.uri().toString()),
                new ModelVersionRecord.Identity("credit-risk-model", "credit-risk-model registered by seed.py", null,
                        "alice@example.com"),
                new ModelVersionRecord.Lifecycle("1", "NONE", List.of(), ms(1795447293549L), ms(1795447293549L),
                        "NOT_DEPLOYED", Fixtures.CREDIT_V1_RUN, ARTIFACT_ROOT_V1 + "/model"),
                new ModelVersionRecord.Evidence("FINISHED", ms(1795447291561L), ms(1795447292018L),
                        Map.of("auc", 0.81, "loss", 0.3, "accuracy", 0.8600000000000001),
                        Map.of("learning_rate", "0.1", "max_depth", "4", "algorithm", "xgb"),
                        Map.of("validation_status", "approved")),
                new ModelVersionRecord.Lineage("1", "credit-risk-scoring", null, null, null, null, ARTIFACT_ROOT_V1,
                        null, null),
                new ModelVersionRecord.RiskCompliance("high", null, "pii", true, null, null, null, null),
                new ModelVersionRecord.Artifacts(
                        Map.of("model/MLmodel", mlmodel),
                        List.of(new ArtifactFile("model/MLmodel", 376L, Fixtures.sha256(Fixtures.bytes(
                                        "get-artifact-MLmodel.txt")), null),
                                new ArtifactFile("model/conda.yaml", 135L, null, notRecorded),
                                new ArtifactFile("model/requirements.txt", 49L, null, notRecorded),
                                new ArtifactFile("requirements.txt", 49L, null, notRecorded)),
                        List.of(), null, null, null),
                ModelVersionRecord.Completeness.COMPLETE);
        assertEquals(expected, out.record(Fixtures.CREDIT, "1"));

        ModelVersionRecord v3 = out.record(Fixtures.CREDIT, "3");
        assertEquals(new ModelVersionRecord.Lifecycle("3", "PRODUCTION", List.of("champion"), ms(1795447293636L),
                ms(1795447293841L), "DEPLOYED", Fixtures.CREDIT_V3_RUN,
                "/srv/mlflow/artifacts/1/" + Fixtures.CREDIT_V3_RUN + "/artifacts/model"), v3.lifecycle());
        assertEquals(Map.of("auc", 0.78, "loss", 0.3, "accuracy", 0.8300000000000001), v3.evidence().metrics());
        assertEquals("0.03333333333333333", v3.evidence().hyperparameters().get("learning_rate"));
        assertEquals("logreg", v3.evidence().hyperparameters().get("algorithm"));
        assertEquals("credit-risk-scoring", v3.lineage().experimentName());
        assertFalse(v3.completeness().complete());
        assertTrue(v3.completeness().reason().startsWith("artifacts not listed: MLflow GET "
                + "/api/2.0/mlflow/artifacts/list?run_id=" + Fixtures.CREDIT_V3_RUN + " failed: NOT_FOUND (HTTP 404)"),
                v3.completeness().reason());
        assertNull(v3.artifacts().manifest());

        ModelVersionRecord v2 = out.record(Fixtures.CREDIT, "2");
        assertEquals("STAGING", v2.lifecycle().stage());
        assertEquals(List.of("challenger"), v2.lifecycle().aliases());
        assertEquals("STAGED", v2.lifecycle().deploymentStatus());

        ModelVersionRecord churn2 = out.record(Fixtures.CHURN, "2");
        assertEquals(new ModelVersionRecord.Identity("churn-model", "churn-model registered by seed.py", null,
                "bob@example.com"), churn2.identity());
        assertEquals("STAGING", churn2.lifecycle().stage());
        assertEquals(List.of("candidate"), churn2.lifecycle().aliases());
        assertEquals(new ModelVersionRecord.RiskCompliance("limited", null, "internal", null, null, null, null, null),
                churn2.risk());
        assertEquals("2", churn2.lineage().experimentId());
        assertEquals("churn-prediction", churn2.lineage().experimentName());
        assertEquals(Map.of("auc", 0.75, "loss", 0.3, "accuracy", 0.8), churn2.evidence().metrics());
        assertEquals(ms(1795447293200L), churn2.evidence().trainingStartedAt());
        assertEquals(ms(1795447293438L), churn2.evidence().trainingEndedAt());
    }

    @Test
    void aFullSyncCountsEverythingAndReportsTheHighWaterMark() {
        Collected out = new Collected();
        Instant before = Instant.now();
        SyncResult result = sync.sync(config().build(), null, out);

        assertEquals(new SyncResult(2, 5, 5, 4, result.startedAt(), result.finishedAt(), ms(Fixtures.MAX_LAST_UPDATED),
                null), result);
        assertTrue(result.ok());
        assertFalse(result.startedAt().isBefore(before));
        assertFalse(result.finishedAt().isBefore(result.startedAt()));
        assertEquals(List.of("churn-model 1", "churn-model 2", "credit-risk-model 1", "credit-risk-model 2",
                "credit-risk-model 3"), out.records.stream()
                .map(r -> r.identity().modelName() + " " + r.lifecycle().version()).toList());
        assertEquals(5, out.states.size());
        assertTrue(out.states.stream().allMatch(VersionState::delivered));
        long experimentFetches = fake.requests().stream().filter(r -> r.path().endsWith("/experiments/get")).count();
        assertEquals(2, experimentFetches, "each experiment is fetched once per sync");
    }

    @Test
    void paginationIsFollowedAcrossPagesAndGivesTheSameRecords() {
        Collected whole = new Collected();
        sync.sync(config().build(), null, whole);

        fake.pageSize(1);
        int before = fake.requests().size();
        Collected paged = new Collected();
        SyncResult result = sync.sync(config().build(), null, paged);

        assertTrue(result.ok(), result.error());
        assertEquals(whole.records, paged.records);
        List<FakeMlflowServer.Request> pagedRequests = fake.requests().subList(before, fake.requests().size());
        assertEquals(2, pagedRequests.stream().filter(r -> r.path().endsWith("/registered-models/search")).count());
        assertEquals(2 + 3, pagedRequests.stream().filter(r -> r.path().endsWith("/model-versions/search")).count(),
                "one version per page: 2 pages for churn-model, 3 for credit-risk-model");
        assertTrue(pagedRequests.stream().anyMatch(r -> FakeMlflowServer.tokenFor(2).equals(r.params().get("page_token"))));
    }

    @Test
    void anIncrementalSyncSkipsUnchangedVersionsButReportsEveryStage() {
        // Between the two models' timestamps: churn-model (and its versions) changed after it,
        // credit-risk-model and its versions did not.
        Instant since = ms(1795447293876L);
        Collected out = new Collected();
        SyncResult result = sync.sync(config().build(), since, out);

        assertTrue(result.ok(), result.error());
        assertEquals(List.of("churn-model 1", "churn-model 2"), out.records.stream()
                .map(r -> r.identity().modelName() + " " + r.lifecycle().version()).toList());
        assertEquals(5, result.versionsSeen());
        assertEquals(2, result.versionsDelivered());
        assertEquals(5, out.states.size(), "every version's lifecycle is reported");

        VersionState v3 = out.state(Fixtures.CREDIT, "3");
        assertEquals(new VersionState("credit-risk-model", "3", "PRODUCTION", List.of("champion"), ms(1795447293841L),
                false), v3);
        // A caller that stored v3 as STAGING sees the promotion here, although the record was not re-sent.

        assertEquals(ms(Fixtures.MAX_LAST_UPDATED), result.highWaterMark());
        assertFalse(fake.requests().stream().anyMatch(r -> Fixtures.CREDIT_V3_RUN.equals(r.params().get("run_id"))),
                "nothing fetched for unchanged versions");
    }

    @Test
    void anIncrementalSyncFromTheHighWaterMarkDeliversNothingNew() {
        SyncResult full = sync.sync(config().build(), null, new Collected());
        Collected out = new Collected();
        SyncResult next = sync.sync(config().build(), full.highWaterMark(), out);

        assertTrue(next.ok());
        assertEquals(0, next.versionsDelivered());
        assertEquals(List.of(), out.records);
        assertEquals(5, out.states.size());
        assertEquals(full.highWaterMark(), next.highWaterMark());
    }

    @Test
    void badCredentialsEndTheSyncWithAnErrorNamingTheEndpointAndNoSecretAnywhere() {
        fake.requireBasicAuth("connector", PASSWORD);
        Instant since = ms(1795447000000L);
        Collected out = new Collected();
        MlflowSourceConfig config = config().auth(Auth.basic("connector", PASSWORD + "!")).build();
        SyncResult result = sync.sync(config, since, out);

        assertFalse(result.ok());
        assertTrue(result.error().contains("GET /api/2.0/mlflow/registered-models/search"), result.error());
        assertTrue(result.error().contains("UNAUTHORIZED (HTTP 401)"), result.error());
        assertEquals(since, result.highWaterMark(), "a failed sync never moves the mark");
        assertEquals(0, result.modelsSeen());
        assertEquals(List.of(), out.records);
        for (String text : List.of(result.toString(), result.error(), config.toString(), config.auth().toString(),
                config.credentialIdentity())) {
            assertFalse(text.contains(PASSWORD), text);
        }
        assertEquals("basic:connector", config.credentialIdentity());
    }

    @Test
    void aBearerTokenIsSentAndNeverShown() {
        fake.requireBearer(TOKEN);
        Collected out = new Collected();
        MlflowSourceConfig config = config().auth(Auth.bearer(TOKEN)).header("X-Tenant", "acme").build();
        SyncResult ok = sync.sync(config, null, out);
        assertTrue(ok.ok(), ok.error());
        assertEquals(5, out.records.size());
        for (FakeMlflowServer.Request r : fake.requests()) {
            assertEquals("Bearer " + TOKEN, r.header("Authorization"), r.path());
            assertEquals("acme", r.header("X-Tenant"), r.path());
        }

        MlflowSourceConfig wrong = config().auth(Auth.bearer(TOKEN + "0")).build();
        SyncResult failed = sync.sync(wrong, null, new Collected());
        assertFalse(failed.ok());
        assertFalse(failed.toString().contains(TOKEN));
        assertFalse(wrong.toString().contains(TOKEN));
        for (ModelVersionRecord record : out.records) {
            assertFalse(record.toString().contains(TOKEN));
        }
    }

    @Test
    void aRunThatIsGoneGivesAnIncompleteRecordWithTheReason() {
        fake.runNotFound(Fixtures.CREDIT_V1_RUN);
        Collected out = new Collected();
        SyncResult result = sync.sync(config().build(), null, out);

        assertTrue(result.ok(), "one missing run does not fail the sync");
        assertEquals(5, result.versionsDelivered());
        ModelVersionRecord v1 = out.record(Fixtures.CREDIT, "1");
        assertFalse(v1.completeness().complete());
        assertEquals("run not fetched: MLflow GET /api/2.0/mlflow/runs/get?run_id=" + Fixtures.CREDIT_V1_RUN
                + " failed: NOT_FOUND (HTTP 404): RESOURCE_DOES_NOT_EXIST: Run with id=doesnotexist not found; "
                + "experiment and artifacts not fetched: the run is unknown", v1.completeness().reason());
        assertEquals("alice@example.com", v1.identity().owner(), "still known from the registered model's tags");
        assertEquals("NONE", v1.lifecycle().stage());
        assertEquals(Fixtures.CREDIT_V1_RUN, v1.lifecycle().sourceRunId());
        assertNull(v1.evidence().trainingStatus());
        assertNull(v1.artifacts().manifest());
    }

    @Test
    void aServerThatHangsEndsTheSyncWithATimeoutWithinTheConfiguredTime() {
        fake.hang("/api/2.0/mlflow/registered-models/search");
        long start = System.nanoTime();
        SyncResult result = sync.sync(config().timeout(Duration.ofMillis(300)).build(), null, new Collected());
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertFalse(result.ok());
        assertTrue(result.error().contains("TIMEOUT"), result.error());
        assertTrue(result.error().contains("/api/2.0/mlflow/registered-models/search"), result.error());
        assertTrue(elapsedMillis < 2_000, "took " + elapsedMillis + " ms");
    }

    @Test
    void aRunThatHangsMakesOnlyItsVersionIncomplete() {
        fake.hang("/api/2.0/mlflow/runs/get", "run_id", Fixtures.CHURN_V1_RUN);
        Collected out = new Collected();
        SyncResult result = sync.sync(config().timeout(Duration.ofMillis(300)).build(), null, out);

        assertTrue(result.ok(), result.error());
        ModelVersionRecord churn1 = out.record(Fixtures.CHURN, "1");
        assertTrue(churn1.completeness().reason().startsWith("run not fetched: MLflow GET /api/2.0/mlflow/runs/get?run_id="
                + Fixtures.CHURN_V1_RUN + " failed: TIMEOUT"), churn1.completeness().reason());
        assertTrue(out.record(Fixtures.CREDIT, "1").completeness().complete());
    }

    @Test
    void aMalformedModelListingEndsTheSyncWithMalformedResponse() {
        fake.truncate("/api/2.0/mlflow/registered-models/search");
        SyncResult result = sync.sync(config().build(), null, new Collected());
        assertFalse(result.ok());
        assertTrue(result.error().contains("MALFORMED_RESPONSE"), result.error());
        assertNull(result.highWaterMark());
    }

    @Test
    void aModelWhoseVersionsCannotBeListedFailsTheSyncWithoutStoppingIt() {
        fake.serverError("/api/2.0/mlflow/model-versions/search");
        Instant since = ms(1L);
        SyncResult result = sync.sync(config().build(), since, new Collected());
        assertFalse(result.ok());
        assertEquals(2, result.modelsSeen(), "both models were tried");
        assertTrue(result.error().startsWith("2 models could not be synced; first: could not list the versions of "
                + "model 'churn-model': MLflow GET /api/2.0/mlflow/model-versions/search?filter=name='churn-model' "
                + "failed: SERVER_ERROR (HTTP 500)"), result.error());
        assertEquals(since, result.highWaterMark());
    }

    @Test
    void anArtifactLargerThanTheCapIsListedButNotHashed() {
        Collected out = new Collected();
        sync.sync(config().maxArtifactHashBytes(100).build(), null, out);

        ModelVersionRecord v1 = out.record(Fixtures.CREDIT, "1");
        assertEquals(new ArtifactFile("model/MLmodel", 376L, null, "larger than 100 bytes"),
                v1.artifacts().manifest().get(0));
        assertEquals(Map.of(), v1.artifacts().runtimeEnvironment(), "not downloaded, so not read either");
        assertTrue(v1.completeness().complete(), "a file over the cap is policy, not missing data");
        assertFalse(fake.requests().stream().anyMatch(r -> r.path().equals("/get-artifact")
                && "model/MLmodel".equals(r.params().get("path"))), "declared too large: never requested");
    }

    @Test
    void theArtifactListingIsBounded() {
        Collected out = new Collected();
        sync.sync(config().maxArtifactsPerVersion(2).build(), null, out);

        ModelVersionRecord v1 = out.record(Fixtures.CREDIT, "1");
        assertEquals(List.of("requirements.txt"), v1.artifacts().manifest().stream().map(ArtifactFile::path).toList(),
                "the root's two entries (a folder and a file) used the whole budget");
        assertFalse(v1.completeness().complete());
        assertEquals("more than 2 artifact entries; the manifest is truncated", v1.completeness().reason());
    }

    @Test
    void aUserWhoSeesNoModelsGetsAnEmptySuccessfulSync() {
        fake.noModelsVisible();
        SyncResult result = sync.sync(config().build(), null, new Collected());
        assertTrue(result.ok());
        assertEquals(0, result.modelsSeen());
        assertNull(result.highWaterMark());
    }

    @Test
    void extraHeadersGoWithEveryRequestOfASync() {
        sync.sync(config().header("X-Request-Source", "custos").build(), null, new Collected());
        assertTrue(fake.requests().size() > 10);
        for (FakeMlflowServer.Request r : fake.requests()) {
            assertEquals("custos", r.header("X-Request-Source"), r.path());
            assertNotNull(r.header("User-Agent"));
        }
    }
}
