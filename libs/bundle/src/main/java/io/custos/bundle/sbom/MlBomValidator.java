package io.custos.bundle.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;

/**
 * Checks an ML-BOM taken from a bundle that may have been built by anyone: the CycloneDX 1.6
 * JSON schema (the copy bundled in cyclonedx-core-java, so this works offline), then what Custos
 * needs on top of the schema:
 * <ul>
 *   <li>{@code bomFormat} CycloneDX and {@code specVersion} 1.6;</li>
 *   <li>exactly one {@code machine-learning-model} component (in {@code metadata.component} or
 *       {@code components}, nested ones included), with a model card and a SHA-256 hash;</li>
 *   <li>every {@code library} component has a purl and a license;</li>
 *   <li>bom-refs are unique, and the refs of dependencies, vulnerability {@code affects} and
 *       model-card datasets point at something in the BOM.</li>
 * </ul>
 * Duplicate JSON keys and trailing content are rejected, because different readers would see
 * different documents.
 */
public final class MlBomValidator {

    private static final Version SPEC = Version.VERSION_16;

    /**
     * Far deeper than any real BOM (ours is 8 levels), and shallow enough that the recursive schema
     * validator cannot run out of stack on a hostile document.
     */
    private static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private MlBomValidator() {
    }

    /**
     * The problems found in {@code json}, each a sentence a person can act on; empty when it is a
     * valid ML-BOM. Never throws: unreadable input is reported as a problem.
     */
    public static List<String> validate(byte[] json) {
        if (json == null || json.length == 0) {
            return List.of("the ML-BOM is empty");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(json);
        } catch (StreamConstraintsException e) {
            return List.of("the ML-BOM is nested more than " + MAX_NESTING_DEPTH + " levels deep, which no valid"
                    + " ML-BOM needs");
        } catch (JsonProcessingException e) {
            return List.of("the ML-BOM is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            return List.of("the ML-BOM cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return List.of("the ML-BOM is empty");
        }
        if (!root.isObject()) {
            return List.of("the ML-BOM must be a JSON object, found "
                    + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        List<String> problems = new ArrayList<>();
        try {
            checkFormat(root, problems);
            checkSchema(root, problems);
            new Semantics(root, problems).check();
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            // LinkageError: the bundled schema failed to load; report it rather than break the caller
            problems.add("the ML-BOM could not be checked completely: " + e);
        }
        return List.copyOf(problems);
    }

    private static void checkFormat(JsonNode root, List<String> problems) {
        if (!"CycloneDX".equals(root.path("bomFormat").asText(null))) {
            problems.add("bomFormat must be \"CycloneDX\", found "
                    + (root.has("bomFormat") ? root.get("bomFormat").toString() : "none"));
        }
        String specVersion = root.path("specVersion").asText(null);
        if (!SPEC.getVersionString().equals(specVersion)) {
            problems.add("specVersion must be \"" + SPEC.getVersionString() + "\", found "
                    + (root.has("specVersion") ? root.get("specVersion").toString() : "none"));
        }
    }

    private static void checkSchema(JsonNode root, List<String> problems) {
        Set<ValidationMessage> messages = Schema.INSTANCE.validate(root);
        messages.stream().map(m -> "CycloneDX " + SPEC.getVersionString() + " schema: " + m.getMessage()).sorted()
                .forEach(problems::add);
    }

    /**
     * The 1.6 JSON schema from cyclonedx-core-java, built once: the library maps the schema's
     * {@code $ref}s (SPDX ids, JSF) to its class-path copies, so nothing is fetched.
     */
    private static final class Schema {

        static final JsonSchema INSTANCE = load();

        private static JsonSchema load() {
            try {
                return new JsonParser().getJsonSchema(SPEC, new ObjectMapper());
            } catch (IOException e) {
                throw new IllegalStateException("the CycloneDX " + SPEC.getVersionString()
                        + " schema bundled in cyclonedx-core-java cannot be read", e);
            }
        }
    }

    /** The Custos rules that the schema cannot express. */
    private static final class Semantics {

        private final JsonNode root;
        private final List<String> problems;
        private final List<JsonNode> components = new ArrayList<>();
        private final Set<String> refs = new HashSet<>();

        Semantics(JsonNode root, List<String> problems) {
            this.root = root;
            this.problems = problems;
        }

        void check() {
            collect(root.path("metadata").path("component"));
            for (JsonNode c : root.path("components")) {
                collect(c);
            }
            collectServices(root.path("services"));
            checkModel();
            checkLibraries();
            checkReferences();
        }

        private void collect(JsonNode component) {
            if (!component.isObject()) {
                return;
            }
            components.add(component);
            String ref = component.path("bom-ref").asText(null);
            if (ref != null && !refs.add(ref)) {
                problems.add("bom-ref \"" + ref + "\" is used more than once");
            }
            for (JsonNode child : component.path("components")) {
                collect(child);
            }
        }

        /** Services can be dependency targets too; only their bom-refs matter here. */
        private void collectServices(JsonNode services) {
            for (JsonNode service : services) {
                String ref = service.path("bom-ref").asText(null);
                if (ref != null && !refs.add(ref)) {
                    problems.add("bom-ref \"" + ref + "\" is used more than once");
                }
                collectServices(service.path("services"));
            }
        }

        private void checkModel() {
            List<JsonNode> models = components.stream()
                    .filter(c -> "machine-learning-model".equals(c.path("type").asText())).toList();
            if (models.size() != 1) {
                problems.add("expected exactly one component of type machine-learning-model, found " + models.size());
            }
            for (JsonNode model : models) {
                String name = describe(model);
                if (!model.path("modelCard").isObject()) {
                    problems.add("the machine-learning-model component " + name + " has no modelCard");
                }
                boolean sha256 = false;
                for (JsonNode hash : model.path("hashes")) {
                    if ("SHA-256".equals(hash.path("alg").asText()) && !hash.path("content").asText().isBlank()) {
                        sha256 = true;
                    }
                }
                if (!sha256) {
                    problems.add("the machine-learning-model component " + name + " has no SHA-256 hash");
                }
            }
        }

        private void checkLibraries() {
            for (JsonNode c : components) {
                if (!"library".equals(c.path("type").asText())) {
                    continue;
                }
                if (c.path("purl").asText("").isBlank()) {
                    problems.add("library " + describe(c) + " has no purl");
                }
                boolean licensed = false;
                for (JsonNode choice : c.path("licenses")) {
                    JsonNode license = choice.path("license");
                    if (!license.path("id").asText("").isBlank() || !license.path("name").asText("").isBlank()
                            || !choice.path("expression").asText("").isBlank()) {
                        licensed = true;
                    }
                }
                if (!licensed) {
                    problems.add("library " + describe(c) + " has no license");
                }
            }
        }

        private void checkReferences() {
            for (JsonNode dependency : root.path("dependencies")) {
                requireRef(dependency.path("ref"), "dependency");
                for (JsonNode on : dependency.path("dependsOn")) {
                    requireRef(on, "dependsOn of " + dependency.path("ref").asText());
                }
            }
            for (JsonNode vulnerability : root.path("vulnerabilities")) {
                for (JsonNode affect : vulnerability.path("affects")) {
                    requireRef(affect.path("ref"), "vulnerability " + vulnerability.path("id").asText() + " affects");
                }
            }
            for (JsonNode c : components) {
                for (JsonNode dataset : c.path("modelCard").path("modelParameters").path("datasets")) {
                    if (dataset.has("ref")) {
                        requireRef(dataset.path("ref"), "model card dataset");
                    }
                }
            }
        }

        private void requireRef(JsonNode ref, String where) {
            if (ref.isTextual() && !ref.asText().startsWith("urn:cdx:") && !refs.contains(ref.asText())) {
                problems.add(where + " refers to \"" + ref.asText() + "\", which is not a bom-ref in the BOM");
            }
        }

        private static String describe(JsonNode component) {
            String name = component.path("name").asText("(unnamed)");
            String version = component.path("version").asText(null);
            return version == null ? name : name + "@" + version;
        }
    }
}
