package io.custos.service.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.service.problem.ProblemException;
import io.quarkus.security.AuthenticationException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Only tokens signed by a user-token key (the gateway's, {@code custos.jwt.user-key-ids}) may
 * carry user roles; a token signed by any other trusted key, such as the internal
 * service-to-service key, may carry the {@code service} role and nothing else. Deny by default:
 * a compromised service cannot mint an admin token, even with a retired internal key.
 */
public class InternalTokenGuard {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    JsonWebToken jwt;

    @ConfigProperty(name = "custos.jwt.user-key-ids", defaultValue = "gateway-1")
    List<String> userKeyIds;

    @ServerRequestFilter
    public void check(ContainerRequestContext ctx) {
        String raw;
        try {
            raw = jwt.getClaim(Claims.raw_token.name());
        } catch (RuntimeException e) {
            if (e instanceof AuthenticationException) {
                // No verified token, so nothing to guard: an endpoint that needs one answers 401
                // itself, and a @PermitAll one (login, refresh) still works with a stale token.
                return;
            }
            throw e;
        }
        if (raw == null) {
            return;
        }
        String kid = keyId(raw);
        if (!userKeyIds.contains(kid) && !Set.of(Roles.SERVICE).equals(jwt.getGroups())) {
            throw ProblemException.forbidden("a token not signed by the gateway may only carry the service role");
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
