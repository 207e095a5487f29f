package io.custos.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.custos.service.problem.Problem.FieldError;
import io.custos.service.problem.ProblemException;
import io.custos.testsupport.CustosTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class ApiKeysTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void aGeneratedKeyIsPrefixThenA256BitSecret() {
        ApiKeys.Generated g = ApiKeys.generate();
        assertTrue(g.prefix().matches("^ck_[a-z2-7]{8}$"), g.prefix());
        assertTrue(g.apiKey().startsWith(g.prefix() + "_"), g.apiKey());
        assertEquals(g.prefix().length() + 1 + 43, g.apiKey().length()); // 32 bytes in unpadded base64url
        assertEquals(Optional.of(g.prefix()), ApiKeys.prefixOf(g.apiKey()));
        assertNotEquals(g.apiKey(), ApiKeys.generate().apiKey());
        assertFalse(g.toString().contains(g.apiKey().substring(12)), "toString must not show the secret");
    }

    @Test
    void malformedKeysHaveNoPrefix() {
        String good = ApiKeys.generate().apiKey();
        for (String bad : List.of("", "ck_", "nonsense", good + "x", good.substring(0, good.length() - 1),
                good.replace("ck_", "xk_"), good.toUpperCase(), " " + good, good.substring(0, 11) + "." + good.substring(12))) {
            assertEquals(Optional.empty(), ApiKeys.prefixOf(bad), bad);
        }
        assertEquals(Optional.empty(), ApiKeys.prefixOf(null));
    }

    @Test
    void theHashIsTheSha256HexOfTheWholeKeyAndComparesExactly() {
        String key = ApiKeys.generate().apiKey();
        String hash = ApiKeys.hash(key);
        assertTrue(hash.matches("^[0-9a-f]{64}$"), hash);
        assertEquals(RefreshTokens.hash(key), hash);
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ApiKeys.hash(""));
        assertTrue(ApiKeys.hashesMatch(hash, ApiKeys.hash(key)));
        assertFalse(ApiKeys.hashesMatch(hash, ApiKeys.hash(key + "x")));
        assertFalse(ApiKeys.hashesMatch(hash, null));
    }

    @Test
    void validatorAcceptsAnFlClientKeyBoundToAFederationClient() {
        UUID federation = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        ApiKeyValidator.ValidApiKey valid = ApiKeyValidator.validate("site-1.hospital_A", List.of("fl-client", "auditor"),
                federation.toString(), client.toString(), JSON.numberNode(3650));
        assertEquals(federation, valid.federationId());
        assertEquals(client, valid.clientId());
        assertEquals(3650, valid.expiresInDays());
        assertEquals(null, ApiKeyValidator.validate("ci", List.of("service"), null, null, JSON.nullNode()).expiresInDays());
    }

    @Test
    void validatorNamesEveryBadFieldAtOnce() {
        ProblemException e = assertThrows(ProblemException.class, () -> ApiKeyValidator.validate("bad name",
                List.of("admin", "root", "auditor", "auditor"), "x", null, JSON.numberNode(0)));
        assertEquals(400, e.status());
        assertEquals(List.of("name", "roles[0]", "roles[1]", "roles[3]", "federationId", "expiresInDays"),
                e.errors().stream().map(FieldError::field).toList());
        String admin = e.errors().get(1).message();
        assertTrue(admin.contains("may not administer"), admin);
        assertTrue(admin.contains("data-steward, ml-engineer, auditor, fl-client, service"), admin);
        assertTrue(e.errors().get(5).message().contains("1 to 3650"), e.errors().get(5).message());
    }

    @Test
    void expiresInDaysMustBeAWholeNumberInRange() {
        for (var bad : List.of(JSON.numberNode(0), JSON.numberNode(3651), JSON.numberNode(-5), JSON.numberNode(1.5),
                JSON.textNode("30"), JSON.booleanNode(true), JSON.numberNode(Long.MAX_VALUE))) {
            ProblemException e = assertThrows(ProblemException.class,
                    () -> ApiKeyValidator.validate("ci", List.of("service"), null, null, bad), bad.toString());
            assertEquals(List.of("expiresInDays"), e.errors().stream().map(FieldError::field).toList());
        }
    }

    @Test
    void issuerRefusesExtraClaimsThatWouldReplaceItsOwn() throws Exception {
        var rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        TokenIssuer issuer = new TokenIssuer(rsa.generateKeyPair().getPrivate(), "k", "iss", Duration.ofMinutes(1),
                Clock.systemUTC());
        for (String reserved : List.of("sub", "groups", "tenant", "exp")) {
            assertThrows(IllegalArgumentException.class,
                    () -> issuer.issue("apikey:1", "ci", "acme", List.of("service"), Map.of(reserved, "x")), reserved);
        }
        assertFalse(issuer.issue("apikey:1", "ci", "acme", List.of("service"), Map.of("custos_client", "c")).token()
                .isEmpty());
    }
}
