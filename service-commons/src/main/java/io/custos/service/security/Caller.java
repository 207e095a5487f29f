package io.custos.service.security;

import io.custos.service.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified JWT only (never from a header). Every query a service
 * makes is scoped with {@link #tenant()}.
 */
@RequestScoped
public class Caller {

    public static final String TENANT_CLAIM = "tenant";

    @Inject
    JsonWebToken jwt;

    public String tenant() {
        Object tenant = jwt.getClaim(TENANT_CLAIM);
        if (tenant == null || tenant.toString().isBlank()) {
            throw ProblemException.forbidden("the token carries no tenant claim");
        }
        return tenant.toString().replace("\"", "");
    }

    public String subject() {
        return jwt.getSubject();
    }

    public Set<String> roles() {
        return jwt.getGroups();
    }
}
