package io.custos.federation.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An accepted, verified client update of one round: the parameter delta as little-endian float64. */
@Entity
@Table(name = "round_updates")
public class RoundUpdate extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(name = "federation_id", nullable = false)
    public UUID federationId;

    @Column(name = "round_id", nullable = false)
    public UUID roundId;

    @Column(name = "client_id", nullable = false)
    public UUID clientId;

    @Column(nullable = false)
    public String nonce;

    @Column(name = "claimed_samples", nullable = false)
    public long claimedSamples;

    @Column(nullable = false)
    public byte[] content;

    @Column(name = "content_sha256", nullable = false)
    public String contentSha256;

    @Column(name = "l2_norm", nullable = false)
    public double l2Norm;

    @Column(nullable = false)
    public String signature;

    @Column(name = "received_at", nullable = false)
    public OffsetDateTime receivedAt;

    public static long countFor(UUID roundId) {
        return count("roundId", roundId);
    }

    public static boolean submitted(UUID roundId, UUID clientId) {
        return count("roundId = ?1 and clientId = ?2", roundId, clientId) > 0;
    }

    public static boolean nonceUsed(UUID federationId, String nonce) {
        return count("federationId = ?1 and nonce = ?2", federationId, nonce) > 0;
    }
}
