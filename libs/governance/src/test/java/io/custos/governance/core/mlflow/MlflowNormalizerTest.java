package io.custos.governance.core.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.governance.core.model.ModelVersionRecord;
import io.custos.governance.core.model.ModelVersionRecord.ArtifactFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mapping rules, on snapshots parsed from the recorded answers for credit-risk-model v1 and
 * varied one tag at a time.
 */
class MlflowNormalizerTest {

    private static final ModelVersionRecord.Source SOURCE =
            new ModelVersionRecord.Source("mlflow", "src-1", "Customer MLflow", "https://mlflow.example.com");
    private final MlflowNormalizer normalizer = new MlflowNormalizer(SOURCE);

    private static MlflowRegisteredModel creditModel() {
        return MlflowJson.registeredModelsPage(MlflowJson.parseObject(Fixtures.bytes("registered-models-search.json")))
                .items().get(1);
    }

    private static MlflowModelVersion creditV1() {
        return MlflowJson.modelVersionsPage(MlflowJson.parseObject(Fixtures.bytes("model-versions-search-filter.json")))
                .items().stream().filter(v -> v.version().equals("1")).findFirst().orElseThrow();
    }

    private static MlflowRun creditV1Run() {
        return MlflowJson.run(MlflowJson.parseObject(Fixtures.bytes("runs-get.json")));
    }

    private static MlflowExperiment creditExperiment() {
        return MlflowJson.experiment(MlflowJson.parseObject(Fixtures.bytes("experiments-get.json")));
    }

    private static MlflowVersionSnapshot snapshot(Map<String, String> versionTags, Map<String, String> runTags,
            Map<String, String> modelTags, Map<String, String> experimentTags) {
        MlflowRegisteredModel m = creditModel();
        MlflowModelVersion v = creditV1();
        MlflowRun r = creditV1Run();
        MlflowExperiment e = creditExperiment();
        return new MlflowVersionSnapshot(
                new MlflowRegisteredModel(m.name(), m.description(), m.createdAt(), m.lastUpdatedAt(), modelTags,
                        m.aliases(), m.latestVersions()),
                new MlflowModelVersion(v.name(), v.version(), v.createdAt(), v.lastUpdatedAt(), v.currentStage(),
                        v.description(), v.source(), v.runId(), v.status(), versionTags, v.aliases()),
                withTags(r, runTags),
                new MlflowExperiment(e.experimentId(), e.name(), e.artifactLocation(), e.lifecycleStage(),
                        experimentTags),
                null, List.of());
    }

    private static MlflowRun withTags(MlflowRun r, Map<String, String> tags) {
        return new MlflowRun(r.runId(), r.experimentId(), r.runName(), r.userId(), r.status(), r.startTime(),
                r.endTime(), r.artifactUri(), r.lifecycleStage(), r.metrics(), r.params(), tags, r.datasetInputs());
    }

    private static Map<String, String> with(Map<String, String> base, String... keyValues) {
        Map<String, String> copy = new HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            copy.put(keyValues[i], keyValues[i + 1]);
        }
        return copy;
    }

    @ParameterizedTest
    @CsvSource({"Production,PRODUCTION,DEPLOYED", "Staging,STAGING,STAGED", "Archived,ARCHIVED,RETIRED",
            "None,NONE,NOT_DEPLOYED", "production,PRODUCTION,DEPLOYED", "' STAGING ',STAGING,STAGED",
            "Canary,NONE,NOT_DEPLOYED", "'',NONE,NOT_DEPLOYED"})
    void stagesAreNormalizedAndDeploymentStatusMirrorsThem(String mlflow, String stage, String deployment) {
        assertEquals(stage, MlflowNormalizer.normalizeStage(mlflow));
        assertEquals(deployment, MlflowNormalizer.deploymentStatus(stage, "READY"));
    }

    @Test
    void aVersionThatNeverFinishedRegisteringIsNotDeployable() {
        assertEquals("NONE", MlflowNormalizer.normalizeStage(null));
        assertEquals("PENDING_REGISTRATION", MlflowNormalizer.deploymentStatus("PRODUCTION", "PENDING_REGISTRATION"));
        assertEquals("FAILED_REGISTRATION", MlflowNormalizer.deploymentStatus("STAGING", "FAILED_REGISTRATION"));
    }

    @Test
    void theMostSpecificTagWinsVersionThenRunThenModelThenExperiment() {
        MlflowRun run = creditV1Run();
        ModelVersionRecord onlyExperiment = normalizer.normalize(snapshot(Map.of(), Map.of(), Map.of(),
                Map.of("owner", "experiment-owner", "regulatory_scope", "EU AI Act")));
        assertEquals("experiment-owner", onlyExperiment.identity().owner());
        assertEquals("EU AI Act", onlyExperiment.risk().regulatoryScope());

        ModelVersionRecord modelOverExperiment = normalizer.normalize(snapshot(Map.of(), Map.of(),
                Map.of("owner", "model-owner"), Map.of("owner", "experiment-owner")));
        assertEquals("model-owner", modelOverExperiment.identity().owner());

        ModelVersionRecord runOverModel = normalizer.normalize(snapshot(Map.of(), run.tags(),
                Map.of("owner", "model-owner", "risk_category", "minimal"), Map.of()));
        assertEquals("alice@example.com", runOverModel.identity().owner());
        assertEquals("high", runOverModel.risk().riskCategory());

        ModelVersionRecord versionOverRun = normalizer.normalize(snapshot(
                Map.of("risk_category", "unacceptable", "compliance_approver", "carol@example.com"), run.tags(),
                Map.of(), Map.of()));
        assertEquals("unacceptable", versionOverRun.risk().riskCategory());
        assertEquals("carol@example.com", versionOverRun.risk().complianceApprover());
    }

    @Test
    void ownerFallsBackToTheRunsUserAndBlankTagsCountAsAbsent() {
        ModelVersionRecord record = normalizer.normalize(snapshot(Map.of("owner", "  "), Map.of(), Map.of(), Map.of()));
        assertEquals("alice@example.com", record.identity().owner(), "run user_id");
    }

    @Test
    void tagNamesMatchIgnoringCaseAndPunctuationAndCommonSynonyms() {
        ModelVersionRecord record = normalizer.normalize(snapshot(Map.of(), with(Map.of(),
                "Business-Purpose", "credit decisions for consumer loans",
                "riskCategory", "high",
                "REGULATORY_SCOPE", "EU AI Act Annex III",
                "data_classification", "confidential",
                "dpia_status", "approved 2024-05",
                "approved_by", "dpo@example.com",
                "threat_model", "TM-7",
                "dataset_version", "loans-2024-q1",
                "dataset_sha256", "AB".repeat(32),
                "mlflow.source.git.commit", "9f1c2e7",
                "mlflow.source.name", "train.py"), Map.of(), Map.of()));
        assertEquals("credit decisions for consumer loans", record.identity().businessPurpose());
        assertEquals("high", record.risk().riskCategory());
        assertEquals("EU AI Act Annex III", record.risk().regulatoryScope());
        assertEquals("confidential", record.risk().dataSensitivity());
        assertEquals("approved 2024-05", record.risk().privacyAssessmentStatus());
        assertEquals("dpo@example.com", record.risk().complianceApprover());
        assertEquals("TM-7", record.risk().securityAssessmentVersion());
        assertEquals("loans-2024-q1", record.lineage().datasetReference());
        assertEquals("ab".repeat(32), record.lineage().datasetSha256());
        assertEquals("9f1c2e7", record.lineage().codeCommit());
        assertEquals("train.py", record.lineage().trainingEntrypoint());
        assertNull(record.risk().personalData(), "confidential is not personal data by definition");
    }

    @ParameterizedTest
    @CsvSource({"true,pii,true", "yes,internal,true", "1,,true", "false,pii,false", "no,,false",
            ",pii,true", ",PII,true", ",personal-data,true", ",internal,", ",,", "maybe,internal,"})
    void personalDataFromItsTagElseFromASensitivityThatMeansIt(String tag, String sensitivity, Boolean expected) {
        Map<String, String> tags = new HashMap<>();
        if (tag != null) {
            tags.put("personal_data", tag);
        }
        if (sensitivity != null) {
            tags.put("data_sensitivity", sensitivity);
        }
        assertEquals(expected, normalizer.normalize(snapshot(Map.of(), tags, Map.of(), Map.of())).risk().personalData());
    }

    @Test
    void evaluationTagsAreTheEvalAndValidationPrefixedOnesVersionFirst() {
        ModelVersionRecord record = normalizer.normalize(snapshot(
                Map.of("validation_status", "approved", "eval.fairness.passed", "true"),
                Map.of("eval.fairness.passed", "false", "evaluation_dataset", "holdout-2024", "evaluator", "bob",
                        "team", "ml-platform"),
                Map.of(), Map.of()));
        assertEquals(Map.of("validation_status", "approved", "eval.fairness.passed", "true",
                "evaluation_dataset", "holdout-2024"), record.evidence().evaluationTags());
    }

    @Test
    void evidenceFilesAreReportsUnderEvaluationFoldersOrNamedAsReports() {
        List<String> paths = List.of("reports/fairness.pdf", "evaluation/summary.html", "eval/metrics.json",
                "model/eval_results_table.json", "docs/model-report.md", "Reports/Bias.HTM",
                "notes.md", "model/MLmodel", "reports/plot.png", "evaluation/data.csv", "model/conda.yaml");
        List<ArtifactFile> manifest = paths.stream().map(p -> new ArtifactFile(p, 1L, "0".repeat(64), null)).toList();
        MlflowVersionSnapshot base = snapshot(Map.of(), Map.of(), Map.of(), Map.of());
        ModelVersionRecord record = normalizer.normalize(new MlflowVersionSnapshot(base.model(), base.version(),
                base.run(), base.experiment(), new MlflowArtifactScan(manifest, Map.of(), null), List.of()));
        assertEquals(List.of("Reports/Bias.HTM", "docs/model-report.md", "eval/metrics.json",
                "evaluation/summary.html", "model/eval_results_table.json", "reports/fairness.pdf"),
                record.artifacts().evidenceFiles());
        assertEquals(manifest, record.artifacts().manifest());
    }

    @Test
    void theDatasetReferenceFallsBackToTheLoggedTrainingInput() {
        MlflowRun r = creditV1Run();
        MlflowRun withInputs = new MlflowRun(r.runId(), r.experimentId(), r.runName(), r.userId(), r.status(),
                r.startTime(), r.endTime(), r.artifactUri(), r.lifecycleStage(), r.metrics(), r.params(), r.tags(),
                List.of(new MlflowRun.DatasetInput("holdout", "aa11", "delta", "eval"),
                        new MlflowRun.DatasetInput("loans", "3f9a1b2c", "delta", "training")));
        MlflowVersionSnapshot base = snapshot(Map.of(), Map.of(), Map.of(), Map.of());
        ModelVersionRecord record = normalizer.normalize(new MlflowVersionSnapshot(base.model(), base.version(),
                withInputs, base.experiment(), null, List.of()));
        assertEquals("loans@3f9a1b2c", record.lineage().datasetReference());
    }

    @Test
    void nonFiniteMetricsAreLeftOutBecauseJsonCannotCarryThem() {
        MlflowRun r = creditV1Run();
        MlflowRun nan = new MlflowRun(r.runId(), r.experimentId(), r.runName(), r.userId(), r.status(), r.startTime(),
                r.endTime(), r.artifactUri(), r.lifecycleStage(), Map.of("auc", 0.81, "loss", Double.NaN,
                        "grad", Double.POSITIVE_INFINITY), r.params(), r.tags(), r.datasetInputs());
        MlflowVersionSnapshot base = snapshot(Map.of(), Map.of(), Map.of(), Map.of());
        ModelVersionRecord record = normalizer.normalize(new MlflowVersionSnapshot(base.model(), base.version(), nan,
                base.experiment(), null, List.of()));
        assertEquals(Map.of("auc", 0.81), record.evidence().metrics());
    }

    @Test
    void whatCouldNotBeFetchedIsNullAndTheRecordSaysWhy() {
        MlflowVersionSnapshot base = snapshot(Map.of("validation_status", "approved"), Map.of(), creditModel().tags(),
                Map.of());
        ModelVersionRecord record = normalizer.normalize(new MlflowVersionSnapshot(base.model(), base.version(), null,
                null, null, List.of("run not fetched: because")));
        assertFalse(record.completeness().complete());
        assertEquals("run not fetched: because", record.completeness().reason());
        assertEquals("alice@example.com", record.identity().owner(), "from the registered model's tag");
        assertEquals("high", record.risk().riskCategory());
        assertNull(record.evidence().trainingStatus());
        assertNull(record.evidence().metrics(), "unknown, not empty");
        assertEquals(Map.of("validation_status", "approved"), record.evidence().evaluationTags());
        assertNull(record.lineage().experimentId());
        assertNull(record.artifacts().manifest());
        assertNull(record.artifacts().runtimeEnvironment());
        assertNull(record.artifacts().evidenceFiles());
        assertEquals("NONE", record.lifecycle().stage());
        assertEquals(SOURCE, record.source());
    }

    @Test
    void aPartialArtifactListingMakesTheRecordIncomplete() {
        MlflowVersionSnapshot base = snapshot(Map.of(), Map.of(), Map.of(), Map.of());
        ModelVersionRecord record = normalizer.normalize(new MlflowVersionSnapshot(base.model(), base.version(),
                base.run(), base.experiment(), new MlflowArtifactScan(List.of(), Map.of(), "more than 2 artifact "
                        + "entries; the manifest is truncated"), List.of()));
        assertFalse(record.completeness().complete());
        assertTrue(record.completeness().reason().contains("truncated"));
    }
}
