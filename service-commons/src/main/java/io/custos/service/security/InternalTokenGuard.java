package io.custos.service.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.service.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Tokens signed with the internal (service-to-service) key may carry the {@code service} role
 * and nothing else: a compromised service cannot mint an admin token with it.
 */
public class InternalTokenGuard {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    JsonWebToken jwt;

    @Inject
    InternalTokens internalTokens;

    @ServerRequestFilter
    public void check(ContainerRequestContext ctx) {
        String raw = jwt.getClaim(Claims.raw_token.name());
        if (raw == null) {
            return;
        }
        String kid = keyId(raw);
        if (internalTokens.keyId().equals(kid) && !Set.of(Roles.SERVICE).equals(jwt.getGroups())) {
            throw new ProblemException(403, "Forbidden", "an internal token may only carry the service role");
        }
    }

    private static String keyId(String rawToken) {
        try {
            String header = rawToken.substring(0, rawToken.indexOf('.'));
            JsonNode node = MAPPER.readTree(Base64.getUrlDecoder().decode(header));
            return node.path("kid").asText(null);
        } catch (Exception e) {
            return null;
        }
    }
}
