package io.custos.privacy.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A training job of one tenant. */
@Entity
@Table(name = "training_jobs")
public class TrainingJob extends PanacheEntityBase {

    public enum Status { QUEUED, RUNNING, COMPLETED, FAILED }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(name = "dataset_id", nullable = false)
    public String datasetId;

    /** The dataset id the ledger accounts against: the lineage root of the version trained on. */
    @Column(name = "budget_dataset_id")
    public String budgetDatasetId;

    @Column(nullable = false)
    public String target;

    @Column(name = "model_type", nullable = false)
    public String modelType;

    @Column(nullable = false)
    public String status;

    @Column(name = "requested_epsilon")
    public Double requestedEpsilon;

    @Column(name = "requested_delta")
    public Double requestedDelta;

    @Column(name = "started_by", nullable = false)
    public String startedBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "completed_at")
    public OffsetDateTime completedAt;

    @Column(name = "model_artifact")
    public byte[] modelArtifact;

    @Column(name = "model_sha256")
    public String modelSha256;

    @Column(name = "trace_id")
    public String traceId;

    @JdbcTypeCode(SqlTypes.JSON)
    public String request;

    @JdbcTypeCode(SqlTypes.JSON)
    public String report;

    @Column(name = "epsilon_spent")
    public Double epsilonSpent;

    @Column(name = "delta_spent")
    public Double deltaSpent;

    public String failure;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    /** Tenant-scoped lookup: another tenant's job does not exist for the caller. */
    public static Optional<TrainingJob> findForTenant(UUID id, String tenant) {
        return find("id = ?1 and tenant = ?2", id, tenant).firstResultOptional();
    }
}
