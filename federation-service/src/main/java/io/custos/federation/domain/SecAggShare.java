package io.custos.federation.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.UUID;

/** One encrypted share relayed from client {@code fromId} to {@code toId} (secure-aggregation ids). */
@Entity
@Table(name = "secagg_shares")
public class SecAggShare extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "round_id", nullable = false)
    public UUID roundId;

    @Column(name = "from_id", nullable = false)
    public int fromId;

    @Column(name = "to_id", nullable = false)
    public int toId;

    @Column(nullable = false)
    public byte[] nonce;

    @Column(nullable = false)
    public byte[] ciphertext;

    /** The shares addressed to {@code toId}, by sender. */
    public static List<SecAggShare> inbox(UUID roundId, int toId) {
        return list("roundId = ?1 and toId = ?2 order by fromId", roundId, toId);
    }
}
