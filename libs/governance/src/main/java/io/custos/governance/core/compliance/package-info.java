/**
 * Compliance rules as data, and their evaluation against model-version records.
 *
 * <p>Rules are YAML files, so that an organisation can review, version and extend them without
 * code: Custos ships {@code default-rules.yaml} ({@link io.custos.governance.core.compliance.ComplianceRules#defaults()})
 * and operators add their own file, merged on top ({@link io.custos.governance.core.compliance.ComplianceRules#merge}).
 * {@link io.custos.governance.core.compliance.ComplianceEvaluator} turns a rule set and a
 * {@link io.custos.governance.core.model.ModelVersionRecord} into a
 * {@link io.custos.governance.core.compliance.ComplianceResult}.
 *
 * <h2>File</h2>
 * <pre>{@code
 * version: 1                       # required; the language version
 * parameters:                      # optional: named values, each declared with its default
 *   max_epsilon: 10
 * disable: [record-complete]       # optional, operator files: rules of the base set to remove
 * rules:                           # optional: the rules, evaluated in this order
 *   - id: dp-epsilon-within-limit  # unique, kebab-case, at most 64 characters
 *     title: Differentially private models stay within the epsilon limit
 *     description: Why the rule exists.
 *     severity: warning            # info | warning | error, see Severity
 *     when: { fact: risk.privacy.epsilon, is: present }          # optional
 *     require: { fact: risk.privacy.epsilon, lte: "${max_epsilon}" }
 *     gap: "{identity.modelName|Unnamed model} has epsilon {risk.privacy.epsilon}, above ${max_epsilon}."
 *     references:                  # optional list
 *       - { framework: GDPR, clause: "Art. 25(1)", title: "Data protection by design" }
 *     remediation: What to do about a failure.
 * }</pre>
 * Required rule keys: id, title, description, severity, require, gap, remediation. Frameworks:
 * {@code EU_AI_ACT}, {@code ISO_42001}, {@code NIST_AI_RMF}, {@code GDPR}.
 *
 * <h2>Conditions</h2>
 * A condition is a mapping that is either a combinator,
 * <ul>
 *   <li>{@code {all: [c1, c2, ...]}}: every part holds;</li>
 *   <li>{@code {any: [c1, c2, ...]}}: at least one part holds;</li>
 *   <li>{@code {not: c}}: the part does not hold;</li>
 * </ul>
 * or a test of one fact: {@code {fact: <path>, <operator>: <operand>}} with exactly one operator:
 * <ul>
 *   <li>{@code is: present} (not null, not blank, not an empty list or map), {@code is: absent},
 *       {@code is: true}, {@code is: false} (boolean facts only);</li>
 *   <li>{@code equals: <value>}, {@code in: [<value>, ...]}: text compares ignoring case and
 *       surrounding spaces, numbers numerically ({@code "3"} equals {@code 3}), booleans as booleans;</li>
 *   <li>{@code matches: "<regex>"}: the whole text matches (Java syntax, at most 256 characters;
 *       use {@code (?i)} to ignore case). Values longer than 1024 characters, or too costly to match,
 *       do not match;</li>
 *   <li>{@code gt}, {@code gte}, {@code lt}, {@code lte}: numeric facts against a number;</li>
 *   <li>{@code contains: <value>}: a list holds the value (an artifact file by its path), a map has
 *       it as a key, or a text, split on commas, semicolons, bars and spaces, has it as an item
 *       (e.g. a regulatory scope {@code "GDPR, EU_AI_ACT"} contains {@code EU_AI_ACT}).</li>
 * </ul>
 * An operand may be a parameter, written as the whole value {@code "${name}"} (quote it inside
 * {@code { }}); its value comes from the rules files and then from configuration
 * ({@link io.custos.governance.core.compliance.ComplianceRules#withParameters}). Parameters must
 * be declared, with a default, in the file whose rules use them.
 *
 * <h2>Facts</h2>
 * Fact paths are those of {@link io.custos.governance.core.model.ModelVersionRecord#facts()}:
 * {@code source.kind}; {@code identity.modelName|description|businessPurpose|owner};
 * {@code lifecycle.version|stage|aliases|deploymentStatus|sourceRunId};
 * {@code evidence.trainingStatus|metrics|hyperparameters|evaluationTags};
 * {@code lineage.experimentId|codeCommit|trainingEntrypoint|datasetReference|datasetSha256};
 * {@code risk.riskCategory|regulatoryScope|dataSensitivity|personalData|privacyAssessmentStatus|complianceApprover|securityAssessmentVersion};
 * {@code risk.privacy.epsilon|delta|accountant};
 * {@code artifacts.runtimeEnvironment|manifest|evidenceFiles|bundleId|signingKeyId};
 * {@code completeness.complete}. Operators must suit the fact's type (no {@code gt} on text, no
 * {@code equals} on a list).
 *
 * <h2>Missing facts</h2>
 * Conditions use three-valued logic: a test other than {@code is} on a missing fact is
 * <em>unknown</em>. A requirement that is false or unknown fails, and the outcome names the
 * missing facts that explain it. A {@code when} that is false or unknown makes the rule not
 * applicable; a rule that must apply when a fact is missing says so, e.g.
 * {@code any: [{fact: risk.personalData, is: true}, {fact: risk.personalData, is: absent}]}.
 *
 * <h2>Messages</h2>
 * In {@code gap}, {@code {path}} is a fact's value, {@code {path|fallback}} uses the fallback
 * text when the fact is missing (otherwise {@code <missing path>}), {@code ${name}} is a
 * parameter's value, and <code>&#123;&#123;</code> / <code>&#125;&#125;</code> are literal braces.
 *
 * <h2>Combining files</h2>
 * {@code defaults().merge(operator)}: an operator rule with the id of a default rule replaces it in
 * place; new rules are appended; {@code disable} removes default rules (naming a rule that does not
 * exist is an error); parameters declared by the operator file override the defaults' values.
 *
 * <h2>Strictness</h2>
 * Loading refuses, with file, line and rule id: unknown keys, operators, fact paths, frameworks,
 * severities and parameters; duplicate keys and rule ids; values of the wrong type; more than one
 * operator in a test; invalid regular expressions and message placeholders. YAML is read safely:
 * core-schema tags only (no custom or language tags, no merge keys), at most 20 aliases and 20,000
 * nodes once expanded, files up to 1 MiB, one document, no environment lookups.
 */
package io.custos.governance.core.compliance;
