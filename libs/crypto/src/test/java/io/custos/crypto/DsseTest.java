package io.custos.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.crypto.Dsse.Envelope;
import io.custos.crypto.Dsse.Signature;
import io.custos.crypto.Dsse.Verified;
import io.custos.crypto.SignatureVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DsseTest {

    private static final String TYPE = "application/vnd.in-toto+json";
    private static final byte[] STATEMENT = "{\"_type\":\"https://in-toto.io/Statement/v1\"}"
            .getBytes(StandardCharsets.UTF_8);

    private static final Ed25519PrivateKey SIGNER = Ed25519PrivateKey.generate();
    private static final Ed25519PrivateKey OTHER = Ed25519PrivateKey.generate();

    @Test
    void paeMatchesTheSpecExample() {
        byte[] pae = Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));
        assertEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world",
                new String(pae, StandardCharsets.UTF_8));
        assertEquals("DSSEv1 0  0 ", new String(Dsse.pae("", new byte[0]), StandardCharsets.UTF_8));
        // LEN counts bytes, not characters
        assertEquals("DSSEv1 2 é 1 x", new String(Dsse.pae("é", new byte[] {'x'}), StandardCharsets.UTF_8));
    }

    @Test
    void signedEnvelopeVerifiesAndSurvivesJson() throws Exception {
        Envelope env = Dsse.sign(TYPE, STATEMENT, SIGNER);
        assertEquals(1, env.signatures().size());
        assertEquals(SIGNER.publicKey().keyId(), env.signatures().get(0).keyid());
        assertEquals(Base64.getEncoder().encodeToString(STATEMENT), env.payload());
        assertArrayEquals(STATEMENT, env.payloadBytes());
        assertTrue(SIGNER.publicKey().verify(Dsse.pae(TYPE, STATEMENT),
                Base64.getDecoder().decode(env.signatures().get(0).sig())), "the signature covers the PAE");

        Envelope parsed = Envelope.fromJson(env.toJson());
        assertEquals(env, parsed);
        Verified verified = Dsse.verify(parsed, trust(OTHER, SIGNER));
        assertEquals(new Verified(TYPE, STATEMENT, SIGNER.publicKey().keyId()), verified);
        assertArrayEquals(STATEMENT, verified.payload());
        assertEquals(TYPE, verified.payloadType());
    }

    @Test
    void jsonHasTheDsseFieldNames() {
        String json = new String(Dsse.sign(TYPE, STATEMENT, SIGNER).toJson(), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"payload\":\"") && json.contains("\"payloadType\":\"" + TYPE + "\"")
                && json.contains("\"signatures\":[{\"keyid\":\"ed25519:") && json.contains("\"sig\":\""), json);
    }

    @Test
    void tamperedPayloadIsRejected() {
        Envelope env = Dsse.sign(TYPE, STATEMENT, SIGNER);
        Envelope tampered = new Envelope(TYPE, Base64.getEncoder().encodeToString(
                "{\"_type\":\"something else\"}".getBytes(StandardCharsets.UTF_8)), env.signatures());
        SignatureVerificationException e = assertRejected(tampered, trust(SIGNER), Reason.INVALID_SIGNATURE);
        assertTrue(e.getMessage().contains("signature invalid for key " + SIGNER.publicKey().keyId()), e.getMessage());
    }

    @Test
    void tamperedPayloadTypeIsRejected() {
        Envelope env = Dsse.sign(TYPE, STATEMENT, SIGNER);
        assertRejected(new Envelope("text/plain", env.payload(), env.signatures()), trust(SIGNER),
                Reason.INVALID_SIGNATURE);
    }

    @Test
    void tamperedSignatureIsRejected() {
        Envelope env = Dsse.sign(TYPE, STATEMENT, SIGNER);
        byte[] sig = Base64.getDecoder().decode(env.signatures().get(0).sig());
        sig[0] ^= 1;
        Envelope tampered = new Envelope(TYPE, env.payload(),
                List.of(new Signature(SIGNER.publicKey().keyId(), Base64.getEncoder().encodeToString(sig))));
        assertRejected(tampered, trust(SIGNER), Reason.INVALID_SIGNATURE);
    }

    @Test
    void signatureByAnUntrustedKeyIsRejectedNamingTheKeyIds() {
        Envelope env = Dsse.sign(TYPE, STATEMENT, SIGNER);
        SignatureVerificationException e = assertRejected(env, trust(OTHER), Reason.NO_TRUSTED_KEY);
        assertTrue(e.getMessage().contains(SIGNER.publicKey().keyId()), "names the key that signed: " + e.getMessage());
        assertTrue(e.getMessage().contains(OTHER.publicKey().keyId()), "names the trusted keys: " + e.getMessage());
        assertRejected(env, Map.of(), Reason.NO_TRUSTED_KEY);
    }

    @Test
    void unknownKeyIdIsRejected() {
        Envelope env = Dsse.sign(TYPE, STATEMENT, SIGNER);
        Envelope relabelled = new Envelope(TYPE, env.payload(),
                List.of(new Signature("ed25519:00000000000000000000000000000000", env.signatures().get(0).sig())));
        assertRejected(relabelled, trust(SIGNER), Reason.NO_TRUSTED_KEY);
    }

    @Test
    void trustedKeyIdOnASignatureByAnotherKeyIsRejected() {
        // OTHER signs, but the signature claims to be by the trusted SIGNER key.
        Envelope byOther = Dsse.sign(TYPE, STATEMENT, OTHER);
        Envelope forged = new Envelope(TYPE, byOther.payload(),
                List.of(new Signature(SIGNER.publicKey().keyId(), byOther.signatures().get(0).sig())));
        assertRejected(forged, trust(SIGNER), Reason.INVALID_SIGNATURE);
        // Even when OTHER is trusted too, the signature is checked only against the key it names.
        assertRejected(forged, trust(SIGNER, OTHER), Reason.INVALID_SIGNATURE);
    }

    @Test
    void oneTrustedValidSignatureAmongOthersIsEnough() throws Exception {
        Envelope a = Dsse.sign(TYPE, STATEMENT, OTHER);
        Envelope b = Dsse.sign(TYPE, STATEMENT, SIGNER);
        Envelope both = new Envelope(TYPE, a.payload(), List.of(a.signatures().get(0), b.signatures().get(0)));
        assertEquals(SIGNER.publicKey().keyId(), Dsse.verify(both, trust(SIGNER)).keyId());
    }

    @Test
    void envelopeWithoutSignaturesIsRejected() {
        Envelope env = new Envelope(TYPE, Base64.getEncoder().encodeToString(STATEMENT), List.of());
        SignatureVerificationException e = assertRejected(env, trust(SIGNER), Reason.NO_SIGNATURES);
        assertTrue(e.getMessage().contains("no signatures"), e.getMessage());
        assertRejected(Envelope.fromJson(
                "{\"payload\":\"\",\"payloadType\":\"x\",\"signatures\":[]}".getBytes(StandardCharsets.UTF_8)),
                trust(SIGNER), Reason.NO_SIGNATURES);
    }

    @Test
    void malformedBase64IsRejectedAsMalformed() {
        Envelope env = Dsse.sign(TYPE, STATEMENT, SIGNER);
        SignatureVerificationException payload = assertRejected(
                new Envelope(TYPE, "not base64!", env.signatures()), trust(SIGNER), Reason.MALFORMED);
        assertTrue(payload.getMessage().contains("payload is not valid base64"), payload.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Envelope(TYPE, "not base64!", List.of()).payloadBytes());

        Envelope badSig = new Envelope(TYPE, env.payload(),
                List.of(new Signature(SIGNER.publicKey().keyId(), "%%%")));
        SignatureVerificationException sig = assertRejected(badSig, trust(SIGNER), Reason.MALFORMED);
        assertTrue(sig.getMessage().contains("not valid base64"), sig.getMessage());
    }

    @Test
    void urlSafeUnpaddedBase64IsAcceptedAsDssePermits() throws Exception {
        byte[] payload = {(byte) 0xfb, (byte) 0xff, 0x01}; // '+' and '/' in standard base64
        Envelope env = Dsse.sign(TYPE, payload, SIGNER);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        Envelope urlSafe = new Envelope(TYPE, url.encodeToString(payload), List.of(new Signature(
                SIGNER.publicKey().keyId(), url.encodeToString(Base64.getDecoder().decode(env.signatures().get(0).sig())))));
        assertArrayEquals(payload, Dsse.verify(urlSafe, trust(SIGNER)).payload());
    }

    @Test
    void fromJsonIsStrict() {
        assertParseError("not json at all", "not valid JSON");
        assertParseError("", "empty");
        assertParseError("[]", "must be a JSON object");
        assertParseError("{\"payloadType\":\"t\",\"signatures\":[]}", "missing required field \"payload\"");
        assertParseError("{\"payload\":\"\",\"signatures\":[]}", "missing required field \"payloadType\"");
        assertParseError("{\"payload\":\"\",\"payloadType\":\"t\"}", "missing required field \"signatures\"");
        assertParseError("{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[],\"extra\":1}",
                "unknown field \"extra\"");
        assertParseError("{\"payload\":1,\"payloadType\":\"t\",\"signatures\":[]}", "\"payload\" must be a string");
        assertParseError("{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":{}}", "must be an array");
        assertParseError("{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"k\"}]}",
                "signatures[0]: missing required field \"sig\"");
        assertParseError("{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"\",\"cert\":\"x\"}]}",
                "signatures[0]: unknown field \"cert\"");
        assertParseError("{\"payload\":\"\",\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[]}", "Duplicate");
        assertParseError("{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[]} {}", "not valid JSON");
    }

    @Test
    void absentKeyIdMeansEmptyAsDsseDefines() {
        Envelope env = Envelope.fromJson("{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AA==\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("", env.signatures().get(0).keyid());
        assertRejected(env, trust(SIGNER), Reason.NO_TRUSTED_KEY);
    }

    @Test
    void trustMapWithAWrongKeyIdIsRefused() {
        Envelope env = Dsse.sign(TYPE, STATEMENT, OTHER);
        Map<String, Ed25519PublicKey> mislabelled = Map.of(SIGNER.publicKey().keyId(), OTHER.publicKey());
        assertThrows(IllegalArgumentException.class, () -> Dsse.verify(env, mislabelled));
    }

    private static Map<String, Ed25519PublicKey> trust(Ed25519PrivateKey... keys) {
        java.util.Map<String, Ed25519PublicKey> map = new java.util.LinkedHashMap<>();
        for (Ed25519PrivateKey k : keys) {
            map.put(k.publicKey().keyId(), k.publicKey());
        }
        return map;
    }

    private static SignatureVerificationException assertRejected(Envelope env, Map<String, Ed25519PublicKey> trusted,
            Reason reason) {
        SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
                () -> Dsse.verify(env, trusted));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    private static void assertParseError(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Envelope.fromJson(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
