package io.custos.gateway.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Users. Every lookup is scoped to a tenant, except {@link #findForLogin(String)}: login does not
 * ask for a tenant, and usernames are unique across tenants (the token then carries the user's tenant).
 */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Optional<User> findForLogin(String username) {
        return find("username", username).firstResultOptional();
    }

    public Optional<User> findInTenant(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).firstResultOptional();
    }

    public List<User> listInTenant(String tenant) {
        return list("tenant", Sort.by("username"), tenant);
    }

    public boolean usernameTaken(String username) {
        return count("username", username) > 0;
    }
}
