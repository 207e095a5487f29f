package io.custos.governance.core.compliance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A gap message with placeholders, so a finding names the model and the evidence involved:
 * {@code {identity.modelName}} is replaced by a fact's value, {@code {identity.modelName|this model}}
 * gives the text to use when the fact is missing (otherwise {@code <missing identity.modelName>}),
 * {@code ${max_epsilon}} is a parameter's value, and <code>&#123;&#123;</code> / <code>&#125;&#125;</code>
 * write literal braces.
 * Placeholders are checked when the rules file is loaded.
 */
public final class MessageTemplate {

    private static final Pattern PARAMETER_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private sealed interface Part permits Text, FactSlot, ParameterSlot {
    }

    private record Text(String text) implements Part {
    }

    private record FactSlot(String fact, String fallback) implements Part {
    }

    private record ParameterSlot(String name) implements Part {
    }

    private final String source;
    private final List<Part> parts;

    private MessageTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** The template as written. */
    public String source() {
        return source;
    }

    /** The facts the template mentions. */
    List<String> facts() {
        List<String> facts = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof FactSlot slot) {
                facts.add(slot.fact());
            }
        }
        return facts;
    }

    /** The parameters the template mentions. */
    List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof ParameterSlot slot) {
                names.add(slot.name());
            }
        }
        return names;
    }

    /** The message for a record's facts and the rule set's parameter values. */
    String render(Map<String, Object> facts, Map<String, Object> parameters) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Text t) {
                out.append(t.text());
            } else if (part instanceof FactSlot slot) {
                Object value = facts.get(slot.fact());
                if (FactValues.isPresent(value)) {
                    out.append(FactValues.render(value));
                } else {
                    out.append(slot.fallback() != null ? slot.fallback() : "<missing " + slot.fact() + ">");
                }
            } else if (part instanceof ParameterSlot slot) {
                out.append(FactValues.render(parameters.get(slot.name())));
            }
        }
        return out.toString();
    }

    /**
     * Parses {@code text}; each problem (bad syntax, unknown fact) goes to {@code problems} and the
     * result is then null. Whether parameters are declared is for the caller to check.
     */
    static MessageTemplate parse(String text, Consumer<String> problems) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean ok = true;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '}') {
                problems.accept("unmatched '}' in message at position " + i + " (write '}}' for a literal brace)");
                ok = false;
                i++;
            } else if (c == '{' || (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{')) {
                boolean parameter = c == '$';
                int open = parameter ? i + 1 : i;
                int close = text.indexOf('}', open);
                if (close < 0) {
                    problems.accept("unclosed '{' in message at position " + i + " (write '{{' for a literal brace)");
                    ok = false;
                    break;
                }
                String inside = text.substring(open + 1, close);
                if (literal.length() > 0) {
                    parts.add(new Text(literal.toString()));
                    literal.setLength(0);
                }
                if (parameter) {
                    if (!PARAMETER_NAME.matcher(inside).matches()) {
                        problems.accept("bad parameter name '${" + inside + "}' in message");
                        ok = false;
                    }
                    parts.add(new ParameterSlot(inside));
                } else {
                    int bar = inside.indexOf('|');
                    String fact = (bar < 0 ? inside : inside.substring(0, bar)).trim();
                    String fallback = bar < 0 ? null : inside.substring(bar + 1);
                    if (FactCatalog.typeOf(fact) == null) {
                        String hint = FactCatalog.suggest(fact);
                        problems.accept("unknown fact '{" + fact + "}' in message"
                                + (hint != null ? " (did you mean '" + hint + "'?)" : ""));
                        ok = false;
                    }
                    parts.add(new FactSlot(fact, fallback));
                }
                i = close + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Text(literal.toString()));
        }
        return ok ? new MessageTemplate(text, parts) : null;
    }

    @Override
    public String toString() {
        return source;
    }
}
