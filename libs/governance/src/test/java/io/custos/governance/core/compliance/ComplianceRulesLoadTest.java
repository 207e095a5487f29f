package io.custos.governance.core.compliance;

import io.custos.governance.core.compliance.ComplianceRulesException.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rules file is refused, with file, line and rule id, for every kind of mistake an operator can make. */
class ComplianceRulesLoadTest {

    /** A valid rule with {@code id}, whose {@code require} (and any extra lines) the test chooses; starts at line 3. */
    private static String file(String id, String require, String extra) {
        return """
                version: 1
                rules:
                  - id: %s
                    title: T
                    description: D
                    severity: warning
                    require: %s
                    gap: "g"
                    remediation: R
                %s""".formatted(id, require, extra == null ? "" : extra);
    }

    private static ComplianceRulesException refuse(String yaml) {
        return assertThrows(ComplianceRulesException.class, () -> ComplianceRules.load(TestRecords.yaml(yaml), "ops.yaml"));
    }

    private static Problem only(ComplianceRulesException e) {
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    private static void assertProblem(ComplianceRulesException e, String ruleId, int line, String fragment) {
        Problem p = only(e);
        assertEquals("ops.yaml", p.sourceName());
        assertEquals(ruleId, p.ruleId(), e.getMessage());
        assertEquals(line, p.line(), e.getMessage());
        assertTrue(p.message().contains(fragment), p.message());
        assertTrue(e.getMessage().startsWith("ops.yaml" + (line > 0 ? ":" + line : "") + ": " + (ruleId == null ? "" : "rule '" + ruleId + "': ")),
                e.getMessage());
    }

    @Test
    void aValidFileLoads() {
        ComplianceRules rules = ComplianceRules.load(TestRecords.yaml(file("my-rule", "{fact: identity.owner, is: present}",
                null)), "ops.yaml");
        assertEquals(1, rules.rules().size());
        Rule rule = rules.rules().get(0);
        assertEquals("my-rule", rule.id());
        assertEquals(Severity.WARNING, rule.severity());
        assertEquals(3, rule.line());
        assertEquals(List.of("ops.yaml"), rules.sources());
    }

    @Test
    void unknownOperator() {
        ComplianceRulesException e = refuse(file("my-rule", "{fact: identity.owner, exists: true}", null));
        assertProblem(e, "my-rule", 7, "unknown operator 'exists'");
        e = refuse(file("my-rule", "{fact: identity.owner, present: true}", null));
        assertTrue(only(e).message().contains("operators: is, equals"), e.getMessage());
    }

    @Test
    void unknownFactPathSuggestsTheClosestOne() {
        ComplianceRulesException e = refuse(file("my-rule", "{fact: identity.ownr, is: present}", null));
        assertProblem(e, "my-rule", 7, "unknown fact 'identity.ownr' (did you mean 'identity.owner'?)");
    }

    @Test
    void unknownFactInMessage() {
        ComplianceRulesException e = refuse(file("my-rule", "{fact: identity.owner, is: present}", null)
                .replace("gap: \"g\"", "gap: \"{identity.name} has no owner\""));
        assertProblem(e, "my-rule", 8, "unknown fact '{identity.name}' in message");
    }

    @Test
    void unknownKeysInRulesAndAtTopLevel() {
        assertProblem(refuse(file("my-rule", "{fact: identity.owner, is: present}", "    severty: error\n")),
                "my-rule", 10, "unknown rule key 'severty' (did you mean 'severity'?)");
        assertProblem(refuse("version: 1\nrulez: []\n"), null, 2, "unknown top-level key 'rulez'");
    }

    @Test
    void duplicateRuleId() {
        String yaml = file("my-rule", "{fact: identity.owner, is: present}", null)
                + file("my-rule", "{fact: identity.owner, is: present}", null).replace("version: 1\nrules:\n", "");
        assertProblem(refuse(yaml), "my-rule", 10, "duplicate rule id (first defined at line 3)");
    }

    @Test
    void duplicateKey() {
        assertProblem(refuse(file("my-rule", "{fact: identity.owner, is: present}", "    title: Again\n")),
                "my-rule", 10, "duplicate key 'title' (first at line 4)");
    }

    @Test
    void badSeverity() {
        assertProblem(refuse(file("my-rule", "{fact: identity.owner, is: present}", null)
                .replace("severity: warning", "severity: critical")), "my-rule", 6,
                "unknown severity 'critical' (one of info, warning, error)");
    }

    @Test
    void badIdAndMissingKeys() {
        assertProblem(refuse(file("My_Rule", "{fact: identity.owner, is: present}", null)), "My_Rule", 3,
                "must be kebab-case");
        ComplianceRulesException e = refuse("""
                version: 1
                rules:
                  - id: bare
                    title: T
                """);
        assertEquals(List.of("missing 'description'", "missing 'severity'", "missing 'require'", "missing 'gap'",
                "missing 'remediation'"), e.problems().stream().map(Problem::message).toList());
        assertTrue(e.problems().stream().allMatch(p -> "bare".equals(p.ruleId()) && p.line() == 3));
    }

    @Test
    void wrongTypes() {
        assertProblem(refuse(file("my-rule", "{fact: identity.owner, is: present}", null).replace("title: T", "title: 42")),
                "my-rule", 4, "title must be text, not a number");
        assertProblem(refuse(file("my-rule", "{fact: identity.owner, gt: 3}", null)), "my-rule", 7,
                "'gt' compares numbers; 'identity.owner' is text");
        assertProblem(refuse(file("my-rule", "{fact: risk.privacy.epsilon, lte: ten}", null)), "my-rule", 7,
                "'lte' on 'risk.privacy.epsilon' needs a number, not text 'ten'");
        assertProblem(refuse(file("my-rule", "{fact: evidence.metrics, equals: auc}", null)), "my-rule", 7,
                "'equals' does not apply to 'evidence.metrics', which is a map (use contains or is: present)");
        assertProblem(refuse(file("my-rule", "{fact: identity.owner, is: true}", null)), "my-rule", 7,
                "'is: true' needs a boolean fact; 'identity.owner' is text");
        assertProblem(refuse(file("my-rule", "{fact: risk.personalData, equals: yes}", null)), "my-rule", 7,
                "needs a boolean, not text 'yes'");
        assertProblem(refuse(file("my-rule", "[{fact: identity.owner, is: present}]", null)), "my-rule", 7,
                "a condition is a mapping");
        assertProblem(refuse(file("my-rule", "{all: []}", null)), "my-rule", 7, "'all' takes a non-empty list");
        assertProblem(refuse(file("my-rule", "{fact: identity.owner, equals: }", null)), "my-rule", 7,
                "to test for a missing fact use 'is: absent'");
        assertProblem(refuse("version: 1\nrules: {a: 1}\n"), null, 2, "'rules' is a list of rules");
        assertProblem(refuse("version: 2\n"), null, 1, "unsupported version '2'");
    }

    @Test
    void oneOperatorPerTestAndCombinatorsAlone() {
        assertProblem(refuse(file("my-rule", "{fact: risk.privacy.epsilon, gt: 1, lt: 5}", null)), "my-rule", 7,
                "has several operators (gt, lt); combine separate conditions with 'all'");
        assertProblem(refuse(file("my-rule", "{all: [{fact: identity.owner, is: present}], fact: identity.owner}", null)),
                "my-rule", 7, "'all' must be alone in its condition");
        assertProblem(refuse(file("my-rule", "{fact: identity.owner}", null)), "my-rule", 7, "has no operator");
    }

    @Test
    void parametersMustBeDeclaredAndOfTheRightType() {
        assertProblem(refuse(file("my-rule", "{fact: risk.privacy.epsilon, lte: '${max_eps}'}", null)), "my-rule", 7,
                "unknown parameter '${max_eps}'");
        assertProblem(refuse("version: 1\nparameters: {limit: low}\n"
                + file("my-rule", "{fact: risk.privacy.epsilon, lte: '${limit}'}", null).replace("version: 1\n", "")),
                "my-rule", 8, "parameter '${limit}' is text, but 'lte' on 'risk.privacy.epsilon' needs a number");
        assertProblem(refuse(file("my-rule", "{fact: risk.privacy.epsilon, lte: 'at most ${max}'}", null)), "my-rule", 7,
                "must be the whole value");
        assertProblem(refuse("version: 1\nparameters: {Max-Eps: 3}\n"), null, 2, "must be snake_case");
        assertProblem(refuse(file("my-rule", "{fact: identity.owner, is: present}", null)
                .replace("gap: \"g\"", "gap: \"over ${limit}\"")), "my-rule", 8, "undeclared parameter '${limit}'");
    }

    @Test
    void invalidRegularExpressionAndReferences() {
        assertProblem(refuse(file("my-rule", "{fact: identity.owner, matches: '(unclosed'}", null)), "my-rule", 7,
                "invalid regular expression");
        assertProblem(refuse(file("my-rule", "{fact: identity.owner, is: present}",
                "    references: [{framework: SOC2, clause: CC1, title: x}]\n")), "my-rule", 10, "unknown framework 'SOC2'");
        assertProblem(refuse(file("my-rule", "{fact: identity.owner, is: present}",
                "    references: [{framework: GDPR, title: x}]\n")), "my-rule", 10, "reference is missing 'clause'");
    }

    @Test
    void customTagsAreRefused() {
        assertProblem(refuse(file("my-rule", "{fact: !!python/object:os.system identity.owner, is: present}", null)),
                "my-rule", 7, "tag 'tag:yaml.org,2002:python/object:os.system' is not allowed");
        ComplianceRulesException e = refuse(file("my-rule", "{fact: identity.owner, is: present}", null)
                .replace("title: T", "title: !custom T"));
        assertTrue(only(e).message().contains("tag '!custom' is not allowed"), e.getMessage());
        assertProblem(refuse("version: 1\nbase: &b {version: 1}\n<<: *b\n"), null, 3, "merge keys ('<<') are not allowed");
    }

    @Test
    void aliasBombIsRefusedBeforeItExpands() {
        StringBuilder bomb = new StringBuilder("version: 1\nx-0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 9; i++) {
            bomb.append("x-").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        ComplianceRulesException e = refuse(bomb.toString());
        Problem p = only(e);
        assertEquals(5, p.line(), e.getMessage()); // the 21st alias
        assertTrue(p.message().contains("more than 20 aliases"), p.message());
    }

    @Test
    void expansionWithinTheAliasLimitIsStillBounded() {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            list.append(i == 0 ? "" : ", ").append("x");
        }
        String yaml = file("my-rule", "{fact: identity.owner, is: present}", null)
                .replace("require:", "references: &r0 " + list + "]\n    x-1: &r1 [*r0, *r0, *r0, *r0]\n"
                        + "    x-2: &r2 [*r1, *r1, *r1, *r1]\n    x-3: [*r2, *r2, *r2, *r2, *r2]\n    require:");
        ComplianceRulesException e = refuse(yaml);
        Problem p = e.problems().get(0);
        assertEquals("my-rule", p.ruleId(), e.getMessage());
        assertTrue(p.message().contains("more than 20000 YAML nodes"), e.getMessage());
    }

    @Test
    void fileSizeEncodingAndEmptiness() {
        byte[] big = new byte[RulesParser.MAX_BYTES + 1];
        assertTrue(assertThrows(ComplianceRulesException.class, () -> ComplianceRules.load(big, "big.yaml"))
                .getMessage().contains("limited to 1048576 bytes"));
        byte[] latin1 = {'v', 'e', 'r', 's', 'i', 'o', 'n', ':', ' ', (byte) 0xE9};
        assertTrue(assertThrows(ComplianceRulesException.class, () -> ComplianceRules.load(latin1, "l.yaml"))
                .getMessage().contains("not valid UTF-8"));
        assertProblem(refuse(""), null, 0, "file is empty");
        assertProblem(refuse("version: 1\n---\nversion: 1\n"), null, 2, "expected a single document");
        assertProblem(refuse("version: 1\nrules: [\n"), null, 3, "invalid YAML");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        String yaml = file("first-rule", "{fact: identity.ownr, is: present}", null)
                + file("second-rule", "{fact: identity.owner, exists: 1}", null).replace("version: 1\nrules:\n", "")
                        .replace("severity: warning", "severity: fatal");
        ComplianceRulesException e = refuse(yaml);
        assertEquals(List.of("first-rule", "second-rule", "second-rule"),
                e.problems().stream().map(Problem::ruleId).toList(), e.getMessage());
        assertTrue(e.getMessage().startsWith("3 problems in compliance rules:"), e.getMessage());
    }

    @Test
    void aFileThatDisablesARuleItDefinesIsContradictory() {
        assertProblem(refuse(file("my-rule", "{fact: identity.owner, is: present}", null)
                .replace("version: 1\n", "version: 1\ndisable: [my-rule]\n")), "my-rule", 2,
                "both defines and disables");
    }
}
