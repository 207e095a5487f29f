package io.custos.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the gateway's OpenAPI document with the services' documents into one. Paths are taken
 * as they are (every service serves its API under {@code /api/<service>/}); components are merged
 * by type and name, and a component whose name is taken by a different definition is renamed
 * {@code <service>_<name>} with every {@code $ref} (and security requirement) of that service
 * rewritten. Tags are merged by name. Services' {@code servers} are dropped (they are internal
 * addresses). Services that could not be fetched are listed in {@code x-custos-unavailable}.
 */
public final class OpenApiMerger {

    public static final String UNAVAILABLE = "x-custos-unavailable";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    /** One service's document. */
    public record Source(String service, JsonNode document) {
    }

    public ObjectNode merge(JsonNode gateway, List<Source> services, List<String> unavailable) {
        ObjectNode result = gateway != null && gateway.isObject() ? ((ObjectNode) gateway).deepCopy() : F.objectNode();
        if (!result.has("openapi")) {
            result.put("openapi", "3.0.3");
        }
        result.remove("servers");
        ObjectNode paths = object(result, "paths");
        ObjectNode components = object(result, "components");
        List<JsonNode> tags = new ArrayList<>();
        result.path("tags").forEach(tags::add);

        for (Source source : services) {
            if (source.document() == null || !source.document().isObject()) {
                continue;
            }
            ObjectNode doc = ((ObjectNode) source.document()).deepCopy();
            applyGlobalSecurity(doc);
            Map<String, Map<String, String>> renames = planRenames(components, doc.path("components"), source.service());
            rewriteRefs(doc, renames);
            renameSecurityRequirements(doc, renames.getOrDefault("securitySchemes", Map.of()));
            mergeComponents(components, doc.path("components"), renames);
            mergePaths(paths, doc.path("paths"));
            doc.path("tags").forEach(tags::add);
        }
        ArrayNode mergedTags = F.arrayNode();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode tag : tags) {
            String name = tag.path("name").asText(null);
            if (name != null && seen.add(name)) {
                mergedTags.add(tag);
            }
        }
        if (!mergedTags.isEmpty()) {
            result.set("tags", mergedTags);
        }
        if (components.isEmpty()) {
            result.remove("components");
        }
        ArrayNode missing = result.putArray(UNAVAILABLE);
        unavailable.stream().sorted().forEach(missing::add);
        return result;
    }

    /** Decides, per component type, which of the service's names must change: old name to new name. */
    private static Map<String, Map<String, String>> planRenames(ObjectNode merged, JsonNode incoming, String service) {
        Map<String, Map<String, String>> renames = new HashMap<>();
        if (!incoming.isObject()) {
            return renames;
        }
        Iterator<Map.Entry<String, JsonNode>> types = incoming.fields();
        while (types.hasNext()) {
            Map.Entry<String, JsonNode> type = types.next();
            JsonNode existing = merged.path(type.getKey());
            if (!type.getValue().isObject()) {
                continue;
            }
            Set<String> incomingNames = new LinkedHashSet<>();
            type.getValue().fieldNames().forEachRemaining(incomingNames::add);
            for (String name : incomingNames) {
                JsonNode current = existing.get(name);
                if (current != null && !current.equals(type.getValue().get(name))) {
                    String candidate = service + "_" + name;
                    int n = 2;
                    while (existing.has(candidate) || incomingNames.contains(candidate)) {
                        candidate = service + "_" + name + "_" + n++;
                    }
                    renames.computeIfAbsent(type.getKey(), k -> new HashMap<>()).put(name, candidate);
                }
            }
        }
        return renames;
    }

    private static void mergeComponents(ObjectNode merged, JsonNode incoming, Map<String, Map<String, String>> renames) {
        if (!incoming.isObject()) {
            return;
        }
        incoming.fields().forEachRemaining(type -> {
            if (!type.getValue().isObject()) {
                return;
            }
            ObjectNode target = object(merged, type.getKey());
            Map<String, String> renamed = renames.getOrDefault(type.getKey(), Map.of());
            type.getValue().fields().forEachRemaining(c -> {
                String name = renamed.getOrDefault(c.getKey(), c.getKey());
                if (!target.has(name)) {
                    target.set(name, c.getValue());
                }
            });
        });
    }

    private static void mergePaths(ObjectNode merged, JsonNode incoming) {
        if (!incoming.isObject()) {
            return;
        }
        incoming.fields().forEachRemaining(p -> {
            if (!p.getValue().isObject()) {
                return;
            }
            ObjectNode item = ((ObjectNode) p.getValue());
            item.remove("servers");
            item.fields().forEachRemaining(op -> {
                if (METHODS.contains(op.getKey()) && op.getValue().isObject()) {
                    ((ObjectNode) op.getValue()).remove("servers");
                }
            });
            JsonNode existing = merged.get(p.getKey());
            if (existing == null || !existing.isObject()) {
                merged.set(p.getKey(), item);
                return;
            }
            ObjectNode target = (ObjectNode) existing;
            item.fields().forEachRemaining(field -> {
                if (!target.has(field.getKey())) {
                    target.set(field.getKey(), field.getValue());
                }
            });
        });
    }

    /** A service-wide security requirement is copied onto its operations that have none, as it does not survive the merge. */
    private static void applyGlobalSecurity(ObjectNode doc) {
        JsonNode global = doc.get("security");
        if (global == null || !global.isArray()) {
            return;
        }
        doc.path("paths").forEach(item -> item.fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey()) && op.getValue().isObject() && !op.getValue().has("security")) {
                ((ObjectNode) op.getValue()).set("security", global.deepCopy());
            }
        }));
        doc.remove("security");
    }

    private static void renameSecurityRequirements(ObjectNode doc, Map<String, String> renamed) {
        if (renamed.isEmpty()) {
            return;
        }
        doc.path("paths").forEach(item -> item.fields().forEachRemaining(op -> {
            JsonNode security = op.getValue().path("security");
            if (!security.isArray()) {
                return;
            }
            ArrayNode replacement = F.arrayNode();
            security.forEach(requirement -> {
                ObjectNode r = F.objectNode();
                requirement.fields().forEachRemaining(e -> r.set(renamed.getOrDefault(e.getKey(), e.getKey()), e.getValue()));
                replacement.add(r);
            });
            ((ObjectNode) op.getValue()).set("security", replacement);
        }));
    }

    /** Rewrites {@code #/components/<type>/<name>} (and deeper pointers below it) in every $ref. */
    static void rewriteRefs(JsonNode node, Map<String, Map<String, String>> renames) {
        if (renames.isEmpty()) {
            return;
        }
        if (node.isObject()) {
            ObjectNode obj = (ObjectNode) node;
            JsonNode ref = obj.get("$ref");
            if (ref != null && ref.isTextual()) {
                obj.set("$ref", TextNode.valueOf(rewrite(ref.asText(), renames)));
            }
            obj.elements().forEachRemaining(child -> rewriteRefs(child, renames));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> rewriteRefs(child, renames));
        }
    }

    private static String rewrite(String ref, Map<String, Map<String, String>> renames) {
        String prefix = "#/components/";
        if (!ref.startsWith(prefix)) {
            return ref;
        }
        String rest = ref.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return ref;
        }
        String type = rest.substring(0, slash);
        String nameAndTail = rest.substring(slash + 1);
        int tailAt = nameAndTail.indexOf('/');
        String name = tailAt < 0 ? nameAndTail : nameAndTail.substring(0, tailAt);
        String tail = tailAt < 0 ? "" : nameAndTail.substring(tailAt);
        String renamed = renames.getOrDefault(type, Map.of()).get(name);
        return renamed == null ? ref : prefix + type + "/" + renamed + tail;
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }
}
