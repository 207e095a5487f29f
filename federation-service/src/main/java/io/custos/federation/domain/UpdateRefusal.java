package io.custos.federation.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A refused update, kept for the audit: who sent it, to which round, and why it was refused. */
@Entity
@Table(name = "update_refusals")
public class UpdateRefusal extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(name = "federation_id", nullable = false)
    public UUID federationId;

    @Column(name = "round_id")
    public UUID roundId;

    /** The authenticated caller (JWT subject). */
    @Column(nullable = false)
    public String caller;

    /** The client id the submission claimed, as sent. */
    @Column(name = "claimed_client")
    public String claimedClient;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public String message;

    @Column(name = "received_at", nullable = false)
    public OffsetDateTime receivedAt;

    public static List<UpdateRefusal> listForRound(UUID roundId, String tenant) {
        return list("roundId = ?1 and tenant = ?2 order by receivedAt", roundId, tenant);
    }

    public static long countForRound(UUID roundId) {
        return count("roundId", roundId);
    }
}
