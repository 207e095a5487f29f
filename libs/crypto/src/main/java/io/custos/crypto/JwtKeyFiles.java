package io.custos.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JWT key material of a Custos installation, as files:
 * <ul>
 * <li>{@code gateway-private.pem}: signs user and machine access tokens (gateway only)</li>
 * <li>{@code internal-private.pem}: signs service-to-service tokens (services only)</li>
 * <li>{@code jwks.json}: both public keys, with key ids; every service verifies against it</li>
 * </ul>
 * In production these come from Kubernetes Secrets; for {@code make run} and tests they are
 * generated once and never committed.
 */
public final class JwtKeyFiles {

    public static final String GATEWAY_PRIVATE = "gateway-private.pem";
    public static final String INTERNAL_PRIVATE = "internal-private.pem";
    public static final String JWKS = "jwks.json";

    private JwtKeyFiles() {
    }

    /** Creates the three files in {@code dir} unless they all exist already. Returns true if it created them. */
    public static boolean ensure(Path dir, String gatewayKeyId, String internalKeyId) throws IOException {
        Path gw = dir.resolve(GATEWAY_PRIVATE);
        Path in = dir.resolve(INTERNAL_PRIVATE);
        Path jwks = dir.resolve(JWKS);
        if (Files.exists(gw) && Files.exists(in) && Files.exists(jwks)) {
            return false;
        }
        Files.createDirectories(dir);
        KeyPair gateway = generateRsa();
        KeyPair internal = generateRsa();
        writePrivate(gw, gateway.getPrivate());
        writePrivate(in, internal.getPrivate());
        Files.writeString(jwks, jwks(Map.of(gatewayKeyId, (RSAPublicKey) gateway.getPublic(),
                internalKeyId, (RSAPublicKey) internal.getPublic())));
        return true;
    }

    public static KeyPair generateRsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 PEM, readable by smallrye-jwt and openssl. */
    public static String toPem(PrivateKey key) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }

    public static PrivateKey readPrivate(Path pem) throws IOException {
        String text = Files.readString(pem)
                .replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("not a PKCS#8 RSA private key: " + pem, e);
        }
    }

    /** The public half of an RSA private key (from its CRT parameters). */
    public static RSAPublicKey publicOf(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException("not an RSA CRT private key");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWK Set (RFC 7517) of RS256 verification keys, in key-id order. */
    public static String jwks(Map<String, RSAPublicKey> keysById) {
        List<String> keys = new ArrayList<>();
        new LinkedHashMap<>(keysById).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> keys.add(
                "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + e.getKey() + "\",\"n\":\""
                        + b64u(e.getValue().getModulus()) + "\",\"e\":\"" + b64u(e.getValue().getPublicExponent())
                        + "\"}"));
        return "{\"keys\":[" + String.join(",", keys) + "]}\n";
    }

    private static String b64u(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) { // unsigned big-endian, as RFC 7518 requires
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            bytes = trimmed;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void writePrivate(Path file, PrivateKey key) throws IOException {
        Files.writeString(file, toPem(key));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; nothing more to do
        }
    }
}
