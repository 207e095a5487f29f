package io.custos.federation.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One round of a federation: the model it starts from, who is invited, and what it produced. */
@Entity
@Table(name = "federation_rounds")
public class FederationRound extends PanacheEntityBase {

    /** WAITING for updates, AGGREGATING them, then COMPLETED with a new model or FAILED. */
    public enum Status { WAITING, AGGREGATING, COMPLETED, FAILED }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(name = "federation_id", nullable = false)
    public UUID federationId;

    @Column(nullable = false)
    public int number;

    @Column(nullable = false)
    public String status;

    @Column(name = "opened_at", nullable = false)
    public OffsetDateTime openedAt;

    @Column(nullable = false)
    public OffsetDateTime deadline;

    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    @Column(name = "model_sha256", nullable = false)
    public String modelSha256;

    @Column(name = "result_sha256")
    public String resultSha256;

    /** JSON array of the invited client ids. */
    @Column(nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String participants;

    @Column(name = "expected_clients", nullable = false)
    public int expectedClients;

    @Column(name = "dp_sampling_rate")
    public Double dpSamplingRate;

    @Column(name = "dp_noise_multiplier")
    public Double dpNoiseMultiplier;

    @Column(name = "dp_clip_norm")
    public Double dpClipNorm;

    /** Client-level epsilon spent by the federation up to and including this round. */
    public Double epsilon;

    public Double delta;

    /** JSON of the aggregation summary. */
    @ColumnTransformer(write = "?::jsonb")
    public String summary;

    @Column(name = "failure_reason")
    public String failureReason;

    /** The secure-aggregation phase (see {@code SecAggServer.Phase}), null without secure aggregation. */
    @Column(name = "secagg_phase")
    public String secaggPhase;

    @Column(name = "secagg_phase_deadline")
    public OffsetDateTime secaggPhaseDeadline;

    /** t: the Shamir threshold and the fewest clients that must survive every phase. */
    @Column(name = "secagg_threshold")
    public Integer secaggThreshold;

    @Column(name = "secagg_clip_bound")
    public Double secaggClipBound;

    @Column(name = "secagg_scale")
    public Double secaggScale;

    @Column(name = "secagg_max_clients")
    public Integer secaggMaxClients;

    /** The L2 norm clients clip their update to before encoding, or null. */
    @Column(name = "secagg_l2_clip")
    public Double secaggL2Clip;

    public boolean secure() {
        return secaggPhase != null;
    }

    public boolean waiting() {
        return Status.WAITING.name().equals(status);
    }

    public static Optional<FederationRound> findForTenant(UUID id, String tenant) {
        return find("id = ?1 and tenant = ?2", id, tenant).firstResultOptional();
    }

    public static Optional<FederationRound> findForUpdate(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public static Optional<FederationRound> byNumber(UUID federationId, int number) {
        return find("federationId = ?1 and number = ?2", federationId, number).firstResultOptional();
    }

    public static List<FederationRound> listFor(UUID federationId, String tenant) {
        return list("federationId = ?1 and tenant = ?2 order by number desc", federationId, tenant);
    }

    /** Rounds the DP accountant has charged, oldest first. */
    public static List<FederationRound> chargedRounds(UUID federationId) {
        return list("federationId = ?1 and status = ?2 and dpNoiseMultiplier is not null order by number",
                federationId, Status.COMPLETED.name());
    }

    /** Ids of rounds past their deadline still waiting, and of aggregations interrupted by a restart. */
    public static List<UUID> dueForClosing(OffsetDateTime now, OffsetDateTime stuckBefore) {
        return getEntityManager().createQuery("select r.id from FederationRound r where (r.status = :waiting and"
                + " (r.deadline <= :now or r.secaggPhaseDeadline <= :now)) or (r.status = :aggregating and"
                + " r.closedAt <= :stuck) order by r.deadline",
                UUID.class)
                .setParameter("waiting", Status.WAITING.name()).setParameter("now", now)
                .setParameter("aggregating", Status.AGGREGATING.name()).setParameter("stuck", stuckBefore)
                .setMaxResults(100).getResultList();
    }
}
