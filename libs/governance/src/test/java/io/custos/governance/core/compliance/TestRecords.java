package io.custos.governance.core.compliance;

import io.custos.governance.core.model.ModelVersionRecord;
import io.custos.governance.core.model.ModelVersionRecord.Artifacts;
import io.custos.governance.core.model.ModelVersionRecord.Completeness;
import io.custos.governance.core.model.ModelVersionRecord.Evidence;
import io.custos.governance.core.model.ModelVersionRecord.Identity;
import io.custos.governance.core.model.ModelVersionRecord.Lifecycle;
import io.custos.governance.core.model.ModelVersionRecord.Lineage;
import io.custos.governance.core.model.ModelVersionRecord.Privacy;
import io.custos.governance.core.model.ModelVersionRecord.RiskCompliance;
import io.custos.governance.core.model.ModelVersionRecord.Source;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Hand-built records for the tests: a model that satisfies every default rule, and ways to break it. */
final class TestRecords {

    private TestRecords() {
    }

    /** A mutable stand-in for the record, so each test changes only what it is about. */
    static final class Builder {
        String modelName = "CreditScoring";
        String businessPurpose = "Consumer credit decisions";
        String owner = "risk-team";
        String version = "7";
        String stage = "PRODUCTION";
        Map<String, Double> metrics = Map.of("auc", 0.91);
        String datasetReference = "loans-2025-q3";
        String datasetSha256 = null;
        String riskCategory = "high-risk";
        String regulatoryScope = "GDPR, EU_AI_ACT_HIGH_RISK";
        String dataSensitivity = "pii";
        Boolean personalData = true;
        String privacyAssessmentStatus = "approved";
        String complianceApprover = "dpo@example.com";
        String securityAssessmentVersion = "TM-2025-04";
        Double epsilon = 3.0;
        Map<String, String> runtimeEnvironment = Map.of("requirements.txt", "scikit-learn==1.5.0");
        Completeness completeness = Completeness.COMPLETE;

        Builder stage(String stage) {
            this.stage = stage;
            return this;
        }

        ModelVersionRecord build() {
            return new ModelVersionRecord(
                    new Source("mlflow", "src-1", "prod-mlflow", "https://mlflow.example.com"),
                    new Identity(modelName, "Scores loan applications", businessPurpose, owner),
                    new Lifecycle(version, stage, List.of(), null, null, stage, "run-1", "s3://bucket/run-1"),
                    new Evidence("FINISHED", null, null, metrics, Map.of("lr", "0.1"), Map.of()),
                    new Lineage("exp-1", "credit", "abc1234", "train.py", datasetReference, datasetSha256,
                            "s3://bucket/run-1", null, null),
                    new RiskCompliance(riskCategory, regulatoryScope, dataSensitivity, personalData,
                            privacyAssessmentStatus, complianceApprover, securityAssessmentVersion,
                            epsilon == null ? null : new Privacy(epsilon, 1e-5, "rdp")),
                    new Artifacts(runtimeEnvironment, List.of(), List.of(), null, null, null),
                    completeness);
        }
    }

    static Builder compliant() {
        return new Builder();
    }

    static byte[] yaml(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
