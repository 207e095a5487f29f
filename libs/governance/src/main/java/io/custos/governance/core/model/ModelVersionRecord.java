package io.custos.governance.core.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical record of one model version, whatever it came from (our own events or a
 * customer's MLflow): the six groups of the governance design, plus where it came from and
 * whether it could be fetched completely. Every field may be null: a missing field is a
 * compliance gap to flag, never a reason to refuse the record.
 */
public record ModelVersionRecord(
        Source source,
        Identity identity,
        Lifecycle lifecycle,
        Evidence evidence,
        Lineage lineage,
        RiskCompliance risk,
        Artifacts artifacts,
        Completeness completeness) {

    /** Where the record came from: {@code custos} (our events) or {@code mlflow} (a registered source). */
    public record Source(String kind, String sourceId, String sourceName, String trackingUri) {
    }

    /** Group 1: what the model is and who answers for it. */
    public record Identity(String modelName, String description, String businessPurpose, String owner) {
    }

    /**
     * Group 2. {@code stage} is normalized: NONE, STAGING, PRODUCTION or ARCHIVED; {@code aliases}
     * are MLflow aliases pointing at this version.
     */
    public record Lifecycle(String version, String stage, List<String> aliases, Instant createdAt,
            Instant lastUpdatedAt, String deploymentStatus, String sourceRunId, String sourceArtifactUri) {
    }

    /** Group 3: how it was trained and how well it does. */
    public record Evidence(String trainingStatus, Instant trainingStartedAt, Instant trainingEndedAt,
            Map<String, Double> metrics, Map<String, String> hyperparameters, Map<String, String> evaluationTags) {
    }

    /** Group 4: what it was made from, so it can be made again. */
    public record Lineage(String experimentId, String experimentName, String codeCommit, String trainingEntrypoint,
            String datasetReference, String datasetSha256, String artifactUri, String trainingJobId,
            String federationId) {
    }

    /**
     * Group 5. {@code personalData} is true when the model was trained on personal data (declared
     * by tag, or known: every Custos training runs on a registered dataset of people).
     * {@code privacy} is the differential-privacy guarantee, null when the model has none.
     */
    public record RiskCompliance(String riskCategory, String regulatoryScope, String dataSensitivity,
            Boolean personalData, String privacyAssessmentStatus, String complianceApprover,
            String securityAssessmentVersion, Privacy privacy) {
    }

    public record Privacy(Double epsilon, Double delta, String accountant) {
    }

    /** Group 6: what ships and what it needs to run. */
    public record Artifacts(Map<String, String> runtimeEnvironment, List<ArtifactFile> manifest,
            List<String> evidenceFiles, String bundleId, Digests digests, String signingKeyId) {
    }

    /**
     * A file of the model's artifacts: its SHA-256 when it was small enough to fetch and hash, or
     * the reason it was not hashed.
     */
    public record ArtifactFile(String path, Long size, String sha256, String notHashedReason) {
    }

    public record Digests(String bundle, String onnx, String sbom, String provenance, String model) {
    }

    /** A record that could not be fetched completely says why; it is kept, marked incomplete. */
    public record Completeness(boolean complete, String reason) {
        public static final Completeness COMPLETE = new Completeness(true, null);
    }

    /**
     * The record as flat facts for compliance rules: dotted paths ({@code identity.owner},
     * {@code lifecycle.stage}, {@code risk.personalData}, {@code risk.privacy.epsilon},
     * {@code evidence.metrics}, {@code artifacts.runtimeEnvironment}, ...) to values; absent groups
     * and null fields map to null, empty maps and lists stay empty.
     */
    public Map<String, Object> facts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("source.kind", source == null ? null : source.kind());
        f.put("identity.modelName", identity == null ? null : identity.modelName());
        f.put("identity.description", identity == null ? null : identity.description());
        f.put("identity.businessPurpose", identity == null ? null : identity.businessPurpose());
        f.put("identity.owner", identity == null ? null : identity.owner());
        f.put("lifecycle.version", lifecycle == null ? null : lifecycle.version());
        f.put("lifecycle.stage", lifecycle == null ? null : lifecycle.stage());
        f.put("lifecycle.aliases", lifecycle == null ? null : lifecycle.aliases());
        f.put("lifecycle.deploymentStatus", lifecycle == null ? null : lifecycle.deploymentStatus());
        f.put("lifecycle.sourceRunId", lifecycle == null ? null : lifecycle.sourceRunId());
        f.put("evidence.trainingStatus", evidence == null ? null : evidence.trainingStatus());
        f.put("evidence.metrics", evidence == null ? null : evidence.metrics());
        f.put("evidence.hyperparameters", evidence == null ? null : evidence.hyperparameters());
        f.put("evidence.evaluationTags", evidence == null ? null : evidence.evaluationTags());
        f.put("lineage.experimentId", lineage == null ? null : lineage.experimentId());
        f.put("lineage.codeCommit", lineage == null ? null : lineage.codeCommit());
        f.put("lineage.trainingEntrypoint", lineage == null ? null : lineage.trainingEntrypoint());
        f.put("lineage.datasetReference", lineage == null ? null : lineage.datasetReference());
        f.put("lineage.datasetSha256", lineage == null ? null : lineage.datasetSha256());
        f.put("lineage.trainingJobId", lineage == null ? null : lineage.trainingJobId());
        f.put("lineage.federationId", lineage == null ? null : lineage.federationId());
        f.put("risk.riskCategory", risk == null ? null : risk.riskCategory());
        f.put("risk.regulatoryScope", risk == null ? null : risk.regulatoryScope());
        f.put("risk.dataSensitivity", risk == null ? null : risk.dataSensitivity());
        f.put("risk.personalData", risk == null ? null : risk.personalData());
        f.put("risk.privacyAssessmentStatus", risk == null ? null : risk.privacyAssessmentStatus());
        f.put("risk.complianceApprover", risk == null ? null : risk.complianceApprover());
        f.put("risk.securityAssessmentVersion", risk == null ? null : risk.securityAssessmentVersion());
        Privacy p = risk == null ? null : risk.privacy();
        f.put("risk.privacy.epsilon", p == null ? null : p.epsilon());
        f.put("risk.privacy.delta", p == null ? null : p.delta());
        f.put("risk.privacy.accountant", p == null ? null : p.accountant());
        f.put("artifacts.runtimeEnvironment", artifacts == null ? null : artifacts.runtimeEnvironment());
        f.put("artifacts.manifest", artifacts == null ? null : artifacts.manifest());
        f.put("artifacts.evidenceFiles", artifacts == null ? null : artifacts.evidenceFiles());
        f.put("artifacts.bundleId", artifacts == null ? null : artifacts.bundleId());
        f.put("artifacts.signingKeyId", artifacts == null ? null : artifacts.signingKeyId());
        f.put("completeness.complete", completeness == null ? null : completeness.complete());
        f.put("completeness.reason", completeness == null ? null : completeness.reason());
        return f;
    }
}
