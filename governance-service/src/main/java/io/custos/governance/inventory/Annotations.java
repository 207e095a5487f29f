package io.custos.governance.inventory;

import io.custos.governance.core.model.ModelVersionRecord;

/**
 * What the governance team records about a model version that its source does not (or not
 * reliably): owner, purpose, risk and compliance fields, and the lifecycle stage of Custos models
 * (MLflow owns the stage of its own). Null means "not set here": the source's value stands.
 */
public record Annotations(
        String owner,
        String businessPurpose,
        String riskCategory,
        String regulatoryScope,
        String dataSensitivity,
        Boolean personalData,
        String privacyAssessmentStatus,
        String complianceApprover,
        String securityAssessmentVersion,
        String stage) {

    public static final Annotations NONE = new Annotations(null, null, null, null, null, null, null, null, null, null);

    /** This over {@code older}: fields set here replace, the rest are kept. */
    public Annotations over(Annotations older) {
        Annotations o = older == null ? NONE : older;
        return new Annotations(pick(owner, o.owner), pick(businessPurpose, o.businessPurpose),
                pick(riskCategory, o.riskCategory), pick(regulatoryScope, o.regulatoryScope),
                pick(dataSensitivity, o.dataSensitivity), personalData != null ? personalData : o.personalData,
                pick(privacyAssessmentStatus, o.privacyAssessmentStatus), pick(complianceApprover, o.complianceApprover),
                pick(securityAssessmentVersion, o.securityAssessmentVersion), pick(stage, o.stage));
    }

    /** The record as governance sees it: the source's facts with these annotations applied. */
    public ModelVersionRecord applyTo(ModelVersionRecord r) {
        ModelVersionRecord.Identity i = r.identity() == null
                ? new ModelVersionRecord.Identity(null, null, null, null) : r.identity();
        ModelVersionRecord.RiskCompliance k = r.risk() == null
                ? new ModelVersionRecord.RiskCompliance(null, null, null, null, null, null, null, null) : r.risk();
        ModelVersionRecord.Lifecycle l = r.lifecycle();
        if (stage != null && l != null) {
            l = new ModelVersionRecord.Lifecycle(l.version(), stage, l.aliases(), l.createdAt(), l.lastUpdatedAt(),
                    stage, l.sourceRunId(), l.sourceArtifactUri());
        }
        return new ModelVersionRecord(r.source(),
                new ModelVersionRecord.Identity(i.modelName(), i.description(), pick(businessPurpose, i.businessPurpose()),
                        pick(owner, i.owner())),
                l, r.evidence(), r.lineage(),
                new ModelVersionRecord.RiskCompliance(pick(riskCategory, k.riskCategory()),
                        pick(regulatoryScope, k.regulatoryScope()), pick(dataSensitivity, k.dataSensitivity()),
                        personalData != null ? personalData : k.personalData(),
                        pick(privacyAssessmentStatus, k.privacyAssessmentStatus()),
                        pick(complianceApprover, k.complianceApprover()),
                        pick(securityAssessmentVersion, k.securityAssessmentVersion()), k.privacy()),
                r.artifacts(), r.completeness());
    }

    private static String pick(String mine, String theirs) {
        return mine != null && !mine.isBlank() ? mine.strip() : theirs;
    }
}
