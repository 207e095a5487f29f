package io.custos.gateway.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A machine's API key (federated-learning client, CI). Only the SHA-256 of the key is stored;
 * {@link #keyPrefix} finds the row. Revoked keys are kept for the audit trail.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(nullable = false)
    public String name;

    @Column(name = "key_prefix", nullable = false, unique = true)
    public String keyPrefix;

    @Column(name = "secret_hash", nullable = false)
    public String secretHash;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public String[] roles;

    @Column(name = "federation_id")
    public UUID federationId;

    @Column(name = "client_id")
    public UUID clientId;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    public List<String> roleList() {
        return roles == null ? List.of() : Arrays.asList(roles);
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** Not revoked and not expired: it may be exchanged for an access token. */
    public boolean usableAt(Instant now) {
        return revokedAt == null && !expiredAt(now);
    }

    @Override
    public String toString() {
        return "ApiKey[" + id + ", " + tenant + ", " + name + ", " + keyPrefix + "]"; // never the hash
    }
}
