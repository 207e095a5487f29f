package io.custos.gateway.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One refresh token of a login session ("family"). Only the SHA-256 of the opaque token is
 * stored. Rotation revokes a token and links it to its successor; presenting a token that was
 * already rotated means it leaked, and the whole family is revoked.
 */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken {

    public static final String REASON_ROTATED = "rotated";
    public static final String REASON_LOGOUT = "logout";
    public static final String REASON_REUSE = "reuse-detected";
    public static final String REASON_DISABLED = "user-disabled";

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "family_id", nullable = false)
    public UUID familyId;

    @Column(name = "token_hash", nullable = false, unique = true)
    public String tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_reason")
    public String revokedReason;

    @Column(name = "replaced_by")
    public UUID replacedBy;
}
