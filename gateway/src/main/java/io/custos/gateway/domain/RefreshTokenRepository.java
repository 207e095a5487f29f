package io.custos.gateway.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Refresh tokens. A presented token is looked up by its hash (the only thing the caller has);
 * everything done to its session afterwards is scoped to the tenant the row carries.
 */
@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    /** Locks the row so two concurrent refreshes of one token cannot both rotate it. */
    public Optional<RefreshToken> findByHashForUpdate(String tokenHash) {
        return find("tokenHash", tokenHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Revokes every live token of a session; returns how many. */
    public int revokeFamily(String tenant, UUID familyId, Instant at, String reason) {
        return update("revokedAt = ?1, revokedReason = ?2 where tenant = ?3 and familyId = ?4 and revokedAt is null",
                at, reason, tenant, familyId);
    }

    public int revokeAllOfUser(String tenant, UUID userId, Instant at, String reason) {
        return update("revokedAt = ?1, revokedReason = ?2 where tenant = ?3 and userId = ?4 and revokedAt is null",
                at, reason, tenant, userId);
    }
}
