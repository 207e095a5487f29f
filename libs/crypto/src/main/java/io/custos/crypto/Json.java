package io.custos.crypto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;

/**
 * Shared JSON and base64 plumbing for the signed-data formats. Parsing goes through a tree so every rule (required
 * field, type, unknown field) fails with a message naming the field, rather than a Jackson binding error.
 */
final class Json {

    /** Rejects duplicate keys (two "payload" fields could be read differently by two parsers) and trailing junk. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** Parses {@code json}; {@code what} names the document in error messages. */
    static JsonNode parse(byte[] json, String what) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new IllegalArgumentException(what + " is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new IllegalArgumentException(what + " is not valid JSON: " + withoutSource(e.getOriginalMessage())
                    + where, e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " could not be read: " + e.getMessage(), e);
        }
    }

    /** Jackson messages may embed "[Source: ...; line: 1, column: 9]"; keep only the position. */
    private static String withoutSource(String message) {
        return message == null ? "" : message.replaceAll("\\[Source: [^\\]]*?; (line: \\d+, column: \\d+)\\]", "$1");
    }

    static JsonNode requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return node;
    }

    /** Fails on the first field of {@code object} that is not in {@code allowed}. */
    static void rejectUnknownFields(JsonNode object, Set<String> allowed, String what) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(what + ": unknown field \"" + name + "\" (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** A field that must be present and a JSON string (possibly empty). */
    static String requireString(JsonNode object, String field, String what) {
        JsonNode value = object.get(field);
        if (value == null) {
            throw new IllegalArgumentException(what + ": missing required field \"" + field + "\"");
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(what + ": field \"" + field + "\" must be a string, not "
                    + value.getNodeType().toString().toLowerCase());
        }
        return value.textValue();
    }

    /** A field that may be absent or null; when present it must be a string. */
    static String optionalString(JsonNode object, String field, String what) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(what + ": field \"" + field + "\" must be a string or null, not "
                    + value.getNodeType().toString().toLowerCase());
        }
        return value.textValue();
    }

    /**
     * Decodes base64 as DSSE allows it: standard or URL-safe alphabet, padding optional. Mixing the two alphabets
     * or any whitespace is rejected.
     */
    static byte[] decodeBase64(String text) {
        boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
        return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    }

    /** A value from an untrusted document made safe to print in one line of an error message. */
    static String printable(String value) {
        if (value == null) {
            return "(none)";
        }
        String clean = value.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}
