package io.custos.bundle.archive;

import io.custos.bundle.archive.HostileBundleException.Reason;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.NonPrintableStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * YAML for bundle files (MLmodel, conda.yaml, python_env.yaml), which come from strangers.
 *
 * <p>Loading yields plain data only: {@code Map<String, Object>} (insertion-ordered), {@code List},
 * {@code String}, {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double}, {@code Boolean} and
 * {@code null}, resolved with the YAML 1.2 core schema (so {@code 2024-01-01} stays a string and
 * {@code yes} is not a boolean). Any other tag, including {@code !!python/object...}, {@code !!binary},
 * {@code !!set} and application tags, is <b>refused</b> as MALFORMED_YAML before anything is
 * constructed; environment-variable substitution is never performed. Mapping keys must be strings.
 *
 * <p>Bounds, so that a small file cannot cost much: at most {@value #MAX_CODE_POINTS} code points
 * (TOO_LARGE), {@value #MAX_DEPTH} levels of nesting (checked on the event stream as the recursive
 * composer consumes it) and {@value #MAX_ALIASES} aliases to collections, no recursive
 * structures, and at most {@value #MAX_EXPANDED_NODES} nodes once aliases are expanded (all
 * YAML_BOMB). Syntax errors and duplicate keys are MALFORMED_YAML with the parser's line and column.
 */
public final class SafeYaml {

    static final int MAX_CODE_POINTS = 1 << 20;
    static final int MAX_DEPTH = 50;
    static final int MAX_ALIASES = 20;
    static final int MAX_EXPANDED_NODES = 1_000_000;

    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL);

    private SafeYaml() {
    }

    /**
     * Parses one YAML document into plain data.
     *
     * @param yaml the document, UTF-8 (a byte order mark is allowed)
     * @param path the file it came from, for messages and {@link HostileBundleException#path()}
     * @return the data; {@code null} for an empty document
     * @throws HostileBundleException TOO_LARGE, YAML_BOMB or MALFORMED_YAML
     */
    public static Object load(byte[] yaml, String path) {
        path = path == null ? "YAML document" : path;
        String text = decode(yaml, path);
        if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
            throw tooLarge(path, null);
        }
        LoadSettings settings = loadSettings(path, text.length());
        try {
            Parser parser = new DepthLimitingParser(new ParserImpl(settings, new StreamReader(settings, text)), path);
            Optional<Node> root = new Composer(settings, parser).getSingleNode();
            if (root.isEmpty()) {
                return null;
            }
            new NodeCheck(path).check(root.get());
            return new StandardConstructor(settings).constructSingleDocument(root);
        } catch (MarkedYamlEngineException e) {
            throw new HostileBundleException(Reason.MALFORMED_YAML, path, describe(path, e), e);
        } catch (YamlEngineException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("aliases")) {
                throw new HostileBundleException(Reason.YAML_BOMB, path, path + ": more than " + MAX_ALIASES
                        + " aliases to collections, the limit for bundle YAML (an alias explosion, as in the"
                        + " billion laughs attack)", e);
            }
            if (message.contains("code points")) {
                throw tooLarge(path, e);
            }
            throw new HostileBundleException(Reason.MALFORMED_YAML, path, path + ": " + message, e);
        } catch (HostileBundleException e) {
            throw e;
        } catch (RuntimeException e) {
            // A constructor rejecting a value (an explicit !!int that is not a number, say).
            throw new HostileBundleException(Reason.MALFORMED_YAML, path, path + ": a value does not match its"
                    + " type: " + e, e);
        }
    }

    /**
     * Like {@link #load}, for documents whose top level must be a mapping.
     *
     * @throws HostileBundleException MALFORMED_YAML if the document is empty or not a mapping
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> loadMap(byte[] yaml, String path) {
        Object data = load(yaml, path);
        if (!(data instanceof Map)) {
            throw new HostileBundleException(Reason.MALFORMED_YAML, path, path + ": expected a mapping at the top"
                    + " level, found " + describeType(data));
        }
        return (Map<String, Object>) data;
    }

    /**
     * Writes plain data as block-style YAML, keys in the map's own order. Strings that YAML 1.1
     * readers (PyYAML, hence MLflow) would take for something else ({@code yes}, {@code 3.10},
     * {@code 2024-01-01}, {@code ~}) are quoted, so the file means the same to every reader.
     * Shared sub-structures are written out in full, never as anchors and aliases.
     *
     * @throws IllegalArgumentException for values other than maps with string keys, lists, strings,
     *                                  numbers, booleans and null, or for a structure containing itself
     */
    public static String dump(Map<String, Object> data) {
        checkDumpable(data, new IdentityHashMap<>(), "$");
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setWidth(4096)
                .setSplitLines(false)
                .setExplicitStart(false)
                .setDereferenceAliases(true)
                .setNonPrintableStyle(NonPrintableStyle.ESCAPE)
                .setSchema(new Yaml11SafeSchema())
                .build();
        return new Dump(settings).dumpToString(data);
    }

    // ---------------------------------------------------------------- loading

    /**
     * @param length the document's length in chars: the reader's buffer is made that large, since
     *               with a small buffer snakeyaml-engine re-copies its window for every chunk of a
     *               long token, which makes one long scalar cost quadratic time
     */
    private static LoadSettings loadSettings(String path, int length) {
        return LoadSettings.builder()
                .setBufferSize(length + 1)
                .setLabel(path)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setAllowNonScalarKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setParseComments(false)
                .setUseMarks(true)
                .build();
    }

    /** Strict UTF-8: a document that is not valid UTF-8 is refused rather than repaired. */
    private static String decode(byte[] yaml, String path) {
        if (yaml == null) {
            throw new NullPointerException("yaml");
        }
        // A code point is at most 4 bytes: anything longer cannot be within the limit.
        if (yaml.length > 4L * MAX_CODE_POINTS) {
            throw tooLarge(path, null);
        }
        int start = yaml.length >= 3 && (yaml[0] & 0xFF) == 0xEF && (yaml[1] & 0xFF) == 0xBB
                && (yaml[2] & 0xFF) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(yaml, start, yaml.length - start);
        CharBuffer out = CharBuffer.allocate(yaml.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new HostileBundleException(Reason.MALFORMED_YAML, path, path + ": not valid UTF-8 at byte offset "
                    + in.position());
        }
        return out.flip().toString();
    }

    private static HostileBundleException tooLarge(String path, Throwable cause) {
        return new HostileBundleException(Reason.TOO_LARGE, path, path + ": longer than " + MAX_CODE_POINTS
                + " code points, the limit for a bundle YAML file", cause);
    }

    /**
     * Counts nesting on the event stream as the composer pulls it: the parser is iterative but the
     * composer recurses once per level, so depth must be refused before the composer descends,
     * not after it has built the tree (or overflowed the stack).
     */
    private static final class DepthLimitingParser implements Parser {
        private final Parser delegate;
        private final String path;
        private int depth;

        DepthLimitingParser(Parser delegate, String path) {
            this.delegate = delegate;
            this.path = path;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return delegate.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return delegate.hasNext();
        }

        @Override
        public Event next() {
            Event event = delegate.next();
            switch (event.getEventId()) {
                case MappingStart:
                case SequenceStart:
                    if (++depth > MAX_DEPTH) {
                        throw new HostileBundleException(Reason.YAML_BOMB, path, path + ": nested more than "
                                + MAX_DEPTH + " levels deep" + at(event.getStartMark()) + ", the limit for bundle"
                                + " YAML");
                    }
                    break;
                case MappingEnd:
                case SequenceEnd:
                    depth--;
                    break;
                default:
                    break;
            }
            return event;
        }
    }

    /**
     * Walks the composed node graph before anything is constructed: only plain-data tags, string
     * keys, no node containing itself, and a bounded size once aliases are expanded (what any
     * consumer walking the result as a tree would pay).
     */
    private static final class NodeCheck {
        private final String path;
        private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
        private long expanded;

        NodeCheck(String path) {
            this.path = path;
        }

        void check(Node node) {
            if (++expanded > MAX_EXPANDED_NODES) {
                throw new HostileBundleException(Reason.YAML_BOMB, path, path + ": expands to more than "
                        + MAX_EXPANDED_NODES + " nodes through aliases" + at(node.getStartMark()));
            }
            if (node instanceof ScalarNode scalar) {
                if (scalar.getTag().equals(Tag.ENV_TAG)) {
                    // ${VAR} would be environment substitution: keep it as the literal string.
                    scalar.setTag(Tag.STR);
                }
                requireTag(node, SCALAR_TAGS.contains(node.getTag()));
                return;
            }
            if (!open.add(node)) {
                throw new HostileBundleException(Reason.YAML_BOMB, path, path + ": a collection contains itself"
                        + " through an alias" + at(node.getStartMark()) + "; recursive structures never end");
            }
            if (node instanceof SequenceNode sequence) {
                requireTag(node, node.getTag().equals(Tag.SEQ));
                for (Node item : sequence.getValue()) {
                    check(item);
                }
            } else if (node instanceof MappingNode mapping) {
                requireTag(node, node.getTag().equals(Tag.MAP));
                for (NodeTuple tuple : mapping.getValue()) {
                    Node key = tuple.getKeyNode();
                    check(key);
                    if (!key.getTag().equals(Tag.STR)) {
                        String shown = key instanceof ScalarNode scalarKey
                                ? "'" + EntryNames.printable(scalarKey.getValue()) + "'" : "(a collection)";
                        throw new HostileBundleException(Reason.MALFORMED_YAML, path, path + ": the key " + shown
                                + at(key.getStartMark()) + " is not a string (it reads as " + shortTag(key.getTag())
                                + "); quote it");
                    }
                    check(tuple.getValueNode());
                }
            } else {
                requireTag(node, false);
            }
            open.remove(node);
        }

        private void requireTag(Node node, boolean allowed) {
            if (!allowed) {
                throw new HostileBundleException(Reason.MALFORMED_YAML, path, path + ": the tag "
                        + EntryNames.printable(shortTag(node.getTag())) + at(node.getStartMark())
                        + " is not allowed; bundle YAML holds only plain data (maps, lists, strings, numbers,"
                        + " booleans, null)");
            }
        }
    }

    private static String describe(String path, MarkedYamlEngineException e) {
        StringBuilder s = new StringBuilder(path).append(": ").append(e.getProblem());
        s.append(at(e.getProblemMark()));
        if (e.getContext() != null && !e.getContext().isEmpty()) {
            s.append(" (").append(e.getContext()).append(at(e.getContextMark())).append(')');
        }
        return s.toString();
    }

    /** " at line L, column C", 1-based, or "" when there is no mark. */
    private static String at(Optional<Mark> mark) {
        return mark.map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
    }

    private static String shortTag(Tag tag) {
        String value = tag.getValue();
        return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
    }

    private static String describeType(Object data) {
        if (data == null) {
            return "an empty document";
        }
        if (data instanceof List) {
            return "a list";
        }
        return "a " + data.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " scalar";
    }

    // ---------------------------------------------------------------- dumping

    private static void checkDumpable(Object value, IdentityHashMap<Object, Boolean> open, String where) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof Double || value instanceof Float) {
            return;
        }
        if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
            throw new IllegalArgumentException(where + " is a " + value.getClass().getName() + "; only maps with"
                    + " string keys, lists, strings, numbers, booleans and null can be written");
        }
        if (open.put(value, Boolean.TRUE) != null) {
            throw new IllegalArgumentException(where + " contains itself");
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException(where + " has the non-string key " + entry.getKey());
                }
                checkDumpable(entry.getValue(), open, where + "." + key);
            }
        } else {
            List<?> list = (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                checkDumpable(list.get(i), open, where + "[" + i + "]");
            }
        }
        open.remove(value);
    }

    /**
     * The core schema for writing, except that plain strings a YAML 1.1 reader would resolve to
     * another type are reported as non-strings, which makes the emitter quote them.
     */
    private static final class Yaml11SafeSchema implements Schema {
        private final CoreSchema core = new CoreSchema();
        private final ScalarResolver resolver = new Yaml11SafeResolver(core.getScalarResolver());

        @Override
        public ScalarResolver getScalarResolver() {
            return resolver;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
            return core.getSchemaTagConstructors();
        }
    }

    private static final class Yaml11SafeResolver implements ScalarResolver {
        /** Booleans and nulls in any YAML version (y/n included, as some 1.1 readers take them). */
        private static final Pattern WORDS = Pattern.compile(
                "(?i:y|n|yes|no|true|false|on|off|null|~|=|<<)");
        /** Anything that starts like a number: ints in any base, floats, sexagesimals, dates. */
        private static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?\\.?[0-9][0-9a-zA-Z_.:+\\-]*");
        /** Dates with a time part, which PyYAML reads as timestamps. */
        private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");
        private static final Pattern SPECIAL_FLOAT = Pattern.compile("[-+]?\\.(?i:inf|nan)");
        private static final Tag YAML11_AMBIGUOUS = new Tag(Tag.PREFIX + "yaml11-ambiguous");

        private final ScalarResolver core;

        Yaml11SafeResolver(ScalarResolver core) {
            this.core = core;
        }

        @Override
        public Tag resolve(String value, Boolean implicit) {
            Tag tag = core.resolve(value, implicit);
            if (Boolean.TRUE.equals(implicit) && tag.equals(Tag.STR) && (value.isEmpty()
                    || WORDS.matcher(value).matches() || NUMBER_LIKE.matcher(value).matches()
                    || TIMESTAMP.matcher(value).matches() || SPECIAL_FLOAT.matcher(value).matches())) {
                return YAML11_AMBIGUOUS;
            }
            return tag;
        }
    }
}
