package io.custos.federation.service;

import io.custos.service.problem.ProblemException;
import io.custos.service.rest.Ids;
import io.custos.service.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The federation client a caller's token is bound to. The gateway mints fl-client tokens from an
 * API key created for one client, with claims {@value #FEDERATION_CLAIM} and {@value #CLIENT_CLAIM};
 * a federated client may see only its own federation and submit only as itself.
 */
@RequestScoped
public class ClientBinding {

    public static final String FEDERATION_CLAIM = "custos_federation";
    public static final String CLIENT_CLAIM = "custos_client";

    /** A bound client: its federation and its id. */
    public record Bound(UUID federationId, UUID clientId) {
    }

    @Inject
    JsonWebToken jwt;

    /** Whether the caller is only a federated client (people with other roles see the whole tenant). */
    public boolean restricted() {
        return jwt.getGroups().contains(Roles.FL_CLIENT) && jwt.getGroups().stream()
                .noneMatch(r -> r.equals(Roles.ADMIN) || r.equals(Roles.ML_ENGINEER) || r.equals(Roles.AUDITOR));
    }

    /** The client the token is bound to, if any. */
    public Optional<Bound> bound() {
        Optional<UUID> federation = claim(FEDERATION_CLAIM);
        Optional<UUID> client = claim(CLIENT_CLAIM);
        return federation.isPresent() && client.isPresent()
                ? Optional.of(new Bound(federation.get(), client.get())) : Optional.empty();
    }

    /** The bound client, or a 403 saying how to get a bound token. */
    public Bound require() {
        return bound().orElseThrow(() -> ProblemException.forbidden("this token is not bound to a federation client;"
                + " exchange the API key created for the client at POST /api/auth/token"));
    }

    /** For a restricted caller, what belongs to another federation than its own does not exist. */
    public void checkCanSee(UUID federationId, String what, String shownId) {
        if (!canSee(federationId)) {
            throw ProblemException.notFound(what, shownId);
        }
    }

    public boolean canSee(UUID federationId) {
        return !restricted() || bound().map(b -> b.federationId().equals(federationId)).orElse(false);
    }

    private Optional<UUID> claim(String name) {
        Object value = jwt.getClaim(name);
        return value == null ? Optional.empty() : Ids.parse(value.toString().replace("\"", ""));
    }
}
