package io.custos.governance.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The inventory's canonical record of one model version of one tenant. */
@Entity
@Table(name = "models")
public class ModelRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String version;

    /** Where the record comes from: "custos" (our events) or an MLflow source id. */
    @Column(nullable = false)
    public String source;

    @Column(name = "bundle_id")
    public String bundleId;

    @Column(name = "training_job_id")
    public String trainingJobId;

    @Column(name = "model_sha256")
    public String modelSha256;

    @Column(name = "bundle_sha256")
    public String bundleSha256;

    @Column(name = "onnx_sha256")
    public String onnxSha256;

    @Column(name = "sbom_sha256")
    public String sbomSha256;

    @Column(name = "provenance_sha256")
    public String provenanceSha256;

    @Column(name = "signing_key_id")
    public String signingKeyId;

    @JdbcTypeCode(SqlTypes.JSON)
    public String privacy;

    @Column(name = "trace_id")
    public String traceId;

    /** The canonical record ({@code ModelVersionRecord}) as the source describes it. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String record;

    /** What the governance team filled in; wins over the source for the fields it sets. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String annotations;

    public String stage;

    public String owner;

    @Column(nullable = false)
    public boolean complete = true;

    @Column(name = "incomplete_reason")
    public String incompleteReason;

    @Column(name = "compliance_status")
    public String complianceStatus;

    @JdbcTypeCode(SqlTypes.JSON)
    public String compliance;

    @Column(name = "compliance_evaluated_at")
    public OffsetDateTime complianceEvaluatedAt;

    @Column(name = "source_id")
    public UUID sourceId;

    @Column(name = "source_updated_at")
    public OffsetDateTime sourceUpdatedAt;

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public static Optional<ModelRecord> findForTenant(UUID id, String tenant) {
        return find("id = ?1 and tenant = ?2", id, tenant).firstResultOptional();
    }

    /** A Custos model version (source_id null). */
    public static Optional<ModelRecord> findVersion(String tenant, String name, String version) {
        return find("tenant = ?1 and sourceId is null and name = ?2 and version = ?3", tenant, name, version)
                .firstResultOptional();
    }

    /** A version from an MLflow source. */
    public static Optional<ModelRecord> findSourceVersion(String tenant, UUID sourceId, String name, String version) {
        return find("tenant = ?1 and sourceId = ?2 and name = ?3 and version = ?4", tenant, sourceId, name, version)
                .firstResultOptional();
    }

    public static Optional<ModelRecord> findByTrainingJob(String tenant, String trainingJobId) {
        return find("tenant = ?1 and trainingJobId = ?2", tenant, trainingJobId).firstResultOptional();
    }

    public static List<ModelRecord> listForTenant(String tenant) {
        return list("tenant = ?1 order by registeredAt desc", tenant);
    }
}
