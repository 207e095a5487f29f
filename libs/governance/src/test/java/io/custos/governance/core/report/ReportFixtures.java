package io.custos.governance.core.report;

import io.custos.governance.core.model.ModelVersionRecord;
import io.custos.governance.core.model.ModelVersionRecord.ArtifactFile;
import io.custos.governance.core.report.ReportInput.AuditEntry;
import io.custos.governance.core.report.ReportInput.ComplianceSummary;
import io.custos.governance.core.report.ReportInput.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built report inputs: one fully populated record, and variations of it. */
final class ReportFixtures {

    static final Instant GENERATED_AT = Instant.parse("2026-04-02T09:30:00Z");
    static final String DATASET_SHA = "9d5ed678fe57bcca610140957afab571b6e7b6b5a4c2f3a3b8e0f0d7a3c1e2f4";
    static final String MODEL_SHA = "4a44dc15364204a80fe80e9039455cc1608281820fe2b24f1e5233ade6af1dd5";
    static final String CODE_COMMIT = "3f9c2a1be07d4c5a9e1b2c3d4e5f60718293a4b5";
    static final String DPIA_MESSAGE = "No DPIA reference is recorded for this version";
    static final String DRIFT_MESSAGE = "No drift monitor is attached to the production alias";
    static final List<String> AUDIT_HASHES = List.of(
            "c0ffee00d15ea5e5a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778",
            "b16b00b5facefeed0123456789abcdef0123456789abcdef0123456789abcdef",
            "deadbeefcafebabe8899aabbccddeeff00112233445566778899aabbccddeeff");

    private ReportFixtures() {
    }

    static ModelVersionRecord record(String modelName) {
        return new ModelVersionRecord(
                new ModelVersionRecord.Source("custos", "custos-local", "Custos", null),
                new ModelVersionRecord.Identity(modelName, "Gradient-boosted scorer for loan applications",
                        "Pre-screen consumer credit applications", "risk-ml@bank.example"),
                new ModelVersionRecord.Lifecycle("7", "PRODUCTION", List.of("champion", "eu-prod"),
                        Instant.parse("2026-03-01T10:15:30Z"), Instant.parse("2026-03-20T08:00:00Z"), "deployed",
                        "run-8f2a", "s3://models/credit/7"),
                new ModelVersionRecord.Evidence("FINISHED", Instant.parse("2026-02-28T22:00:00Z"),
                        Instant.parse("2026-02-28T23:41:07Z"),
                        Map.of("auc", 0.873, "accuracy", 0.91, "loss", 0.2841),
                        Map.of("learning_rate", "0.05", "max_depth", "6", "noise_multiplier", "1.1"),
                        Map.of("evaluated_by", "ml-eng")),
                new ModelVersionRecord.Lineage("42", "credit-dp", CODE_COMMIT, "train.py:main",
                        "privacy://datasets/ds-17", DATASET_SHA, "s3://models/credit/7/model.onnx", "job-2291",
                        null),
                new ModelVersionRecord.RiskCompliance("high", "EU AI Act; GDPR", "confidential", true, "approved",
                        "dpo@bank.example", "2.1", new ModelVersionRecord.Privacy(3.0, 1e-5, "rdp")),
                new ModelVersionRecord.Artifacts(
                        Map.of("requirements.txt", "scikit-learn==1.5.0\n", "conda.yaml", "name: credit\n"),
                        List.of(new ArtifactFile("model.onnx", 1_234_567L, MODEL_SHA, null),
                                new ArtifactFile("MLmodel", 512L,
                                        "0b1f6a7c2d3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccdd", null),
                                new ArtifactFile("data/raw-features.bin", 9_663_676_416L, null,
                                        "larger than the 256 MiB hashing limit")),
                        List.of("sbom.cdx.json", "provenance.intoto.jsonl"), "bnd-0042",
                        new ModelVersionRecord.Digests(
                                "1111111111111111111111111111111111111111111111111111111111111111",
                                "2222222222222222222222222222222222222222222222222222222222222222",
                                "3333333333333333333333333333333333333333333333333333333333333333",
                                "4444444444444444444444444444444444444444444444444444444444444444", MODEL_SHA),
                        "custos-signing-2026-01"),
                ModelVersionRecord.Completeness.COMPLETE);
    }

    static ComplianceSummary compliance() {
        return new ComplianceSummary("gaps", List.of(
                new Finding("dp-required", "Differential privacy for personal data", "high", "PASSED",
                        "epsilon 3 is within the policy limit of 8", List.of("GDPR Art. 25"), null),
                new Finding("dpia-reference", "DPIA referenced", "medium", "FAILED", DPIA_MESSAGE,
                        List.of("GDPR Art. 35"), "Tag the version with the DPIA document id"),
                new Finding("drift-monitoring", "Post-deployment monitoring", "critical", "FAILED", DRIFT_MESSAGE,
                        List.of("EU AI Act Art. 72", "ISO/IEC 42001 9.1"), "Attach a drift monitor to alias champion"),
                new Finding("federation-dp", "Client-level DP for federated models", "low", "NOT_APPLICABLE",
                        "Not a federated model", List.of(), null)));
    }

    static List<AuditEntry> audit() {
        return List.of(
                new AuditEntry(101, Instant.parse("2026-03-01T10:15:31Z"), "svc-packaging", "model.registered",
                        "bundle bnd-0042 signed", AUDIT_HASHES.get(0)),
                new AuditEntry(102, Instant.parse("2026-03-20T08:00:01Z"), "alice", "stage.changed",
                        "STAGING to PRODUCTION", AUDIT_HASHES.get(1)),
                new AuditEntry(103, Instant.parse("2026-04-02T09:29:58Z"), "bob", "report.requested",
                        "auditor request", AUDIT_HASHES.get(2)));
    }

    static ReportInput input(ModelVersionRecord record) {
        return new ReportInput(record, "rec-5512", "acme", compliance(), audit(), GENERATED_AT, "bob");
    }

    static ReportInput input() {
        return input(record("credit-risk-scorer"));
    }

    /** The full record without any differential-privacy guarantee. */
    static ModelVersionRecord withoutPrivacy(ModelVersionRecord r) {
        var risk = r.risk();
        return new ModelVersionRecord(r.source(), r.identity(), r.lifecycle(), r.evidence(), r.lineage(),
                new ModelVersionRecord.RiskCompliance(risk.riskCategory(), risk.regulatoryScope(),
                        risk.dataSensitivity(), risk.personalData(), risk.privacyAssessmentStatus(),
                        risk.complianceApprover(), risk.securityAssessmentVersion(), null),
                r.artifacts(), r.completeness());
    }

    /** The full record with a manifest of {@code files} entries. */
    static ModelVersionRecord withManifest(ModelVersionRecord r, int files) {
        List<ArtifactFile> manifest = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            manifest.add(new ArtifactFile(String.format("shards/part-%05d.bin", i), 4096L + i,
                    String.format("%064x", i), null));
        }
        var a = r.artifacts();
        return new ModelVersionRecord(r.source(), r.identity(), r.lifecycle(), r.evidence(), r.lineage(), r.risk(),
                new ModelVersionRecord.Artifacts(a.runtimeEnvironment(), manifest, a.evidenceFiles(), a.bundleId(),
                        a.digests(), a.signingKeyId()),
                r.completeness());
    }

    /** Only what an MLflow source could give before the fetch failed. */
    static ModelVersionRecord incomplete() {
        return new ModelVersionRecord(
                new ModelVersionRecord.Source("mlflow", "src-3", "Customer MLflow", "https://mlflow.bank.example"),
                new ModelVersionRecord.Identity("fraud-detector", null, null, null),
                new ModelVersionRecord.Lifecycle("12", "STAGING", List.of(), null, null, null, null, null),
                null, null, null, null,
                new ModelVersionRecord.Completeness(false, "MLflow returned 503 while fetching run run-77"));
    }
}
