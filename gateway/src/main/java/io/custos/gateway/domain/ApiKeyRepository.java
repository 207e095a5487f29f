package io.custos.gateway.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * API keys. Every lookup is scoped to a tenant, except {@link #findByPrefix(String)}: a presented
 * key is all the caller has, and the row it finds carries the tenant the token is issued for.
 */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    public Optional<ApiKey> findByPrefix(String keyPrefix) {
        return find("keyPrefix", keyPrefix).firstResultOptional();
    }

    public Optional<ApiKey> findInTenant(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).firstResultOptional();
    }

    /** Newest first; revoked keys included (they show who had access when). */
    public List<ApiKey> listInTenant(String tenant) {
        return list("tenant", Sort.descending("createdAt").and("id"), tenant);
    }

    public boolean liveNameTaken(String tenant, String name) {
        return count("tenant = ?1 and name = ?2 and revokedAt is null", tenant, name) > 0;
    }

    public boolean prefixTaken(String keyPrefix) {
        return count("keyPrefix", keyPrefix) > 0;
    }
}
