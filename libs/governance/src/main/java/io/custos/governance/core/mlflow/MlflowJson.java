package io.custos.governance.core.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads MLflow's JSON answers into the connector's records, by hand rather than by data binding so
 * that the tolerance is explicit: MLflow omits empty lists and empty strings entirely (an empty
 * search answers {@code {}}), sends int64 timestamps as numbers but protobuf JSON allows strings,
 * and sends non-finite metric values as the strings {@code "NaN"}/{@code "Infinity"}. A field of
 * the wrong type is a {@link Malformed} answer, never a silently wrong record.
 */
final class MlflowJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_DETAIL_CHARS = 300;
    private static final Pattern HTML_TITLE = Pattern.compile("<title>(.*?)</title>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private MlflowJson() {
    }

    /** The answer did not have the shape MLflow documents. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    static JsonNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Malformed("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new Malformed("not readable JSON");
        }
        if (node == null || !node.isObject()) {
            throw new Malformed("expected a JSON object");
        }
        return node;
    }

    static MlflowPage<MlflowRegisteredModel> registeredModelsPage(JsonNode root) {
        List<MlflowRegisteredModel> models = new ArrayList<>();
        for (JsonNode m : array(root, "registered_models")) {
            models.add(registeredModel(m));
        }
        return new MlflowPage<>(models, pageToken(root));
    }

    static MlflowPage<MlflowModelVersion> modelVersionsPage(JsonNode root) {
        List<MlflowModelVersion> versions = new ArrayList<>();
        for (JsonNode v : array(root, "model_versions")) {
            versions.add(modelVersion(v));
        }
        return new MlflowPage<>(versions, pageToken(root));
    }

    static MlflowRegisteredModel registeredModel(JsonNode m) {
        requireObject(m, "registered model");
        List<MlflowModelVersion> latest = new ArrayList<>();
        for (JsonNode v : array(m, "latest_versions")) {
            latest.add(modelVersion(v));
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        for (JsonNode a : array(m, "aliases")) {
            requireObject(a, "alias");
            aliases.put(required(a, "alias"), required(a, "version"));
        }
        return new MlflowRegisteredModel(required(m, "name"), text(m, "description"),
                instant(m, "creation_timestamp"), instant(m, "last_updated_timestamp"), tags(m, "tags"), aliases,
                latest);
    }

    static MlflowModelVersion modelVersion(JsonNode v) {
        requireObject(v, "model version");
        List<String> aliases = new ArrayList<>();
        for (JsonNode a : array(v, "aliases")) {
            if (!a.isTextual()) {
                throw new Malformed("model version alias is not a string");
            }
            aliases.add(a.asText());
        }
        return new MlflowModelVersion(required(v, "name"), required(v, "version"),
                instant(v, "creation_timestamp"), instant(v, "last_updated_timestamp"), text(v, "current_stage"),
                text(v, "description"), text(v, "source"), text(v, "run_id"), text(v, "status"), tags(v, "tags"),
                aliases);
    }

    static MlflowRun run(JsonNode root) {
        JsonNode run = root.get("run");
        requireObject(run, "run");
        JsonNode info = run.get("info");
        requireObject(info, "run info");
        JsonNode data = run.path("data");
        if (!data.isMissingNode()) {
            requireObject(data, "run data");
        }
        String runId = text(info, "run_id");
        if (runId == null) {
            runId = text(info, "run_uuid");
        }
        if (runId == null) {
            throw new Malformed("run info has no run_id");
        }
        return new MlflowRun(runId, text(info, "experiment_id"), text(info, "run_name"), text(info, "user_id"),
                text(info, "status"), instant(info, "start_time"), instant(info, "end_time"),
                text(info, "artifact_uri"), text(info, "lifecycle_stage"), latestMetrics(data), tags(data, "params"),
                tags(data, "tags"), datasetInputs(run.path("inputs")));
    }

    static MlflowExperiment experiment(JsonNode root) {
        JsonNode e = root.get("experiment");
        requireObject(e, "experiment");
        return new MlflowExperiment(required(e, "experiment_id"), text(e, "name"), text(e, "artifact_location"),
                text(e, "lifecycle_stage"), tags(e, "tags"));
    }

    static MlflowArtifactListing artifactListing(JsonNode root) {
        List<MlflowArtifactListing.Entry> files = new ArrayList<>();
        for (JsonNode f : array(root, "files")) {
            requireObject(f, "artifact entry");
            JsonNode dir = f.get("is_dir");
            if (dir != null && !dir.isBoolean()) {
                throw new Malformed("artifact is_dir is not a boolean");
            }
            JsonNode size = f.get("file_size");
            Long fileSize = null;
            if (size != null && !size.isNull()) {
                fileSize = longValue(size, "file_size");
            }
            files.add(new MlflowArtifactListing.Entry(required(f, "path"), dir != null && dir.asBoolean(), fileSize));
        }
        return new MlflowArtifactListing(text(root, "root_uri"), files, pageToken(root));
    }

    /**
     * A short, single-line description of an error answer for exception messages: MLflow's
     * {@code error_code: message}, an HTML page's title, or the start of a text body.
     */
    static String errorDetail(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("{")) {
            try {
                JsonNode node = MAPPER.readTree(text);
                String code = node.path("error_code").asText("");
                String message = node.path("message").asText("");
                if (!code.isEmpty() || !message.isEmpty()) {
                    return oneLine(code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message);
                }
            } catch (JsonProcessingException ignored) {
                // fall through to the raw text
            }
        }
        if (text.startsWith("<")) {
            Matcher title = HTML_TITLE.matcher(text);
            return title.find() ? oneLine("HTML page: " + title.group(1)) : "HTML page";
        }
        return oneLine(text);
    }

    /** Collapses control characters (no log injection from a server's text) and bounds the length. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_DETAIL_CHARS + 1));
        for (int i = 0; i < s.length() && b.length() < MAX_DETAIL_CHARS; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (s.length() > MAX_DETAIL_CHARS) {
            b.append('…');
        }
        return b.toString().strip();
    }

    /** The latest value per metric key: highest step, then latest timestamp (runs/get already sends latest). */
    private static Map<String, Double> latestMetrics(JsonNode data) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, long[]> positions = new LinkedHashMap<>();
        for (JsonNode m : array(data, "metrics")) {
            requireObject(m, "metric");
            String key = required(m, "key");
            JsonNode valueNode = m.get("value");
            if (valueNode == null || valueNode.isNull()) {
                continue;
            }
            double value = doubleValue(valueNode, "metric " + key);
            long step = m.has("step") ? longValue(m.get("step"), "metric step") : 0L;
            long timestamp = m.has("timestamp") ? longValue(m.get("timestamp"), "metric timestamp") : 0L;
            long[] seen = positions.get(key);
            if (seen == null || step > seen[0] || (step == seen[0] && timestamp >= seen[1])) {
                positions.put(key, new long[] {step, timestamp});
                values.put(key, value);
            }
        }
        return values;
    }

    private static List<MlflowRun.DatasetInput> datasetInputs(JsonNode inputs) {
        List<MlflowRun.DatasetInput> result = new ArrayList<>();
        if (inputs.isMissingNode() || inputs.isNull()) {
            return result;
        }
        requireObject(inputs, "run inputs");
        for (JsonNode in : array(inputs, "dataset_inputs")) {
            requireObject(in, "dataset input");
            JsonNode ds = in.path("dataset");
            if (!ds.isObject()) {
                continue;
            }
            String context = tags(in, "tags").get("mlflow.data.context");
            result.add(new MlflowRun.DatasetInput(text(ds, "name"), text(ds, "digest"), text(ds, "source_type"),
                    context));
        }
        return result;
    }

    private static String pageToken(JsonNode root) {
        String token = text(root, "next_page_token");
        return token == null || token.isEmpty() ? null : token;
    }

    /** MLflow's {@code [{key, value}]} lists (tags, params) as an ordered map; a missing value is "". */
    private static Map<String, String> tags(JsonNode node, String field) {
        Map<String, String> map = new LinkedHashMap<>();
        for (JsonNode t : array(node, field)) {
            requireObject(t, field + " entry");
            String value = text(t, "value");
            map.put(required(t, "key"), value == null ? "" : value);
        }
        return map;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode a = node.get(field);
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new Malformed("'" + field + "' is not a list");
        }
        return a;
    }

    private static void requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new Malformed(what + " is missing or not an object");
        }
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isEmpty()) {
            throw new Malformed("'" + field + "' is missing");
        }
        return value;
    }

    /** A scalar as text; numbers are accepted where MLflow sends ids as strings. */
    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new Malformed("'" + field + "' is not a scalar");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return Instant.ofEpochMilli(longValue(v, field));
    }

    private static long longValue(JsonNode v, String what) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new Malformed("'" + what + "' is not an integer");
    }

    private static double doubleValue(JsonNode v, String what) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            switch (v.asText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(v.asText().trim());
                    } catch (NumberFormatException e) {
                        // reported below
                    }
            }
        }
        throw new Malformed("'" + what + "' is not a number");
    }
}
