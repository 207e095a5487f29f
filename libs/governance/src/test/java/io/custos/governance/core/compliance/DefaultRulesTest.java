package io.custos.governance.core.compliance;

import io.custos.governance.core.compliance.RuleOutcome.Outcome;
import io.custos.governance.core.model.ModelVersionRecord.Completeness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each shipped rule, passing on a well-documented model and failing when its evidence is taken away. */
class DefaultRulesTest {

    private static final ComplianceEvaluator EVALUATOR = new ComplianceEvaluator();

    private static final List<String> SHIPPED = List.of("owner-required", "privacy-assessment-for-personal-data",
            "eu-ai-act-risk-category", "eu-ai-act-high-risk-category", "high-risk-security-assessment",
            "reproducible-environment", "baseline-metrics", "dp-epsilon-within-limit",
            "production-compliance-approver", "dataset-lineage", "record-complete", "intended-purpose-documented",
            "personal-data-declared", "personal-data-privacy-protection");

    @Test
    void shipsTheDocumentedRulesEachWithReferencesAndRemediation() {
        ComplianceRules rules = ComplianceRules.defaults();
        assertEquals(SHIPPED, rules.rules().stream().map(Rule::id).toList());
        assertEquals(Map.of("max_epsilon", 10.0), rules.parameters());
        for (Rule rule : rules.rules()) {
            assertFalse(rule.references().isEmpty(), rule.id());
            assertFalse(rule.remediation().isBlank(), rule.id());
            assertFalse(rule.description().isBlank(), rule.id());
            assertEquals("default-rules.yaml", rule.sourceName());
            assertTrue(rule.line() > 0, rule.id());
        }
    }

    @Test
    void aWellDocumentedProductionModelPassesEveryRule() {
        ComplianceResult result = EVALUATOR.evaluate(ComplianceRules.defaults(), TestRecords.compliant().build());
        assertEquals(ComplianceResult.COMPLIANT, result.status());
        for (RuleOutcome o : result.outcomes()) {
            assertEquals(Outcome.PASSED, o.outcome(), o.ruleId() + ": " + o.message());
            assertEquals("Satisfied.", o.message());
            assertTrue(o.missingFacts().isEmpty());
        }
    }

    /** One way to break one rule, and what the failure must say. */
    record Case(String ruleId, Severity severity, Consumer<TestRecords.Builder> change, String message,
            List<String> missing) {
        @Override
        public String toString() {
            return ruleId + ": " + message;
        }
    }

    static Stream<Case> failures() {
        return Stream.of(
                new Case("owner-required", Severity.ERROR, b -> b.owner = null,
                        "CreditScoring v7 has no owner, so nobody is accountable for it.", List.of("identity.owner")),
                new Case("owner-required", Severity.ERROR, b -> { b.owner = "  "; b.modelName = null; },
                        "Unnamed model v7 has no owner", List.of("identity.owner")),
                new Case("privacy-assessment-for-personal-data", Severity.ERROR, b -> b.privacyAssessmentStatus = "pending",
                        "CreditScoring v7 is in production, was trained on personal data, and its privacy assessment"
                                + " is 'pending' (needs approved, completed or not_required).", List.of()),
                new Case("privacy-assessment-for-personal-data", Severity.ERROR, b -> {
                    b.privacyAssessmentStatus = null;
                    b.personalData = null; // personal data known from the sensitivity alone
                }, "its privacy assessment is 'none'", List.of("risk.privacyAssessmentStatus")),
                new Case("eu-ai-act-risk-category", Severity.ERROR, b -> b.riskCategory = null,
                        "CreditScoring v7 is in scope of the EU AI Act (GDPR, EU_AI_ACT_HIGH_RISK) but records no"
                                + " risk category.", List.of("risk.riskCategory")),
                new Case("eu-ai-act-high-risk-category", Severity.ERROR, b -> b.riskCategory = "minimal",
                        "CreditScoring v7 is flagged EU_AI_ACT_HIGH_RISK but its risk category is 'minimal'.", List.of()),
                new Case("high-risk-security-assessment", Severity.WARNING, b -> b.securityAssessmentVersion = null,
                        "CreditScoring v7 is high-risk but references no security assessment.",
                        List.of("risk.securityAssessmentVersion")),
                new Case("reproducible-environment", Severity.ERROR, b -> b.runtimeEnvironment = Map.of(),
                        "CreditScoring v7 is in PRODUCTION without a runtime environment",
                        List.of("artifacts.runtimeEnvironment")),
                new Case("reproducible-environment", Severity.ERROR, b -> { b.stage = "STAGING"; b.runtimeEnvironment = null; },
                        "is in STAGING without a runtime environment", List.of("artifacts.runtimeEnvironment")),
                new Case("baseline-metrics", Severity.ERROR, b -> b.metrics = Map.of(),
                        "CreditScoring v7 is in PRODUCTION with no recorded metrics.", List.of("evidence.metrics")),
                new Case("dp-epsilon-within-limit", Severity.WARNING, b -> b.epsilon = 12.5,
                        "CreditScoring v7 was trained with epsilon 12.5, above the limit of 10.", List.of()),
                new Case("production-compliance-approver", Severity.ERROR, b -> b.complianceApprover = "",
                        "CreditScoring v7 is in production without a recorded compliance approver.",
                        List.of("risk.complianceApprover")),
                new Case("dataset-lineage", Severity.WARNING, b -> b.datasetReference = null,
                        "CreditScoring v7 is in PRODUCTION but does not identify its training data.",
                        List.of("lineage.datasetReference", "lineage.datasetSha256")),
                new Case("record-complete", Severity.WARNING, b -> b.completeness = new Completeness(false, "run deleted"),
                        "The record of CreditScoring v7 could not be fetched completely", List.of()),
                new Case("record-complete", Severity.WARNING, b -> b.completeness = null,
                        "could not be fetched completely", List.of("completeness.complete")),
                new Case("intended-purpose-documented", Severity.WARNING, b -> b.businessPurpose = null,
                        "CreditScoring v7 is in PRODUCTION without a documented business purpose.",
                        List.of("identity.businessPurpose")),
                new Case("personal-data-declared", Severity.WARNING, b -> { b.personalData = null; b.dataSensitivity = null; },
                        "CreditScoring v7 is in PRODUCTION but does not say whether it was trained on personal data.",
                        List.of("risk.personalData", "risk.dataSensitivity")),
                new Case("personal-data-privacy-protection", Severity.INFO, b -> b.epsilon = null,
                        "CreditScoring v7 is in production, was trained on personal data, and has no differential"
                                + " privacy guarantee.", List.of("risk.privacy.epsilon")));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void eachRuleFailsWithAMessageNamingTheModelAndTheMissingEvidence(Case c) {
        TestRecords.Builder builder = TestRecords.compliant();
        c.change().accept(builder);
        ComplianceResult result = EVALUATOR.evaluate(ComplianceRules.defaults(), builder.build());

        // Only the rule under test fails: the rules check distinct things.
        assertEquals(List.of(c.ruleId()), result.failures().stream().map(RuleOutcome::ruleId).toList(),
                () -> result.failures().toString());
        RuleOutcome outcome = result.outcome(c.ruleId());
        assertEquals(Outcome.FAILED, outcome.outcome());
        assertEquals(c.severity(), outcome.severity());
        assertTrue(outcome.message().contains(c.message()), outcome.message());
        assertEquals(c.missing(), outcome.missingFacts());
        if (!c.missing().isEmpty()) {
            assertTrue(outcome.message().endsWith("Missing: " + String.join(", ", c.missing()) + "."), outcome.message());
        }
        assertFalse(outcome.references().isEmpty());
        assertFalse(outcome.remediation().isBlank());
        String expectedStatus = switch (c.severity()) {
            case ERROR -> ComplianceResult.NON_COMPLIANT;
            case WARNING -> ComplianceResult.GAPS;
            case INFO -> ComplianceResult.COMPLIANT;
        };
        assertEquals(expectedStatus, result.status());
    }

    /** A change that makes a rule not apply. */
    record NotApplicable(String ruleId, Consumer<TestRecords.Builder> change) {
        @Override
        public String toString() {
            return ruleId;
        }
    }

    static Stream<NotApplicable> notApplicable() {
        return Stream.of(
                new NotApplicable("privacy-assessment-for-personal-data", b -> b.stage = "STAGING"),
                new NotApplicable("privacy-assessment-for-personal-data", b -> { b.personalData = false; b.dataSensitivity = "public"; }),
                new NotApplicable("eu-ai-act-risk-category", b -> b.regulatoryScope = "GDPR"),
                new NotApplicable("eu-ai-act-high-risk-category", b -> b.regulatoryScope = "EU_AI_ACT"),
                new NotApplicable("eu-ai-act-high-risk-category", b -> b.riskCategory = null),
                new NotApplicable("high-risk-security-assessment", b -> { b.regulatoryScope = "EU_AI_ACT"; b.riskCategory = "limited"; }),
                new NotApplicable("reproducible-environment", b -> b.stage = "NONE"),
                new NotApplicable("baseline-metrics", b -> b.stage = "ARCHIVED"),
                new NotApplicable("dp-epsilon-within-limit", b -> b.epsilon = null),
                new NotApplicable("production-compliance-approver", b -> b.stage = "STAGING"),
                new NotApplicable("dataset-lineage", b -> b.stage = null),
                new NotApplicable("intended-purpose-documented", b -> b.stage = "NONE"),
                new NotApplicable("personal-data-declared", b -> b.stage = "ARCHIVED"),
                new NotApplicable("personal-data-privacy-protection", b -> { b.personalData = false; b.dataSensitivity = "public"; }));
    }

    @ParameterizedTest
    @MethodSource("notApplicable")
    void rulesDoNotApplyOutsideTheirWhen(NotApplicable c) {
        TestRecords.Builder builder = TestRecords.compliant();
        c.change().accept(builder);
        RuleOutcome outcome = EVALUATOR.evaluate(ComplianceRules.defaults(), builder.build()).outcome(c.ruleId());
        assertEquals(Outcome.NOT_APPLICABLE, outcome.outcome(), outcome.message());
    }

    @Test
    void rulesAlsoPassInTheirOtherAcceptedForms() {
        TestRecords.Builder b = TestRecords.compliant();
        b.datasetReference = null;
        b.datasetSha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        b.privacyAssessmentStatus = " Not_Required ";
        b.regulatoryScope = "eu_ai_act_high_risk;gdpr";
        b.riskCategory = "Annex III 5(b)";
        b.epsilon = 10.0;
        ComplianceResult result = EVALUATOR.evaluate(ComplianceRules.defaults(), b.build());
        assertEquals(ComplianceResult.COMPLIANT, result.status(), () -> result.failures().toString());
        assertEquals(Outcome.PASSED, result.outcome("dp-epsilon-within-limit").outcome());
        assertEquals(Outcome.PASSED, result.outcome("dataset-lineage").outcome());
    }

    @Test
    void aRecordWithNothingInItIsEvaluatedWithoutExceptions() {
        ComplianceResult result = EVALUATOR.evaluate(ComplianceRules.defaults(),
                new io.custos.governance.core.model.ModelVersionRecord(null, null, null, null, null, null, null, null));
        assertEquals(ComplianceResult.NON_COMPLIANT, result.status());
        RuleOutcome owner = result.outcome("owner-required");
        assertEquals("Unnamed model v? has no owner, so nobody is accountable for it. Missing: identity.owner.",
                owner.message());
        assertEquals(List.of("completeness.complete"), result.outcome("record-complete").missingFacts());
        // Stage unknown: the stage-bound rules cannot tell whether they apply, and say why.
        RuleOutcome approver = result.outcome("production-compliance-approver");
        assertEquals(Outcome.NOT_APPLICABLE, approver.outcome());
        assertEquals(List.of("lifecycle.stage"), approver.missingFacts());
        assertTrue(approver.message().contains("lifecycle.stage"), approver.message());
    }

    @Test
    void raisingMaxEpsilonChangesTheVerdict() {
        TestRecords.Builder b = TestRecords.compliant();
        b.epsilon = 8.0;
        assertEquals(Outcome.PASSED, EVALUATOR.evaluate(ComplianceRules.defaults(), b.build())
                .outcome("dp-epsilon-within-limit").outcome());

        ComplianceRules strict = ComplianceRules.defaults().withParameters(Map.of("max_epsilon", "5"));
        RuleOutcome outcome = EVALUATOR.evaluate(strict, b.build()).outcome("dp-epsilon-within-limit");
        assertEquals(Outcome.FAILED, outcome.outcome());
        assertTrue(outcome.message().contains("epsilon 8, above the limit of 5."), outcome.message());

        b.epsilon = 12.0;
        ComplianceRules lenient = ComplianceRules.defaults().withParameters(Map.of("max_epsilon", 15));
        assertEquals(Outcome.PASSED, EVALUATOR.evaluate(lenient, b.build()).outcome("dp-epsilon-within-limit").outcome());
        assertEquals(10.0, ComplianceRules.defaults().parameters().get("max_epsilon"), "defaults are unchanged");
    }
}
