package io.custos.governance.core.compliance;

import io.custos.governance.core.compliance.RuleOutcome.Outcome;
import io.custos.governance.core.model.ModelVersionRecord;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluation semantics of the language, on small hand-written rule files. */
class ComplianceEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
    private static final ComplianceEvaluator EVALUATOR = new ComplianceEvaluator(Clock.fixed(NOW, ZoneOffset.UTC));

    /** A one-rule file: {@code when} may be null. */
    private static ComplianceRules rule(String severity, String when, String require, String gap) {
        String yaml = """
                version: 1
                parameters: { limit: 5, label: gold }
                rules:
                  - id: the-rule
                    title: The rule
                    description: A rule under test.
                    severity: %s
                %s    require: %s
                    gap: "%s"
                    remediation: Fix it.
                """.formatted(severity, when == null ? "" : "    when: " + when + "\n", require, gap);
        return ComplianceRules.load(TestRecords.yaml(yaml), "test.yaml");
    }

    private static RuleOutcome outcome(ComplianceRules rules, ModelVersionRecord record) {
        return EVALUATOR.evaluate(rules, record).outcomes().get(0);
    }

    private static RuleOutcome check(String require, ModelVersionRecord record) {
        return outcome(rule("error", null, require, "failed"), record);
    }

    @Test
    void stampsResultsWithTheEvaluatorsClock() {
        assertEquals(NOW, EVALUATOR.evaluate(ComplianceRules.defaults(), TestRecords.compliant().build()).evaluatedAt());
    }

    @Test
    void statusIsDecidedByTheWorstFailedSeverity() {
        RuleOutcome passedError = new RuleOutcome("a", "A", Severity.ERROR, Outcome.PASSED, "", List.of(), "", List.of());
        RuleOutcome notApplicableError = new RuleOutcome("b", "B", Severity.ERROR, Outcome.NOT_APPLICABLE, "", List.of(), "", List.of());
        RuleOutcome failedInfo = new RuleOutcome("c", "C", Severity.INFO, Outcome.FAILED, "", List.of(), "", List.of());
        RuleOutcome failedWarning = new RuleOutcome("d", "D", Severity.WARNING, Outcome.FAILED, "", List.of(), "", List.of());
        RuleOutcome failedError = new RuleOutcome("e", "E", Severity.ERROR, Outcome.FAILED, "", List.of(), "", List.of());
        assertEquals("compliant", ComplianceResult.statusOf(List.of()));
        assertEquals("compliant", ComplianceResult.statusOf(List.of(passedError, notApplicableError, failedInfo)));
        assertEquals("gaps", ComplianceResult.statusOf(List.of(passedError, failedInfo, failedWarning)));
        assertEquals("non_compliant", ComplianceResult.statusOf(List.of(failedWarning, failedError, failedInfo)));
    }

    @Test
    void whenThatDoesNotHoldMakesTheRuleNotApplicable() {
        ComplianceRules rules = rule("error", "{fact: lifecycle.stage, equals: production}",
                "{fact: identity.owner, is: present}", "no owner");
        TestRecords.Builder b = TestRecords.compliant();
        b.owner = null;
        assertEquals(Outcome.FAILED, outcome(rules, b.build()).outcome(), "stage PRODUCTION equals 'production'");
        RuleOutcome skipped = outcome(rules, b.stage("STAGING").build());
        assertEquals(Outcome.NOT_APPLICABLE, skipped.outcome());
        assertEquals(List.of(), skipped.missingFacts());
        assertEquals(ComplianceResult.COMPLIANT, EVALUATOR.evaluate(rules, b.build()).status());
    }

    @Test
    void aMissingFactFailsTheRequirementAndIsNamed() {
        TestRecords.Builder b = TestRecords.compliant();
        b.epsilon = null;
        RuleOutcome o = outcome(rule("warning", null, "{fact: risk.privacy.epsilon, lt: 3}",
                "{identity.modelName} has epsilon {risk.privacy.epsilon}"), b.build());
        assertEquals(Outcome.FAILED, o.outcome());
        assertEquals(List.of("risk.privacy.epsilon"), o.missingFacts());
        assertEquals("CreditScoring has epsilon <missing risk.privacy.epsilon> Missing: risk.privacy.epsilon.",
                o.message());
    }

    @Test
    void notOfAMissingFactIsStillUnknown() {
        TestRecords.Builder b = TestRecords.compliant();
        b.riskCategory = null;
        RuleOutcome o = check("{not: {fact: risk.riskCategory, equals: minimal}}", b.build());
        assertEquals(Outcome.FAILED, o.outcome());
        assertEquals(List.of("risk.riskCategory"), o.missingFacts());
        // not(absent) fails when the fact is missing, and names it.
        o = check("{not: {fact: risk.riskCategory, is: absent}}", b.build());
        assertEquals(List.of("risk.riskCategory"), o.missingFacts());
        // not(present) holds when the fact is missing.
        assertEquals(Outcome.PASSED, check("{not: {fact: risk.riskCategory, is: present}}", b.build()).outcome());
    }

    @Test
    void anyReportsEveryAlternativeThatCouldSatisfyIt() {
        TestRecords.Builder b = TestRecords.compliant();
        b.owner = null;
        b.complianceApprover = null;
        b.securityAssessmentVersion = "x";
        RuleOutcome o = check("{any: [{fact: identity.owner, is: present}, {fact: risk.complianceApprover, equals: x},"
                + " {fact: risk.securityAssessmentVersion, equals: y}]}", b.build());
        assertEquals(Outcome.FAILED, o.outcome());
        assertEquals(List.of("identity.owner", "risk.complianceApprover"), o.missingFacts());
    }

    @Test
    void allThatIsFalseNamesOnlyTheFailingParts() {
        TestRecords.Builder b = TestRecords.compliant();
        b.owner = null;
        b.complianceApprover = null;
        // owner is missing but "not present" holds; the approver is what fails.
        RuleOutcome o = check("{all: [{not: {fact: identity.owner, is: present}}, {fact: risk.complianceApprover, is: present},"
                + " {fact: lifecycle.stage, equals: PRODUCTION}]}", b.build());
        assertEquals(List.of("risk.complianceApprover"), o.missingFacts());
        // A false part decides "all" even when another part is unknown, so nothing is reported missing.
        o = check("{all: [{fact: lifecycle.stage, equals: STAGING}, {fact: risk.complianceApprover, equals: x}]}", b.build());
        assertEquals(Outcome.FAILED, o.outcome());
        assertEquals(List.of(), o.missingFacts());
    }

    @Test
    void aWhenThatCannotBeDecidedIsNotApplicableButSaysWhy() {
        TestRecords.Builder b = TestRecords.compliant();
        b.personalData = null;
        ComplianceRules rules = rule("error", "{fact: risk.personalData, is: true}",
                "{fact: risk.privacyAssessmentStatus, is: present}", "x");
        RuleOutcome o = outcome(rules, b.build());
        assertEquals(Outcome.NOT_APPLICABLE, o.outcome());
        assertEquals(List.of("risk.personalData"), o.missingFacts());
        assertEquals("Cannot tell whether this applies; missing: risk.personalData.", o.message());

        // Rules that must apply in doubt say so explicitly.
        ComplianceRules inDoubt = rule("error",
                "{any: [{fact: risk.personalData, is: true}, {fact: risk.personalData, is: absent}]}",
                "{fact: risk.privacyAssessmentStatus, is: present}", "x");
        b.privacyAssessmentStatus = null;
        assertEquals(Outcome.FAILED, outcome(inDoubt, b.build()).outcome());
    }

    @Test
    void comparesTextIgnoringCaseAndNumbersNumerically() {
        ModelVersionRecord r = TestRecords.compliant().build();
        assertEquals(Outcome.PASSED, check("{fact: lifecycle.stage, equals: ' production '}", r).outcome());
        assertEquals(Outcome.PASSED, check("{fact: lifecycle.version, equals: 7}", r).outcome());
        assertEquals(Outcome.PASSED, check("{fact: lifecycle.version, in: [6, '7']}", r).outcome());
        assertEquals(Outcome.PASSED, check("{fact: lifecycle.version, in: [6, 7.0]}", r).outcome());
        // Text against text stays text: version "1.10" is not "1.1".
        assertEquals(Outcome.FAILED, check("{fact: lifecycle.version, equals: '7.0'}", r).outcome());
        assertEquals(Outcome.FAILED, check("{fact: lifecycle.version, in: [6, 8]}", r).outcome());
        assertEquals(Outcome.PASSED, check("{fact: risk.privacy.epsilon, equals: 3}", r).outcome());
        assertEquals(Outcome.PASSED, check("{fact: risk.personalData, equals: true}", r).outcome());
        assertEquals(Outcome.PASSED, check("{fact: risk.personalData, is: true}", r).outcome());
        assertEquals(Outcome.FAILED, check("{fact: risk.personalData, is: false}", r).outcome());
        assertEquals(Outcome.PASSED, check("{fact: source.kind, equals: '${label}'}",
                new ModelVersionRecord(new ModelVersionRecord.Source("GOLD", null, null, null),
                        null, null, null, null, null, null, null)).outcome());
    }

    @Test
    void numericComparisonsAndParameters() {
        ModelVersionRecord r = TestRecords.compliant().build(); // epsilon 3
        assertEquals(Outcome.PASSED, check("{fact: risk.privacy.epsilon, gt: 2.5}", r).outcome());
        assertEquals(Outcome.FAILED, check("{fact: risk.privacy.epsilon, gt: 3}", r).outcome());
        assertEquals(Outcome.PASSED, check("{fact: risk.privacy.epsilon, gte: 3}", r).outcome());
        assertEquals(Outcome.PASSED, check("{fact: risk.privacy.epsilon, lt: '${limit}'}", r).outcome());
        assertEquals(Outcome.FAILED, check("{fact: risk.privacy.epsilon, lte: -1}", r).outcome());
        ComplianceRules rules = rule("error", null, "{fact: risk.privacy.epsilon, lt: '${limit}'}",
                "epsilon {risk.privacy.epsilon} is not below ${limit}");
        RuleOutcome o = outcome(rules.withParameters(Map.of("limit", 2)), r);
        assertEquals("epsilon 3 is not below 2", o.message());
    }

    @Test
    void containsLooksIntoListsMapKeysAndCommaSeparatedText() {
        TestRecords.Builder b = TestRecords.compliant();
        b.regulatoryScope = "GDPR,  eu_ai_act | ISO_42001";
        ModelVersionRecord r = b.build();
        assertEquals(Outcome.PASSED, check("{fact: risk.regulatoryScope, contains: EU_AI_ACT}", r).outcome());
        assertEquals(Outcome.FAILED, check("{fact: risk.regulatoryScope, contains: EU_AI}", r).outcome());
        assertEquals(Outcome.PASSED, check("{fact: evidence.metrics, contains: AUC}", r).outcome());
        assertEquals(Outcome.FAILED, check("{fact: evidence.metrics, contains: f1}", r).outcome());
        ModelVersionRecord withFiles = new ModelVersionRecord(null, null,
                new ModelVersionRecord.Lifecycle("1", "NONE", List.of("champion"), null, null, null, null, null),
                null, null, null,
                new ModelVersionRecord.Artifacts(null,
                        List.of(new ModelVersionRecord.ArtifactFile("model/MLmodel", 120L, "ab", null)),
                        List.of("reports/bias.pdf"), null, null, null),
                null);
        assertEquals(Outcome.PASSED, check("{fact: artifacts.manifest, contains: model/MLmodel}", withFiles).outcome());
        assertEquals(Outcome.PASSED, check("{fact: artifacts.evidenceFiles, contains: reports/bias.pdf}", withFiles).outcome());
        assertEquals(Outcome.PASSED, check("{fact: lifecycle.aliases, contains: Champion}", withFiles).outcome());
    }

    @Test
    void matchesTheWholeValueAndStopsRunawayPatterns() {
        TestRecords.Builder b = TestRecords.compliant();
        assertEquals(Outcome.PASSED, check("{fact: identity.owner, matches: '[a-z]+-team'}", b.build()).outcome());
        assertEquals(Outcome.FAILED, check("{fact: identity.owner, matches: 'team'}", b.build()).outcome());
        b.owner = "a".repeat(40) + "!";
        ModelVersionRecord evil = b.build();
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () ->
                assertEquals(Outcome.FAILED, check("{fact: identity.owner, matches: '(a+)+'}", evil).outcome()));
        b.owner = "a".repeat(Condition.Matches.MAX_INPUT + 1);
        assertEquals(Outcome.FAILED, check("{fact: identity.owner, matches: 'a*'}", b.build()).outcome());
        // Deep regex recursion on a long value must not escape as an error.
        b.owner = "ab".repeat(Condition.Matches.MAX_INPUT / 2);
        ModelVersionRecord deep = b.build();
        Outcome deepOutcome = assertDoesNotThrow(() -> check("{fact: identity.owner, matches: '(a|b)*'}", deep).outcome());
        assertTrue(deepOutcome == Outcome.PASSED || deepOutcome == Outcome.FAILED);
    }

    @Test
    void messagesSubstituteFactsFallbacksParametersAndLiteralBraces() {
        TestRecords.Builder b = TestRecords.compliant();
        b.owner = null;
        b.metrics = Map.of("auc", 0.91);
        RuleOutcome o = outcome(rule("error", null, "{fact: identity.owner, is: present}",
                "{identity.modelName} {{v{lifecycle.version}}}: owner {identity.owner|nobody}, metrics {evidence.metrics},"
                        + " eps {risk.privacy.epsilon}, limit ${limit}, label ${label}"), b.build());
        assertEquals("CreditScoring {v7}: owner nobody, metrics auc, eps 3, limit 5, label gold Missing: identity.owner.",
                o.message());
    }

    @Test
    void longFactValuesAreShortenedInMessages() {
        TestRecords.Builder b = TestRecords.compliant();
        b.modelName = "m".repeat(1000);
        b.owner = null;
        RuleOutcome o = outcome(rule("error", null, "{fact: identity.owner, is: present}", "{identity.modelName}"), b.build());
        assertTrue(o.message().length() < 300, o.message());
    }
}
