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

/** A federation of one tenant: what model is trained, on which features, by how many clients. */
@Entity
@Table(name = "federations")
public class Federation extends PanacheEntityBase {

    public enum Status { CREATED, RUNNING, COMPLETED, FAILED }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(nullable = false)
    public String name;

    @Column(name = "model_type", nullable = false)
    public String modelType;

    /** JSON array of {@link FeatureDefinition}; written as jsonb. */
    @Column(name = "feature_schema", nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String featureSchema;

    @Column(nullable = false)
    public String target;

    @Column(nullable = false)
    public int rounds;

    @Column(name = "min_clients", nullable = false)
    public int minClients;

    @Column(name = "max_clients", nullable = false)
    public int maxClients;

    @Column(name = "round_timeout_seconds", nullable = false)
    public int roundTimeoutSeconds;

    @Column(nullable = false)
    public String strategy;

    @Column(name = "local_epochs", nullable = false)
    public int localEpochs;

    @Column(nullable = false)
    public String status;

    @Column(name = "positive_class")
    public String positiveClass;

    @Column(name = "hidden_units", nullable = false)
    public int hiddenUnits;

    @Column(name = "learning_rate", nullable = false)
    public double learningRate;

    @Column(name = "batch_size", nullable = false)
    public int batchSize;

    @Column(nullable = false)
    public double l2;

    @Column(name = "max_samples_per_client", nullable = false)
    public long maxSamplesPerClient;

    @Column(name = "server_clip_norm")
    public Double serverClipNorm;

    @Column(name = "trim_fraction", nullable = false)
    public double trimFraction;

    @Column(name = "byzantine_clients", nullable = false)
    public int byzantineClients;

    @Column(name = "multi_krum_select")
    public Integer multiKrumSelect;

    /** JSON of {@link ClientDpSettings}, null without client-level DP; written as jsonb. */
    @Column(name = "client_dp")
    @ColumnTransformer(write = "?::jsonb")
    public String clientDp;

    /** Secure aggregation: the server learns only the sum of the clients' updates (fedavg only). */
    @Column(name = "secure_aggregation", nullable = false)
    public boolean secureAggregation;

    /** The round open or last run; 0 before the federation starts. */
    @Column(name = "current_round", nullable = false)
    public int currentRound;

    /** The clip norm the next DP round uses (adaptive clipping moves it). */
    @Column(name = "dp_clip_norm")
    public Double dpClipNorm;

    @Column(name = "started_by")
    public String startedBy;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "final_model_sha256")
    public String finalModelSha256;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** Tenant-scoped lookup: another tenant's federation does not exist for the caller. */
    public static Optional<Federation> findForTenant(UUID id, String tenant) {
        return find("id = ?1 and tenant = ?2", id, tenant).firstResultOptional();
    }

    /** As {@link #findForTenant}, locking the row until the transaction ends. */
    public static Optional<Federation> findForTenantForUpdate(UUID id, String tenant) {
        return find("id = ?1 and tenant = ?2", id, tenant).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** Locks a federation by id alone: for background work that already knows the tenant. */
    public static Optional<Federation> findByIdForUpdate(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public static boolean nameTaken(String tenant, String name) {
        return count("tenant = ?1 and name = ?2", tenant, name) > 0;
    }

    public static List<Federation> listForTenant(String tenant) {
        return list("tenant = ?1 order by createdAt desc, name", tenant);
    }
}
