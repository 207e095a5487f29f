package io.custos.federation.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An accepted, signed secure-aggregation message of one client in one round and phase
 * ({@code keys}, {@code shares}, {@code masked-input}, {@code unmasking}), with its payload exactly as
 * signed. The protocol state of a round is rebuilt from these rows.
 */
@Entity
@Table(name = "secagg_messages")
public class SecAggMessage extends PanacheEntityBase {

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

    @Column(name = "secagg_id", nullable = false)
    public int secaggId;

    @Column(nullable = false)
    public String phase;

    @Column(nullable = false)
    public byte[] payload;

    @Column(name = "payload_sha256", nullable = false)
    public String payloadSha256;

    @Column(nullable = false)
    public String nonce;

    @Column(nullable = false)
    public String signature;

    @Column(name = "received_at", nullable = false)
    public OffsetDateTime receivedAt;

    /** A round's messages of one phase, by secure-aggregation id. */
    public static List<SecAggMessage> listFor(UUID roundId, String phase) {
        return list("roundId = ?1 and phase = ?2 order by secaggId", roundId, phase);
    }

    public static long countFor(UUID roundId, String phase) {
        return count("roundId = ?1 and phase = ?2", roundId, phase);
    }

    public static boolean sent(UUID roundId, UUID clientId, String phase) {
        return count("roundId = ?1 and clientId = ?2 and phase = ?3", roundId, clientId, phase) > 0;
    }

    public static boolean sentBySecaggId(UUID roundId, int secaggId, String phase) {
        return count("roundId = ?1 and secaggId = ?2 and phase = ?3", roundId, secaggId, phase) > 0;
    }

    public static boolean nonceUsed(UUID federationId, String nonce) {
        return count("federationId = ?1 and nonce = ?2", federationId, nonce) > 0;
    }

    /** The secure-aggregation ids that sent a message of {@code phase}. */
    public static List<Integer> senders(UUID roundId, String phase) {
        return getEntityManager().createQuery("select m.secaggId from SecAggMessage m where m.roundId = :r"
                + " and m.phase = :p order by m.secaggId", Integer.class)
                .setParameter("r", roundId).setParameter("p", phase).getResultList();
    }
}
