package io.custos.governance.core.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.governance.core.mlflow.MlflowSourceConfig.Auth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MlflowSourceConfigTest {

    private static final String PASSWORD = "pa55-w0rd-never-shown";
    private static final String TOKEN = "dapi-token-never-shown-0123456789";

    @Test
    void defaultsAreSensibleAndTheUriIsNormalized() {
        MlflowSourceConfig config = MlflowSourceConfig.builder("https://mlflow.example.com/prefix/").build();
        assertEquals("https://mlflow.example.com/prefix", config.trackingUri().toString());
        assertEquals(Duration.ofSeconds(30), config.timeout());
        assertEquals(10L * 1024 * 1024, config.maxArtifactHashBytes());
        assertEquals(1000, config.maxArtifactsPerVersion());
        assertEquals(Map.of(), config.extraHeaders());
        assertEquals("none", config.credentialIdentity());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://mlflow.example.com", "file:///srv/mlflow", "mlflow.example.com",
            "http:///no-host", "https://alice:secret@mlflow.example.com", "https://mlflow.example.com?x=1",
            "https://mlflow.example.com#frag", "databricks"})
    void rejectsAddressesThatAreNotPlainHttpOrHttps(String uri) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MlflowSourceConfig.builder(uri).build());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "authorization", "AUTHORIZATION", "Host", "Content-Length",
            "content-length", "Proxy-Authorization", "Connection", "Transfer-Encoding"})
    void rejectsExtraHeadersThatWouldOverrideWhatTheClientSets(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MlflowSourceConfig.builder("https://mlflow.example.com").header(name, "Bearer " + TOKEN).build());
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), "the value is never echoed");
    }

    @Test
    void rejectsMalformedExtraHeaders() {
        assertThrows(IllegalArgumentException.class,
                () -> MlflowSourceConfig.builder("https://m.example.com").header("X-Bad Name", "v").build());
        IllegalArgumentException lineBreak = assertThrows(IllegalArgumentException.class,
                () -> MlflowSourceConfig.builder("https://m.example.com").header("X-Key", TOKEN + "\r\nX-Evil: 1")
                        .build());
        assertFalse(lineBreak.getMessage().contains(TOKEN));
        assertThrows(IllegalArgumentException.class, () -> MlflowSourceConfig.builder("https://m.example.com")
                .header("X-Team", "a").header("x-team", "b").build());
    }

    @Test
    void rejectsNonsenseLimitsAndCredentials() {
        assertThrows(IllegalArgumentException.class,
                () -> MlflowSourceConfig.builder("https://m.example.com").timeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class,
                () -> MlflowSourceConfig.builder("https://m.example.com").maxArtifactHashBytes(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> MlflowSourceConfig.builder("https://m.example.com").maxArtifactsPerVersion(0).build());
        assertThrows(IllegalArgumentException.class, () -> Auth.basic("", PASSWORD));
        assertThrows(IllegalArgumentException.class, () -> Auth.basic("al:ice", PASSWORD));
        assertThrows(IllegalArgumentException.class, () -> Auth.basic("alice", ""));
        assertThrows(IllegalArgumentException.class, () -> Auth.bearer(" "));
    }

    @Test
    void basicCredentialsAreAuditedByUserNameOnly() {
        MlflowSourceConfig config = MlflowSourceConfig.builder("https://mlflow.example.com")
                .auth(Auth.basic("alice", PASSWORD)).build();
        assertEquals("basic:alice", config.credentialIdentity());
        assertFalse(config.toString().contains(PASSWORD), config.toString());
        assertFalse(config.auth().toString().contains(PASSWORD), config.auth().toString());
        assertTrue(config.toString().contains("basic:alice"));
    }

    @Test
    void bearerTokensAreAuditedByAFingerprintOfTheirHash() {
        MlflowSourceConfig config = MlflowSourceConfig.builder("https://mlflow.example.com")
                .auth(Auth.bearer(TOKEN)).build();
        String expected = "bearer:sha256:"
                + Fixtures.sha256(TOKEN.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        assertEquals(expected, config.credentialIdentity());
        assertFalse(config.toString().contains(TOKEN), config.toString());
        assertFalse(config.auth().toString().contains(TOKEN));
    }

    @Test
    void extraHeaderValuesAreTreatedAsSecrets() {
        MlflowSourceConfig config = MlflowSourceConfig.builder("https://mlflow.example.com")
                .header("X-Api-Key", TOKEN).source("src-1", "Prod MLflow").build();
        assertTrue(config.toString().contains("X-Api-Key"));
        assertFalse(config.toString().contains(TOKEN), config.toString());
        assertEquals(Map.of("X-Api-Key", TOKEN), config.extraHeaders());
        assertThrows(UnsupportedOperationException.class, () -> config.extraHeaders().put("Host", "x"));
    }
}
