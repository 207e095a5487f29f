package io.custos.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custos.crypto.SignatureVerificationException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * DSSE v1 (Dead Simple Signing Envelope, github.com/secure-systems-lab/dsse) with Ed25519.
 *
 * <p>The signature covers {@link #pae PAE(payloadType, payload)}, never the JSON, so the envelope needs no
 * canonicalisation and the payload type is authenticated along with the payload.
 *
 * <p>Verification picks the key by the signature's {@code keyid} and checks it only against that key: a signature
 * claiming a trusted key id is never tried against another key. Key ids are {@link Ed25519PublicKey#keyId()}, and
 * {@link #verify} refuses a trust map whose ids do not match their keys.
 */
public final class Dsse {

    private static final byte[] PAE_PREFIX = "DSSEv1".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> ENVELOPE_FIELDS = Set.of("payload", "payloadType", "signatures");
    private static final Set<String> SIGNATURE_FIELDS = Set.of("keyid", "sig");

    private Dsse() {
    }

    /**
     * The Pre-Authentication Encoding: {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, where LEN is the
     * byte length in ASCII decimal and the type is UTF-8. These are the bytes that get signed.
     */
    public static byte[] pae(String payloadType, byte[] payload) {
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(payload, "payload");
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(PAE_PREFIX.length + type.length + payload.length + 24);
        out.writeBytes(PAE_PREFIX);
        out.write(' ');
        out.writeBytes(Integer.toString(type.length).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.writeBytes(type);
        out.write(' ');
        out.writeBytes(Integer.toString(payload.length).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** An envelope holding {@code payload} with one signature by {@code key} ({@code keyid = key.publicKey().keyId()}). */
    public static Envelope sign(String payloadType, byte[] payload, Ed25519PrivateKey key) {
        Objects.requireNonNull(key, "key");
        byte[] signature = key.sign(pae(payloadType, payload));
        Base64.Encoder b64 = Base64.getEncoder();
        return new Envelope(payloadType, b64.encodeToString(payload),
                List.of(new Signature(key.publicKey().keyId(), b64.encodeToString(signature))));
    }

    /**
     * Accepts the envelope when at least one signature whose keyid is in {@code trusted} verifies under that key.
     * Signatures by keys not in {@code trusted} are ignored.
     *
     * @param trusted key id to key, e.g. {@link SigningKeyRing#trustedKeys()} or {@link PublicKeySet#read}
     * @throws SignatureVerificationException with a message a person can act on, when nothing trusted verifies
     * @throws IllegalArgumentException when a trusted entry's id is not its key's {@link Ed25519PublicKey#keyId()}
     */
    public static Verified verify(Envelope env, Map<String, Ed25519PublicKey> trusted)
            throws SignatureVerificationException {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(trusted, "trusted");
        trusted.forEach((keyId, key) -> {
            if (key == null || !key.keyId().equals(keyId)) {
                throw new IllegalArgumentException("trusted key map is inconsistent: entry \"" + keyId
                        + "\" holds " + (key == null ? "no key" : "the key " + key.keyId()));
            }
        });
        if (env.signatures().isEmpty()) {
            throw new SignatureVerificationException(Reason.NO_SIGNATURES,
                    "the envelope has no signatures: it was never signed, or its signatures were stripped");
        }
        byte[] payload;
        try {
            payload = Json.decodeBase64(env.payload());
        } catch (IllegalArgumentException e) {
            throw new SignatureVerificationException(Reason.MALFORMED,
                    "the envelope payload is not valid base64 (" + e.getMessage() + "): the file is damaged");
        }
        byte[] signedBytes = pae(env.payloadType(), payload);

        List<String> failures = new ArrayList<>();
        boolean anyInvalid = false;
        for (Signature signature : env.signatures()) {
            Ed25519PublicKey key = trusted.get(signature.keyid());
            if (key == null) {
                continue;
            }
            byte[] sig;
            try {
                sig = Json.decodeBase64(signature.sig());
            } catch (IllegalArgumentException e) {
                failures.add("the signature by key " + signature.keyid() + " is not valid base64 (" + e.getMessage() + ")");
                continue;
            }
            if (key.verify(signedBytes, sig)) {
                return new Verified(env.payloadType(), payload, signature.keyid());
            }
            anyInvalid = true;
            failures.add("signature invalid for key " + signature.keyid() + ": the payload, its type or the signature"
                    + " was changed after signing, or the signature was made by a different key");
        }
        if (!failures.isEmpty()) {
            throw new SignatureVerificationException(anyInvalid ? Reason.INVALID_SIGNATURE : Reason.MALFORMED,
                    "the envelope must not be trusted: " + String.join("; ", failures));
        }
        List<String> seen = env.signatures().stream().map(s -> Json.printable(s.keyid())).toList();
        throw new SignatureVerificationException(Reason.NO_TRUSTED_KEY,
                "no signature by a trusted key: the envelope is signed by " + seen + " but the trusted keys are "
                        + new TreeSet<>(trusted.keySet())
                        + "; use the signer's current public key set (it includes retired keys), or do not trust"
                        + " this envelope");
    }

    /**
     * A DSSE JSON envelope.
     *
     * @param payloadType how to interpret the payload, e.g. {@code application/vnd.in-toto+json}
     * @param payload the payload, base64 (standard alphabet when written here; DSSE also allows URL-safe)
     * @param signatures one entry per signer
     */
    public record Envelope(String payloadType, String payload, List<Signature> signatures) {

        public Envelope {
            Objects.requireNonNull(payloadType, "payloadType");
            Objects.requireNonNull(payload, "payload");
            signatures = List.copyOf(Objects.requireNonNull(signatures, "signatures"));
        }

        /** The decoded payload. Unverified: use {@link Dsse#verify} before trusting it. */
        public byte[] payloadBytes() {
            try {
                return Json.decodeBase64(payload);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DSSE payload is not valid base64: " + e.getMessage(), e);
            }
        }

        /** Compact UTF-8 JSON in the DSSE envelope format. */
        public byte[] toJson() {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("payload", payload);
            root.put("payloadType", payloadType);
            ArrayNode sigs = root.putArray("signatures");
            for (Signature s : signatures) {
                sigs.addObject().put("keyid", s.keyid()).put("sig", s.sig());
            }
            try {
                return Json.MAPPER.writeValueAsBytes(root);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a DSSE envelope as JSON", e);
            }
        }

        /**
         * Parses a DSSE JSON envelope strictly: {@code payload}, {@code payloadType}, {@code signatures} and each
         * {@code sig} are required; unknown fields and duplicate keys are rejected. {@code keyid} may be absent,
         * which DSSE defines as the empty key id (it then matches no trusted key). Base64 is checked by
         * {@link Dsse#verify}, so that the failure is reported as a verification failure.
         *
         * @throws IllegalArgumentException naming the offending field
         */
        public static Envelope fromJson(byte[] json) {
            String what = "DSSE envelope";
            JsonNode root = Json.requireObject(Json.parse(json, what), what);
            Json.rejectUnknownFields(root, ENVELOPE_FIELDS, what);
            String payloadType = Json.requireString(root, "payloadType", what);
            String payload = Json.requireString(root, "payload", what);
            JsonNode sigs = root.get("signatures");
            if (sigs == null) {
                throw new IllegalArgumentException(what + ": missing required field \"signatures\"");
            }
            if (!sigs.isArray()) {
                throw new IllegalArgumentException(what + ": field \"signatures\" must be an array");
            }
            List<Signature> signatures = new ArrayList<>();
            for (int i = 0; i < sigs.size(); i++) {
                String where = what + ": signatures[" + i + "]";
                JsonNode s = Json.requireObject(sigs.get(i), where);
                Json.rejectUnknownFields(s, SIGNATURE_FIELDS, where);
                String keyid = s.has("keyid") ? Json.requireString(s, "keyid", where) : "";
                signatures.add(new Signature(keyid, Json.requireString(s, "sig", where)));
            }
            return new Envelope(payloadType, payload, signatures);
        }
    }

    /**
     * One signature of an envelope.
     *
     * @param keyid an unauthenticated hint naming the signing key; here {@link Ed25519PublicKey#keyId()}
     * @param sig the Ed25519 signature of the PAE, base64
     */
    public record Signature(String keyid, String sig) {
        public Signature {
            Objects.requireNonNull(keyid, "keyid");
            Objects.requireNonNull(sig, "sig");
        }
    }

    /**
     * The outcome of a successful {@link #verify}: the authenticated payload and which key vouched for it.
     *
     * @param keyId the trusted key whose signature verified
     */
    public record Verified(String payloadType, byte[] payload, String keyId) {

        public Verified {
            Objects.requireNonNull(payloadType, "payloadType");
            payload = Objects.requireNonNull(payload, "payload").clone();
            Objects.requireNonNull(keyId, "keyId");
        }

        /** The payload bytes (a copy). */
        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Verified that && payloadType.equals(that.payloadType)
                    && Arrays.equals(payload, that.payload) && keyId.equals(that.keyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(payloadType, Arrays.hashCode(payload), keyId);
        }

        @Override
        public String toString() {
            return "Verified[payloadType=" + payloadType + ", payload=" + payload.length + " bytes, keyId=" + keyId + "]";
        }
    }
}
