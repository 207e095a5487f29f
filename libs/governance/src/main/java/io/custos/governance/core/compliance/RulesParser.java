package io.custos.governance.core.compliance;

import io.custos.governance.core.compliance.ComplianceRules.Declared;
import io.custos.governance.core.compliance.ComplianceRulesException.Problem;
import io.custos.governance.core.compliance.FactCatalog.FactType;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a rules file strictly: operators write these files by hand, and a typo that silently
 * disabled a check would be worse than a refusal. Every problem is collected with its line and
 * rule, and the file is refused as a whole. The YAML is read as a node tree with safe settings: no
 * tags beyond the core schema, few aliases, bounded size and expansion, no environment lookups.
 */
final class RulesParser {

    static final int MAX_BYTES = 1 << 20;
    static final int MAX_ALIASES = 20;
    static final int MAX_NODES = 20_000;
    static final int MAX_CONDITION_DEPTH = 20;
    static final int MAX_PARTS = 100;
    static final int MAX_PATTERN_LENGTH = 256;
    static final int MAX_PROBLEMS = 50;
    static final int MAX_RULES = 500;
    static final int SUPPORTED_VERSION = 1;

    static final Pattern RULE_ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    static final int MAX_RULE_ID = 64;
    static final Pattern PARAMETER_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern PARAMETER_REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern CORE_INT = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");

    private static final List<String> TOP_KEYS = List.of("version", "parameters", "disable", "rules");
    private static final List<String> RULE_KEYS = List.of("id", "title", "description", "severity", "when",
            "require", "gap", "references", "remediation");
    private static final List<String> REQUIRED_RULE_KEYS = List.of("id", "title", "description", "severity",
            "require", "gap", "remediation");
    private static final List<String> REFERENCE_KEYS = List.of("framework", "clause", "title");
    private static final List<String> COMBINATORS = List.of("all", "any", "not");
    private static final List<String> OPERATORS = List.of("is", "equals", "in", "matches", "gt", "gte", "lt",
            "lte", "contains");
    private static final Map<String, Integer> TEXT_LIMITS = Map.of("title", 200, "description", 4000,
            "remediation", 4000, "gap", 1000, "clause", 100);

    /** What {@link #scalarValue} returns after reporting a problem. */
    private static final Object INVALID = new Object();

    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.ENV_TAG);

    /** Stops parsing once enough problems are known. */
    private static final class TooManyProblems extends RuntimeException {
        TooManyProblems() {
            super(null, null, false, false);
        }
    }

    private final String source;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Declared> parameters = new LinkedHashMap<>();
    private int nodesSeen;
    /** The rule being read, named in problems; null outside rules. */
    private String currentRule;

    private RulesParser(String source) {
        this.source = source;
    }

    static ComplianceRules parse(byte[] yaml, String sourceName) {
        RulesParser parser = new RulesParser(sourceName == null || sourceName.isBlank() ? "rules" : sourceName);
        ComplianceRules rules = null;
        try {
            rules = parser.read(yaml);
        } catch (TooManyProblems stop) {
            if (parser.problems.size() >= MAX_PROBLEMS) {
                parser.problems.add(new Problem(parser.source, null, 0, "stopped after " + MAX_PROBLEMS + " problems"));
            }
        }
        if (!parser.problems.isEmpty()) {
            throw new ComplianceRulesException(parser.problems);
        }
        return rules;
    }

    private ComplianceRules read(byte[] yaml) {
        if (yaml.length > MAX_BYTES) {
            problem(0, "file is " + yaml.length + " bytes; rules files are limited to " + MAX_BYTES + " bytes");
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(yaml))
                    .toString();
        } catch (CharacterCodingException e) {
            problem(0, "file is not valid UTF-8");
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setAllowNonScalarKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_BYTES)
                .setParseComments(false)
                .setEnvConfig(Optional.empty())
                .build();
        if (!preScan(settings, text)) {
            return null;
        }
        Node root;
        try {
            root = new Compose(settings).composeString(text).orElse(null);
        } catch (YamlEngineException e) {
            yamlProblem(e);
            return null;
        }
        if (root == null) {
            problem(0, "file is empty; it needs at least 'version: 1'");
            return null;
        }
        return document(root);
    }

    /**
     * Scans the event stream before composing: to report an alias bomb at the line where it starts
     * (the composer's own limit, kept as a backstop, does not say where), and to refuse merge keys,
     * which the composer would otherwise apply silently.
     */
    private boolean preScan(LoadSettings settings, String text) {
        int aliases = 0;
        try {
            for (Event event : new Parse(settings).parseString(text)) {
                if (event.getEventId() == Event.ID.Alias && ++aliases > MAX_ALIASES) {
                    problem(lineOf(event.getStartMark()), "more than " + MAX_ALIASES
                            + " aliases; aliases are limited so that the file cannot expand without bound");
                    return false;
                }
                if (event instanceof ScalarEvent scalar && scalar.isPlain() && scalar.getValue().equals("<<")) {
                    problem(lineOf(event.getStartMark()), "merge keys ('<<') are not allowed");
                    return false;
                }
            }
        } catch (YamlEngineException e) {
            yamlProblem(e);
            return false;
        }
        return true;
    }

    private void yamlProblem(YamlEngineException e) {
        if (e instanceof MarkedYamlEngineException marked) {
            Optional<Mark> mark = marked.getProblemMark().isPresent() ? marked.getProblemMark() : marked.getContextMark();
            String what = marked.getProblem() != null ? marked.getProblem() : e.getMessage();
            String context = marked.getContext() != null ? marked.getContext() + ": " : "";
            problem(lineOf(mark), "invalid YAML: " + context + what);
        } else {
            problem(0, "invalid YAML: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ document

    private ComplianceRules document(Node root) {
        checkTree(root, Set.of("rules"));
        if (!(root instanceof MappingNode mapping)) {
            problem(line(root), "a rules file is a mapping with 'version', 'parameters', 'disable' and 'rules'");
            return null;
        }
        Map<String, NodeTuple> top = entries(mapping, TOP_KEYS, "top-level key");

        NodeTuple version = top.get("version");
        if (version == null) {
            problem(line(root), "missing 'version: " + SUPPORTED_VERSION + "'");
        } else {
            Object v = scalarValue(version.getValueNode(), "version");
            if (v != INVALID && (!(v instanceof Double d) || d != SUPPORTED_VERSION)) {
                problem(line(version.getValueNode()), "unsupported version '" + FactValues.render(v)
                        + "'; this Custos reads version " + SUPPORTED_VERSION);
            }
        }
        if (top.containsKey("parameters")) {
            parameterDeclarations(top.get("parameters").getValueNode());
        }
        Map<String, Integer> disabled = new LinkedHashMap<>();
        if (top.containsKey("disable")) {
            disabled = disableList(top.get("disable").getValueNode());
        }
        List<Rule> rules = new ArrayList<>();
        if (top.containsKey("rules")) {
            rules = ruleList(top.get("rules").getValueNode());
        }
        for (Rule rule : rules) {
            if (disabled.containsKey(rule.id())) {
                problems.add(new Problem(source, rule.id(), disabled.get(rule.id()),
                        "the file both defines and disables this rule"));
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new ComplianceRules(rules, parameters, disabled, List.of(source));
    }

    private void parameterDeclarations(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            problem(line(node), "'parameters' is a mapping of name to value, e.g. 'max_epsilon: 10'");
            return;
        }
        for (Map.Entry<String, NodeTuple> e : entries(mapping, null, null).entrySet()) {
            String name = e.getKey();
            Node valueNode = e.getValue().getValueNode();
            if (!PARAMETER_NAME.matcher(name).matches()) {
                problem(line(e.getValue().getKeyNode()), "parameter name '" + name
                        + "' must be snake_case (lower-case letters, digits, underscores)");
                continue;
            }
            Object value = scalarValue(valueNode, "parameter '" + name + "'");
            if (value == INVALID) {
                continue;
            }
            if (value == null) {
                problem(line(valueNode), "parameter '" + name + "' needs a default value (a number, true/false or text)");
                continue;
            }
            parameters.put(name, new Declared(ParameterType.of(value), value, source, line(valueNode)));
        }
    }

    private Map<String, Integer> disableList(Node node) {
        Map<String, Integer> disabled = new LinkedHashMap<>();
        if (!(node instanceof SequenceNode sequence)) {
            problem(line(node), "'disable' is a list of rule ids, e.g. 'disable: [record-complete]'");
            return disabled;
        }
        for (Node item : sequence.getValue()) {
            String id = text(item, "a disabled rule id");
            if (id == null) {
                continue;
            }
            if (!validRuleId(id)) {
                problem(line(item), "'" + id + "' is not a rule id (kebab-case)");
            } else if (disabled.putIfAbsent(id, line(item)) != null) {
                problem(line(item), "rule '" + id + "' is disabled twice");
            }
        }
        return disabled;
    }

    private List<Rule> ruleList(Node node) {
        List<Rule> rules = new ArrayList<>();
        if (!(node instanceof SequenceNode sequence)) {
            problem(line(node), "'rules' is a list of rules");
            return rules;
        }
        if (!Tag.SEQ.equals(sequence.getTag())) {
            problem(line(node), "tag '" + sequence.getTag().getValue() + "' is not allowed");
            return rules;
        }
        if (sequence.getValue().size() > MAX_RULES) {
            problem(line(node), "more than " + MAX_RULES + " rules");
            return rules;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        int index = 0;
        for (Node item : sequence.getValue()) {
            index++;
            currentRule = peekId(item);
            int before = problems.size();
            checkTree(item, Set.of());
            Rule rule = rule(item, index, before);
            if (rule != null) {
                Integer first = seen.putIfAbsent(rule.id(), rule.line());
                if (first != null) {
                    problem(rule.line(), "duplicate rule id (first defined at line " + first + ")");
                } else {
                    rules.add(rule);
                }
            }
            currentRule = null;
        }
        return rules;
    }

    // ------------------------------------------------------------------ rule

    /** A rule, or null when it has problems (including those found in its subtree since {@code before}). */
    private Rule rule(Node node, int index, int before) {
        if (!(node instanceof MappingNode mapping)) {
            problem(line(node), "rule #" + index + " is not a mapping");
            return null;
        }
        Map<String, NodeTuple> keys = entries(mapping, RULE_KEYS, "rule key");
        for (String required : REQUIRED_RULE_KEYS) {
            if (!keys.containsKey(required)) {
                problem(line(node), (currentRule == null && required.equals("id") ? "rule #" + index + ": " : "")
                        + "missing '" + required + "'");
            }
        }
        String id = null;
        if (keys.containsKey("id")) {
            Node idNode = keys.get("id").getValueNode();
            id = text(idNode, "id");
            if (id != null && !validRuleId(id)) {
                problem(line(idNode), "id '" + id + "' must be kebab-case (a-z, 0-9, single dashes), at most "
                        + MAX_RULE_ID + " characters");
            }
        }
        String title = boundedText(keys, "title");
        String description = boundedText(keys, "description");
        String remediation = boundedText(keys, "remediation");
        Severity severity = null;
        if (keys.containsKey("severity")) {
            Node severityNode = keys.get("severity").getValueNode();
            String s = text(severityNode, "severity");
            if (s != null) {
                severity = Severity.fromWireName(s);
                if (severity == null) {
                    problem(line(severityNode), "unknown severity '" + s + "' (one of info, warning, error)");
                }
            }
        }
        Condition when = keys.containsKey("when") ? condition(keys.get("when").getValueNode(), 1) : null;
        Condition require = keys.containsKey("require") ? condition(keys.get("require").getValueNode(), 1) : null;
        MessageTemplate gap = keys.containsKey("gap") ? template(keys.get("gap").getValueNode()) : null;
        List<Reference> references = keys.containsKey("references")
                ? references(keys.get("references").getValueNode()) : List.of();
        if (problems.size() > before || id == null || title == null || description == null || severity == null
                || require == null || gap == null || remediation == null) {
            return null;
        }
        return new Rule(id, title, description, severity, when, require, gap, references, remediation, source,
                line(node));
    }

    private String boundedText(Map<String, NodeTuple> keys, String key) {
        if (!keys.containsKey(key)) {
            return null;
        }
        Node node = keys.get(key).getValueNode();
        String value = text(node, key);
        if (value == null) {
            return null;
        }
        value = value.strip();
        if (value.isEmpty()) {
            problem(line(node), "'" + key + "' is blank");
            return null;
        }
        int limit = TEXT_LIMITS.getOrDefault(key, 4000);
        if (value.length() > limit) {
            problem(line(node), "'" + key + "' is longer than " + limit + " characters");
            return null;
        }
        return value;
    }

    private MessageTemplate template(Node node) {
        String text = text(node, "gap");
        if (text == null) {
            return null;
        }
        text = text.strip();
        if (text.isEmpty() || text.length() > TEXT_LIMITS.get("gap")) {
            problem(line(node), "'gap' must be a message of 1 to " + TEXT_LIMITS.get("gap") + " characters");
            return null;
        }
        int at = line(node);
        MessageTemplate template = MessageTemplate.parse(text, message -> problem(at, message));
        if (template != null) {
            for (String name : template.parameterNames()) {
                if (!parameters.containsKey(name)) {
                    problem(at, "message uses undeclared parameter '${" + name + "}' (declare it under 'parameters')");
                    return null;
                }
            }
        }
        return template;
    }

    private List<Reference> references(Node node) {
        List<Reference> references = new ArrayList<>();
        if (!(node instanceof SequenceNode sequence)) {
            problem(line(node), "'references' is a list of {framework, clause, title}");
            return references;
        }
        for (Node item : sequence.getValue()) {
            if (!(item instanceof MappingNode mapping)) {
                problem(line(item), "a reference is a mapping {framework, clause, title}");
                continue;
            }
            Map<String, NodeTuple> keys = entries(mapping, REFERENCE_KEYS, "reference key");
            for (String required : REFERENCE_KEYS) {
                if (!keys.containsKey(required)) {
                    problem(line(item), "reference is missing '" + required + "'");
                }
            }
            Framework framework = null;
            if (keys.containsKey("framework")) {
                Node frameworkNode = keys.get("framework").getValueNode();
                String name = text(frameworkNode, "framework");
                if (name != null) {
                    framework = Framework.fromName(name);
                    if (framework == null) {
                        problem(line(frameworkNode), "unknown framework '" + name
                                + "' (one of EU_AI_ACT, ISO_42001, NIST_AI_RMF, GDPR)");
                    }
                }
            }
            String clause = boundedText(keys, "clause");
            String title = boundedText(keys, "title");
            if (framework != null && clause != null && title != null) {
                references.add(new Reference(framework, clause, title));
            }
        }
        return references;
    }

    // ------------------------------------------------------------------ conditions

    private Condition condition(Node node, int depth) {
        if (depth > MAX_CONDITION_DEPTH) {
            problem(line(node), "conditions are nested deeper than " + MAX_CONDITION_DEPTH + " levels");
            return null;
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(line(node), "a condition is a mapping, such as '{fact: identity.owner, is: present}' "
                    + "or '{all: [...]}'");
            return null;
        }
        Map<String, NodeTuple> keys = entries(mapping, null, null);
        for (String combinator : COMBINATORS) {
            if (keys.containsKey(combinator)) {
                if (keys.size() != 1) {
                    problem(line(node), "'" + combinator + "' must be alone in its condition; nest the others under it");
                    return null;
                }
                Node value = keys.get(combinator).getValueNode();
                return combinator.equals("not") ? not(value, depth) : parts(combinator, value, depth);
            }
        }
        return factTest(node, keys);
    }

    private Condition not(Node value, int depth) {
        Condition inner = condition(value, depth + 1);
        return inner == null ? null : new Condition.Not(inner);
    }

    private Condition parts(String combinator, Node value, int depth) {
        if (!(value instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            problem(line(value), "'" + combinator + "' takes a non-empty list of conditions");
            return null;
        }
        if (sequence.getValue().size() > MAX_PARTS) {
            problem(line(value), "'" + combinator + "' has more than " + MAX_PARTS + " conditions");
            return null;
        }
        List<Condition> parts = new ArrayList<>();
        boolean ok = true;
        for (Node item : sequence.getValue()) {
            Condition part = condition(item, depth + 1);
            ok &= part != null;
            parts.add(part);
        }
        if (!ok) {
            return null;
        }
        return combinator.equals("all") ? new Condition.All(parts) : new Condition.Any(parts);
    }

    private Condition factTest(Node node, Map<String, NodeTuple> keys) {
        List<String> operators = new ArrayList<>();
        boolean unknown = false;
        for (Map.Entry<String, NodeTuple> e : keys.entrySet()) {
            String key = e.getKey();
            if (key.equals("fact")) {
                continue;
            }
            if (OPERATORS.contains(key)) {
                operators.add(key);
            } else {
                List<String> known = new ArrayList<>(OPERATORS);
                known.addAll(COMBINATORS);
                String hint = Texts.closest(key, known);
                problem(line(e.getValue().getKeyNode()), "unknown operator '" + key + "'"
                        + (hint != null ? " (did you mean '" + hint + "'?)" : "")
                        + "; operators: " + String.join(", ", OPERATORS) + "; combinators: all, any, not");
                unknown = true;
            }
        }
        NodeTuple factEntry = keys.get("fact");
        if (factEntry == null) {
            problem(line(node), "condition names no 'fact' (or use all, any, not)");
            return null;
        }
        Node factNode = factEntry.getValueNode();
        String fact = text(factNode, "fact");
        if (fact == null) {
            return null;
        }
        FactType type = FactCatalog.typeOf(fact);
        if (type == null) {
            String hint = FactCatalog.suggest(fact);
            problem(line(factNode), "unknown fact '" + fact + "'"
                    + (hint != null ? " (did you mean '" + hint + "'?)" : " (see the list of facts in the rules documentation)"));
            return null;
        }
        if (unknown) {
            return null;
        }
        if (operators.isEmpty()) {
            problem(line(node), "condition on '" + fact + "' has no operator (one of " + String.join(", ", OPERATORS) + ")");
            return null;
        }
        if (operators.size() > 1) {
            problem(line(node), "condition on '" + fact + "' has several operators (" + String.join(", ", operators)
                    + "); combine separate conditions with 'all'");
            return null;
        }
        String operator = operators.get(0);
        Node value = keys.get(operator).getValueNode();
        return switch (operator) {
            case "is" -> is(fact, type, value);
            case "equals" -> equalsTest(fact, type, value);
            case "in" -> in(fact, type, value);
            case "matches" -> matches(fact, type, value);
            case "contains" -> contains(fact, type, value);
            default -> numeric(operator, fact, type, value);
        };
    }

    private Condition is(String fact, FactType type, Node value) {
        Object v = scalarValue(value, "'is'");
        if (v == INVALID) {
            return null;
        }
        String word = v instanceof Boolean b ? b.toString() : v instanceof String s ? s : null;
        Condition.Is.Check check = word == null ? null : switch (word) {
            case "present" -> Condition.Is.Check.PRESENT;
            case "absent" -> Condition.Is.Check.ABSENT;
            case "true" -> Condition.Is.Check.TRUE;
            case "false" -> Condition.Is.Check.FALSE;
            default -> null;
        };
        if (check == null) {
            problem(line(value), "'is' takes present, absent, true or false");
            return null;
        }
        if ((check == Condition.Is.Check.TRUE || check == Condition.Is.Check.FALSE) && type != FactType.BOOLEAN) {
            problem(line(value), "'is: " + word + "' needs a boolean fact; '" + fact + "' is " + type.label()
                    + " (use equals or matches)");
            return null;
        }
        return new Condition.Is(fact, check);
    }

    private Condition equalsTest(String fact, FactType type, Node value) {
        ParameterType expected = scalarOperandType("equals", fact, type, value);
        if (expected == null) {
            return null;
        }
        Operand operand = operand(value, "equals", fact, expected);
        return operand == null ? null : new Condition.Compare(fact, Condition.Comparison.EQUALS, operand);
    }

    private Condition in(String fact, FactType type, Node value) {
        ParameterType expected = scalarOperandType("in", fact, type, value);
        if (expected == null) {
            return null;
        }
        if (!(value instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            problem(line(value), "'in' takes a non-empty list of values");
            return null;
        }
        if (sequence.getValue().size() > MAX_PARTS) {
            problem(line(value), "'in' has more than " + MAX_PARTS + " values");
            return null;
        }
        List<Operand> options = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            Operand option = operand(item, "in", fact, expected);
            if (option == null) {
                return null;
            }
            options.add(option);
        }
        return new Condition.In(fact, options);
    }

    /** What an equals/in operand must be for this fact type, or null (reported) if the operator does not apply. */
    private ParameterType scalarOperandType(String operator, String fact, FactType type, Node value) {
        return switch (type) {
            case TEXT -> ParameterType.ANY;
            case NUMBER -> ParameterType.NUMBER;
            case BOOLEAN -> ParameterType.BOOLEAN;
            default -> {
                problem(line(value), "'" + operator + "' does not apply to '" + fact + "', which is " + type.label()
                        + (type == FactType.LIST || type == FactType.MAP ? " (use contains or is: present)" : ""));
                yield null;
            }
        };
    }

    private Condition numeric(String operator, String fact, FactType type, Node value) {
        if (type != FactType.NUMBER) {
            problem(line(value), "'" + operator + "' compares numbers; '" + fact + "' is " + type.label());
            return null;
        }
        Operand operand = operand(value, operator, fact, ParameterType.NUMBER);
        if (operand == null) {
            return null;
        }
        Condition.Comparison comparison = Condition.Comparison.valueOf(operator.toUpperCase(Locale.ROOT));
        return new Condition.Compare(fact, comparison, operand);
    }

    private Condition contains(String fact, FactType type, Node value) {
        if (type != FactType.LIST && type != FactType.MAP && type != FactType.TEXT) {
            problem(line(value), "'contains' applies to lists, maps (keys) and text (comma-separated items); '"
                    + fact + "' is " + type.label());
            return null;
        }
        Operand operand = operand(value, "contains", fact, ParameterType.ANY);
        return operand == null ? null : new Condition.Compare(fact, Condition.Comparison.CONTAINS, operand);
    }

    private Condition matches(String fact, FactType type, Node value) {
        if (type != FactType.TEXT) {
            problem(line(value), "'matches' applies to text; '" + fact + "' is " + type.label());
            return null;
        }
        if (!(value instanceof ScalarNode scalar) || !isTextTag(scalar.getTag())) {
            problem(line(value), "'matches' takes a regular expression (quote it)");
            return null;
        }
        String regex = scalar.getValue();
        if (regex.isEmpty() || regex.length() > MAX_PATTERN_LENGTH) {
            problem(line(value), "'matches' pattern must be 1 to " + MAX_PATTERN_LENGTH + " characters");
            return null;
        }
        try {
            return new Condition.Matches(fact, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            problem(line(value), "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            return null;
        }
    }

    /** A literal of the expected type, or a declared parameter of that type. */
    private Operand operand(Node node, String operator, String fact, ParameterType expected) {
        if (!(node instanceof ScalarNode)) {
            problem(line(node), "'" + operator + "' takes a single value here");
            return null;
        }
        Object value = scalarValue(node, "'" + operator + "'");
        if (value == INVALID) {
            return null;
        }
        if (value == null) {
            problem(line(node), "'" + operator + "' needs a value; to test for a missing fact use 'is: absent'");
            return null;
        }
        if (value instanceof String s && s.contains("${")) {
            Matcher m = PARAMETER_REFERENCE.matcher(s.strip());
            if (!m.matches()) {
                problem(line(node), "a parameter reference must be the whole value, like '${max_epsilon}'");
                return null;
            }
            String name = m.group(1);
            Declared declared = parameters.get(name);
            if (declared == null) {
                problem(line(node), "unknown parameter '${" + name + "}' (declare it under 'parameters' with a default)");
                return null;
            }
            if (!expected.accepts(declared.type())) {
                problem(line(node), "parameter '${" + name + "}' is " + declared.type().label() + ", but '" + operator
                        + "' on '" + fact + "' needs " + expected.label());
                return null;
            }
            return new Operand.Parameter(name, expected);
        }
        if (!expected.accepts(ParameterType.of(value))) {
            problem(line(node), "'" + operator + "' on '" + fact + "' needs " + expected.label() + ", not "
                    + ParameterType.of(value).label() + " '" + FactValues.render(value) + "'");
            return null;
        }
        return new Operand.Literal(value);
    }

    // ------------------------------------------------------------------ YAML helpers

    /**
     * Checks a subtree before reading it: only core-schema tags, no recursion, and a bounded number
     * of nodes once aliases are expanded. {@code skipKeys} are top-level keys whose values are
     * checked separately (the rules, each under its own id).
     */
    private void checkTree(Node root, Set<String> skipKeys) {
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        boolean top = true;
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (++nodesSeen > MAX_NODES) {
                problem(line(node), "more than " + MAX_NODES + " YAML nodes once aliases are expanded");
                throw new TooManyProblems();
            }
            if (node.isRecursive()) {
                problem(line(node), "an alias refers to a node that contains it");
                throw new TooManyProblems();
            }
            Tag tag = node.getTag();
            if (node instanceof ScalarNode) {
                if (!SCALAR_TAGS.contains(tag)) {
                    problem(line(node), "tag '" + tag.getValue() + "' is not allowed");
                }
            } else if (node instanceof SequenceNode sequence) {
                if (!Tag.SEQ.equals(tag)) {
                    problem(line(node), "tag '" + tag.getValue() + "' is not allowed");
                }
                sequence.getValue().forEach(pending::push);
            } else if (node instanceof MappingNode mapping) {
                if (!Tag.MAP.equals(tag)) {
                    problem(line(node), "tag '" + tag.getValue() + "' is not allowed");
                }
                for (NodeTuple tuple : mapping.getValue()) {
                    pending.push(tuple.getKeyNode());
                    boolean skip = top && tuple.getKeyNode() instanceof ScalarNode key
                            && skipKeys.contains(key.getValue());
                    if (!skip) {
                        pending.push(tuple.getValueNode());
                    }
                }
            }
            top = false;
        }
    }

    /** The id of a rule node, if it has a plain one, so that problems inside the rule can name it. */
    private static String peekId(Node node) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("id")
                        && tuple.getValueNode() instanceof ScalarNode value && !value.getValue().isBlank()) {
                    return Texts.abbreviate(value.getValue().strip(), MAX_RULE_ID + 1);
                }
            }
        }
        return null;
    }

    /**
     * The entries of a mapping by key, reporting non-text and duplicate keys, and keys not in
     * {@code allowed} (when given) as unknown {@code what}s.
     */
    private Map<String, NodeTuple> entries(MappingNode mapping, List<String> allowed, String what) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || !isTextTag(key.getTag())) {
                problem(line(keyNode), "keys must be plain text"
                        + (keyNode instanceof ScalarNode k ? ", not '" + k.getValue() + "' (quote it)" : ""));
                continue;
            }
            String name = key.getValue();
            if (allowed != null && !allowed.contains(name)) {
                String hint = Texts.closest(name, allowed);
                problem(line(keyNode), "unknown " + what + " '" + name + "'"
                        + (hint != null ? " (did you mean '" + hint + "'?)" : "")
                        + "; allowed: " + String.join(", ", allowed));
                continue;
            }
            NodeTuple first = entries.putIfAbsent(name, tuple);
            if (first != null) {
                problem(line(keyNode), "duplicate key '" + name + "' (first at line " + line(first.getKeyNode()) + ")");
            }
        }
        return entries;
    }

    /** A text value; anything else is reported as the wrong type. */
    private String text(Node node, String what) {
        if (node instanceof ScalarNode scalar && isTextTag(scalar.getTag())) {
            return scalar.getValue();
        }
        if (!allowedTag(node)) {
            return null; // already reported by checkTree
        }
        problem(line(node), what + " must be text, not " + describe(node));
        return null;
    }

    /**
     * A scalar as String, Double (every number) or Boolean; null for a YAML null; {@link #INVALID}
     * when a problem was reported.
     */
    private Object scalarValue(Node node, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            problem(line(node), what + " must be a single value, not " + describe(node));
            return INVALID;
        }
        Tag tag = scalar.getTag();
        String raw = scalar.getValue();
        if (!allowedTag(node)) {
            return INVALID; // already reported by checkTree
        }
        if (isTextTag(tag)) {
            return raw;
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.valueOf(raw.toLowerCase(Locale.ROOT));
        }
        if (Tag.INT.equals(tag) && CORE_INT.matcher(raw).matches()) {
            double value = raw.startsWith("0x") ? Long.parseLong(raw.substring(2), 16)
                    : raw.startsWith("0o") ? Long.parseLong(raw.substring(2), 8)
                    : Double.parseDouble(raw);
            return value;
        }
        if (Tag.FLOAT.equals(tag)) {
            String lower = raw.toLowerCase(Locale.ROOT);
            if (lower.contains("inf") || lower.contains("nan")) {
                problem(line(node), what + " must be a finite number, not '" + raw + "'");
                return INVALID;
            }
            return Double.parseDouble(raw);
        }
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        problem(line(node), what + " has an unsupported value '" + Texts.abbreviate(raw, 40) + "'");
        return INVALID;
    }

    private static boolean allowedTag(Node node) {
        Tag tag = node.getTag();
        if (node instanceof ScalarNode) {
            return SCALAR_TAGS.contains(tag);
        }
        return node instanceof SequenceNode ? Tag.SEQ.equals(tag) : Tag.MAP.equals(tag);
    }

    /** Plain strings; an implicit "${...}" resolves to the environment tag, which here is only text. */
    private static boolean isTextTag(Tag tag) {
        return Tag.STR.equals(tag) || Tag.ENV_TAG.equals(tag);
    }

    private static String describe(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        Tag tag = node.getTag();
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return "a number";
        }
        if (Tag.BOOL.equals(tag)) {
            return "a boolean";
        }
        if (Tag.NULL.equals(tag)) {
            return "an empty value";
        }
        return "'" + tag.getValue() + "'";
    }

    private boolean validRuleId(String id) {
        return id.length() <= MAX_RULE_ID && RULE_ID.matcher(id).matches();
    }

    private void problem(int line, String message) {
        // Messages quote the file; keep a hostile file from producing huge ones.
        problems.add(new Problem(source, currentRule, line, Texts.abbreviate(message, 500)));
        if (problems.size() >= MAX_PROBLEMS) {
            throw new TooManyProblems();
        }
    }

    private static int line(Node node) {
        return node == null ? 0 : lineOf(node.getStartMark());
    }

    private static int lineOf(Optional<Mark> mark) {
        return mark.map(m -> m.getLine() + 1).orElse(0);
    }
}
