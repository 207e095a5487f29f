package io.custos.governance.core.compliance;

import io.custos.governance.core.compliance.RuleOutcome.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operator rules on top of the defaults: add, replace, disable, set parameters. */
class ComplianceRulesMergeTest {

    private static final String OPERATOR = """
            version: 1
            parameters:
              max_epsilon: 4
            disable: [record-complete, intended-purpose-documented]
            rules:
              # Ours is stricter: an owner must be a team mailbox.
              - id: owner-required
                title: Every model is owned by a team mailbox
                description: Owners are team mailboxes so that ownership survives people leaving.
                severity: error
                require: { fact: identity.owner, matches: "[a-z0-9.-]+@example\\\\.com" }
                gap: "{identity.modelName} is owned by '{identity.owner|nobody}', not a team mailbox."
                references:
                  - { framework: ISO_42001, clause: "A.3.2", title: "AI roles and responsibilities" }
                remediation: Set the owner tag to the team's mailbox.
              - id: code-commit-recorded
                title: Production models record the code commit
                description: The exact code that trained a model is part of its lineage.
                severity: warning
                when: { fact: lifecycle.stage, equals: PRODUCTION }
                require: { fact: lineage.codeCommit, matches: "[0-9a-f]{7,40}" }
                gap: "{identity.modelName} v{lifecycle.version} records no code commit."
                remediation: Tag the run with the git commit.
            """;

    private static ComplianceRules merged() {
        return ComplianceRules.defaults().merge(ComplianceRules.load(TestRecords.yaml(OPERATOR), "custos-rules.yaml"));
    }

    @Test
    void operatorRulesReplaceInPlaceAddAtTheEndAndDisable() {
        ComplianceRules rules = merged();
        List<String> ids = rules.rules().stream().map(Rule::id).toList();
        assertEquals("owner-required", ids.get(0), "a replaced rule keeps its place");
        assertEquals("code-commit-recorded", ids.get(ids.size() - 1));
        assertFalse(ids.contains("record-complete"));
        assertFalse(ids.contains("intended-purpose-documented"));
        assertEquals(14 - 2 + 1, ids.size());
        Rule owner = rules.rule("owner-required").orElseThrow();
        assertEquals("custos-rules.yaml", owner.sourceName());
        assertEquals(List.of("default-rules.yaml", "custos-rules.yaml"), rules.sources());
        assertEquals(Map.of("max_epsilon", 4.0), rules.parameters());
        assertTrue(rules.disabledRuleIds().isEmpty(), "the disable list is consumed by the merge");
    }

    @Test
    void mergedRulesAreWhatGetsEvaluated() {
        TestRecords.Builder b = TestRecords.compliant();
        b.completeness = null;
        b.businessPurpose = null;
        ComplianceResult result = new ComplianceEvaluator().evaluate(merged(), b.build());
        RuleOutcome owner = result.outcome("owner-required");
        assertEquals(Outcome.FAILED, owner.outcome());
        assertEquals("CreditScoring is owned by 'risk-team', not a team mailbox.", owner.message());
        assertEquals(Outcome.PASSED, result.outcome("code-commit-recorded").outcome());
        assertEquals(null, result.outcome("record-complete"), "disabled rules are not evaluated");
        assertEquals(Outcome.PASSED, result.outcome("dp-epsilon-within-limit").outcome(), "epsilon 3 <= 4");
        b.epsilon = 4.5;
        b.owner = "risk@example.com";
        result = new ComplianceEvaluator().evaluate(merged(), b.build());
        assertEquals(List.of("dp-epsilon-within-limit"), result.failures().stream().map(RuleOutcome::ruleId).toList());
        assertTrue(result.outcome("dp-epsilon-within-limit").message().contains("above the limit of 4."));
    }

    @Test
    void configurationOverridesOperatorParameters() {
        ComplianceRules rules = merged().withParameters(Map.of("max_epsilon", 8));
        assertEquals(8.0, rules.parameters().get("max_epsilon"));
        assertEquals(merged().rules().stream().map(Rule::id).toList(), rules.rules().stream().map(Rule::id).toList());
    }

    @Test
    void disablingAnUnknownRuleIsAnError() {
        ComplianceRules operator = ComplianceRules.load(TestRecords.yaml("version: 1\n\ndisable: [owner-requird]\n"), "ops.yaml");
        ComplianceRulesException e = assertThrows(ComplianceRulesException.class,
                () -> ComplianceRules.defaults().merge(operator));
        assertEquals("ops.yaml:3: rule 'owner-requird': cannot disable this rule: default-rules.yaml has no rule with that id",
                e.getMessage());
    }

    @Test
    void aParameterKeepsItsType() {
        ComplianceRules operator = ComplianceRules.load(TestRecords.yaml("version: 1\nparameters: {max_epsilon: high}\n"),
                "ops.yaml");
        ComplianceRulesException e = assertThrows(ComplianceRulesException.class,
                () -> ComplianceRules.defaults().merge(operator));
        assertEquals("ops.yaml:2: parameter 'max_epsilon' is text here but a number in default-rules.yaml", e.getMessage());

        e = assertThrows(ComplianceRulesException.class,
                () -> ComplianceRules.defaults().withParameters(Map.of("max_epsilon", "lots")));
        assertTrue(e.getMessage().contains("compliance parameter 'max_epsilon' must be a number, not 'lots'"), e.getMessage());
        e = assertThrows(ComplianceRulesException.class,
                () -> ComplianceRules.defaults().withParameters(Map.of("max_epsilonn", 3)));
        assertTrue(e.getMessage().contains("unknown compliance parameter 'max_epsilonn' (known: max_epsilon)"), e.getMessage());
    }

    @Test
    void anOperatorFileMayOnlySetParameters() {
        ComplianceRules operator = ComplianceRules.load(TestRecords.yaml("version: 1\nparameters: {max_epsilon: 1}\n"),
                "ops.yaml");
        ComplianceRules rules = ComplianceRules.defaults().merge(operator);
        assertEquals(ComplianceRules.defaults().rules(), rules.rules());
        assertEquals(1.0, rules.parameters().get("max_epsilon"));
    }
}
