package io.custos.privacy.dataset;

import io.custos.data.table.ColumnSchema;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One version of a dataset. The first upload is version 1 and its own lineage root; every
 * transform adds a version whose parent is the version it was applied to. Erasure deletes the
 * content and keeps this row as a tombstone, so the ledger and lineage still resolve.
 */
@Entity
@Table(name = "datasets")
public class Dataset extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "row_count", nullable = false)
    public long rowCount;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> columns;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<ColumnSchema> schema;

    @Column(name = "parent_id")
    public UUID parentId;

    @Column(name = "lineage_root", nullable = false)
    public UUID lineageRoot;

    @Column(nullable = false)
    public int version;

    /** For a derived version: the steps applied to the parent and what each did (bounds, levels). */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> transform;

    @Column(name = "retention_days")
    public Integer retentionDays;

    @Column(name = "retain_until")
    public OffsetDateTime retainUntil;

    @Column(name = "erased_at")
    public OffsetDateTime erasedAt;

    @Column(name = "erased_by")
    public String erasedBy;

    @Column(name = "erasure_reason")
    public String erasureReason;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public boolean erased() {
        return erasedAt != null;
    }

    /** The dataset id the privacy ledger accounts against: all versions share one budget. */
    public String budgetId() {
        return lineageRoot.toString();
    }

    public static Optional<Dataset> findForTenant(UUID id, String tenant) {
        return find("id = ?1 and tenant = ?2", id, tenant).firstResultOptional();
    }

    public static List<Dataset> listForTenant(String tenant) {
        return list("tenant = ?1 order by createdAt desc", tenant);
    }

    /** Every version sharing a lineage root, oldest first. */
    public static List<Dataset> lineage(UUID root, String tenant) {
        return list("lineageRoot = ?1 and tenant = ?2 order by version, createdAt", root, tenant);
    }

    /** Whether live (not erased) datasets of any tenant still hold this content. */
    public static boolean contentInUse(String sha256) {
        return count("sha256 = ?1 and erasedAt is null", sha256) > 0;
    }

    public static List<Dataset> expired(OffsetDateTime now) {
        return list("erasedAt is null and retainUntil is not null and retainUntil <= ?1", now);
    }
}
