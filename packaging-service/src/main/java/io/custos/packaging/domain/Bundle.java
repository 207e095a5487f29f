package io.custos.packaging.domain;

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

/** A signed model bundle of one tenant, built from one training job. */
@Entity
@Table(name = "bundles")
public class Bundle extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(name = "model_name", nullable = false)
    public String modelName;

    @Column(nullable = false)
    public int version;

    @Column(name = "training_job_id", nullable = false)
    public String trainingJobId;

    @Column(nullable = false)
    public String status;

    @Column(name = "model_sha256", nullable = false)
    public String modelSha256;

    @Column(name = "model_size", nullable = false)
    public long modelSize;

    /** Only bundles registered before signed bundles existed hold the artifact here. */
    @Column(name = "model_artifact")
    public byte[] modelArtifact;

    /** SHA-256 of the bundle zip in the bundle store; null for bundles from before signed bundles. */
    @Column(name = "bundle_sha256")
    public String bundleSha256;

    @Column(name = "bundle_size")
    public Long bundleSize;

    @Column(name = "onnx_sha256")
    public String onnxSha256;

    @Column(name = "sbom_sha256")
    public String sbomSha256;

    @Column(name = "provenance_sha256")
    public String provenanceSha256;

    @Column(name = "signing_key_id")
    public String signingKeyId;

    @Column(name = "dataset_sha256")
    public String datasetSha256;

    /** The bundle's metadata.json. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String metadata;

    @Column(name = "dataset_id")
    public String datasetId;

    @Column(name = "model_type", nullable = false)
    public String modelType;

    @JdbcTypeCode(SqlTypes.JSON)
    public String privacy;

    @Column(name = "trace_id")
    public String traceId;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public static Optional<Bundle> findForTenant(UUID id, String tenant) {
        return find("id = ?1 and tenant = ?2", id, tenant).firstResultOptional();
    }

    public static Optional<Bundle> findByTrainingJob(String tenant, String trainingJobId) {
        return find("tenant = ?1 and trainingJobId = ?2", tenant, trainingJobId).firstResultOptional();
    }

    public static List<Bundle> listForTenant(String tenant) {
        return list("tenant = ?1 order by createdAt desc", tenant);
    }

    public static int nextVersion(String tenant, String modelName) {
        Integer max = getEntityManager()
                .createQuery("select max(b.version) from Bundle b where b.tenant = ?1 and b.modelName = ?2", Integer.class)
                .setParameter(1, tenant).setParameter(2, modelName).getSingleResult();
        return max == null ? 1 : max + 1;
    }
}
