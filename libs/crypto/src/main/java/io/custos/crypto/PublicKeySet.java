package io.custos.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The public keys a verifier trusts, from a file: either one PEM public key, or the key document served by
 * {@code GET /api/packaging/keys} (the same shape as a {@link SigningKeyRing}'s {@code keys.json}):
 *
 * <pre>{"keys":[{"keyId":"ed25519:…","algorithm":"Ed25519","publicKeyPem":"-----BEGIN PUBLIC KEY-----…",
 *   "status":"active","createdAt":"2025-01-01T00:00:00Z","retiredAt":null}]}</pre>
 *
 * Reading the document, unknown fields are ignored (the service may add some), but a {@code keyId} that is not the
 * key's own id, an algorithm other than Ed25519, or a status other than active/retired (say a future "revoked") is
 * rejected: accepting any of them could make a verifier trust the wrong key.
 */
public final class PublicKeySet {

    static final String FIELD_KEYS = "keys";
    private static final String FIELD_KEY_ID = "keyId";
    private static final String FIELD_ALGORITHM = "algorithm";
    private static final String FIELD_PEM = "publicKeyPem";
    private static final String FIELD_STATUS = "status";
    private static final String FIELD_CREATED = "createdAt";
    private static final String FIELD_RETIRED = "retiredAt";
    private static final Set<String> ENTRY_FIELDS =
            Set.of(FIELD_KEY_ID, FIELD_ALGORITHM, FIELD_PEM, FIELD_STATUS, FIELD_CREATED, FIELD_RETIRED);

    private PublicKeySet() {
    }

    /**
     * Key id to key, in file order.
     *
     * @throws IllegalArgumentException naming the file, when it is neither form or holds a wrong entry
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Map<String, Ed25519PublicKey> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not a text file (expected a PEM public key or a key set JSON)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read public keys from " + file, e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The key document for {@code keys}, in the given order (pretty-printed UTF-8 JSON). */
    public static byte[] toJson(List<SigningKeyRing.KeyInfo> keys) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode array = root.putArray(FIELD_KEYS);
        for (SigningKeyRing.KeyInfo key : keys) {
            ObjectNode entry = array.addObject();
            entry.put(FIELD_KEY_ID, key.keyId());
            entry.put(FIELD_ALGORITHM, Ed25519.ALGORITHM);
            entry.put(FIELD_PEM, key.publicKey().toPem());
            entry.put(FIELD_STATUS, key.status());
            entry.put(FIELD_CREATED, key.createdAt().toString());
            entry.put(FIELD_RETIRED, key.retiredAt() == null ? null : key.retiredAt().toString());
        }
        try {
            return (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the key set as JSON", e);
        }
    }

    private static Map<String, Ed25519PublicKey> parse(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            return fromDocument(Json.parse(trimmed.getBytes(StandardCharsets.UTF_8), "key set"));
        }
        String label = Pem.firstLabel(text);
        if (label == null) {
            throw new IllegalArgumentException("neither a PEM public key nor a key set JSON ({\"keys\":[...]})");
        }
        if (label.endsWith("PRIVATE KEY")) {
            throw new IllegalArgumentException("this is a private key; give the verifier the public key instead"
                    + " (openssl pkey -in private.pem -pubout)");
        }
        Ed25519PublicKey key = Ed25519PublicKey.fromPem(text);
        return Map.of(key.keyId(), key);
    }

    /** The lenient reading for verifiers: only the PEM is required; what is present must be consistent. */
    private static Map<String, Ed25519PublicKey> fromDocument(JsonNode root) {
        JsonNode keys = keysArray(root);
        Map<String, Ed25519PublicKey> result = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String where = "keys[" + i + "]";
            JsonNode entry = Json.requireObject(keys.get(i), where);
            String algorithm = Json.optionalString(entry, FIELD_ALGORITHM, where);
            if (algorithm != null && !algorithm.equals(Ed25519.ALGORITHM)) {
                throw new IllegalArgumentException(where + ": algorithm \"" + Json.printable(algorithm)
                        + "\" is not supported (only Ed25519)");
            }
            String status = Json.optionalString(entry, FIELD_STATUS, where);
            if (status != null && !SigningKeyRing.KeyInfo.isKnownStatus(status)) {
                throw new IllegalArgumentException(where + ": status \"" + Json.printable(status)
                        + "\" is not active or retired; refusing to trust a key in an unknown state");
            }
            Ed25519PublicKey key = publicKey(entry, where);
            String declaredId = Json.optionalString(entry, FIELD_KEY_ID, where);
            checkKeyId(declaredId, key, where);
            result.put(key.keyId(), key);
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * The strict reading for a key ring's own index: every field present and valid, no unknown fields.
     * Consistency across entries (one active key, no duplicates) is the ring's business.
     */
    static List<SigningKeyRing.KeyInfo> parseKeyInfos(byte[] json) {
        JsonNode root = Json.requireObject(Json.parse(json, "key index"), "key index");
        Json.rejectUnknownFields(root, Set.of(FIELD_KEYS), "key index");
        JsonNode keys = keysArray(root);
        List<SigningKeyRing.KeyInfo> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String where = "keys[" + i + "]";
            JsonNode entry = Json.requireObject(keys.get(i), where);
            Json.rejectUnknownFields(entry, ENTRY_FIELDS, where);
            String algorithm = Json.requireString(entry, FIELD_ALGORITHM, where);
            if (!algorithm.equals(Ed25519.ALGORITHM)) {
                throw new IllegalArgumentException(where + ": algorithm must be Ed25519, not " + Json.printable(algorithm));
            }
            Ed25519PublicKey key = publicKey(entry, where);
            String keyId = Json.requireString(entry, FIELD_KEY_ID, where);
            checkKeyId(keyId, key, where);
            if (!seen.add(keyId)) {
                throw new IllegalArgumentException(where + ": key " + keyId + " is listed twice");
            }
            if (!entry.has(FIELD_RETIRED)) {
                throw new IllegalArgumentException(where + ": missing required field \"" + FIELD_RETIRED + "\"");
            }
            Instant created = instant(Json.requireString(entry, FIELD_CREATED, where), FIELD_CREATED, where);
            String retired = Json.optionalString(entry, FIELD_RETIRED, where);
            try {
                result.add(new SigningKeyRing.KeyInfo(keyId, key, Json.requireString(entry, FIELD_STATUS, where),
                        created, retired == null ? null : instant(retired, FIELD_RETIRED, where)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static JsonNode keysArray(JsonNode root) {
        Json.requireObject(root, "key set");
        JsonNode keys = root.get(FIELD_KEYS);
        if (keys == null || !keys.isArray()) {
            throw new IllegalArgumentException("key set must have a \"keys\" array");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("key set has no keys");
        }
        return keys;
    }

    private static Ed25519PublicKey publicKey(JsonNode entry, String where) {
        String pem = Json.requireString(entry, FIELD_PEM, where);
        try {
            return Ed25519PublicKey.fromPem(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + FIELD_PEM + ": " + e.getMessage(), e);
        }
    }

    private static void checkKeyId(String declared, Ed25519PublicKey key, String where) {
        if (declared != null && !declared.equals(key.keyId())) {
            throw new IllegalArgumentException(where + ": keyId " + Json.printable(declared)
                    + " does not match the key, whose id is " + key.keyId()
                    + "; refusing it because a wrong key id could make a verifier trust the wrong key");
        }
    }

    private static Instant instant(String text, String field, String where) {
        Objects.requireNonNull(text);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": " + field + " is not an ISO-8601 instant: "
                    + Json.printable(text), e);
        }
    }
}
