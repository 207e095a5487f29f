package io.custos.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.crypto.JwtKeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysInitCommandTest {

    @TempDir
    Path tmp;

    @Test
    void createsTheKeysAndTheirJwks() throws Exception {
        Path dir = tmp.resolve("keys");
        Cli r = Cli.run("keys", "init", "--dir", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("created JWT keys in " + dir), r.out());

        for (String f : List.of("gateway-private.pem", "internal-private.pem", "jwks.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("gateway-private.pem"))));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("internal-private.pem"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));

        JsonNode jwks = new ObjectMapper().readTree(dir.resolve("jwks.json").toFile());
        List<String> kids = new ArrayList<>();
        jwks.path("keys").forEach(k -> kids.add(k.path("kid").asText()));
        assertEquals(List.of("gateway-1", "internal-1"), kids);
        jwks.path("keys").forEach(k -> {
            assertEquals("RSA", k.path("kty").asText());
            assertEquals("RS256", k.path("alg").asText());
        });

        // The JWKS holds the public halves of the two private keys.
        RSAPublicKey gateway = JwtKeyFiles.publicOf(JwtKeyFiles.readPrivate(dir.resolve("gateway-private.pem")));
        RSAPublicKey internal = JwtKeyFiles.publicOf(JwtKeyFiles.readPrivate(dir.resolve("internal-private.pem")));
        assertEquals(gateway.getModulus(), modulus(jwks.path("keys").get(0)));
        assertEquals(internal.getModulus(), modulus(jwks.path("keys").get(1)));
    }

    @Test
    void aSecondRunWithoutForceKeepsTheKeysAndForceReplacesThem() throws Exception {
        Path dir = tmp.resolve("keys");
        assertEquals(0, Cli.run("keys", "init", "--dir", dir.toString()).exitCode());
        byte[] gateway = Files.readAllBytes(dir.resolve("gateway-private.pem"));
        byte[] internal = Files.readAllBytes(dir.resolve("internal-private.pem"));
        byte[] jwks = Files.readAllBytes(dir.resolve("jwks.json"));

        Cli again = Cli.run("keys", "init", "--dir", dir.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("kept them"), again.out());
        assertArrayEquals(gateway, Files.readAllBytes(dir.resolve("gateway-private.pem")));
        assertArrayEquals(internal, Files.readAllBytes(dir.resolve("internal-private.pem")));
        assertArrayEquals(jwks, Files.readAllBytes(dir.resolve("jwks.json")));

        Cli forced = Cli.run("keys", "init", "--dir", dir.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertTrue(forced.out().contains("replaced"), forced.out());
        assertFalse(java.util.Arrays.equals(gateway, Files.readAllBytes(dir.resolve("gateway-private.pem"))));
        assertFalse(java.util.Arrays.equals(jwks, Files.readAllBytes(dir.resolve("jwks.json"))));
    }

    @Test
    void aPartialKeySetIsNeverOverwrittenWithoutForce() throws Exception {
        Path dir = tmp.resolve("keys");
        assertEquals(0, Cli.run("keys", "init", "--dir", dir.toString()).exitCode());
        byte[] gateway = Files.readAllBytes(dir.resolve("gateway-private.pem"));
        Files.delete(dir.resolve("jwks.json"));

        Cli r = Cli.run("keys", "init", "--dir", dir.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("refusing to overwrite") && r.err().contains("jwks.json"), r.err());
        assertArrayEquals(gateway, Files.readAllBytes(dir.resolve("gateway-private.pem")));
        assertFalse(Files.exists(dir.resolve("jwks.json")));

        assertEquals(0, Cli.run("keys", "init", "--dir", dir.toString(), "--force").exitCode());
        assertTrue(Files.exists(dir.resolve("jwks.json")));
    }

    @Test
    void aFileInTheWayIsAFailure() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Cli r = Cli.run("keys", "init", "--dir", file.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("not a directory"), r.err());
    }

    private static BigInteger modulus(JsonNode jwk) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asText()));
    }
}
