package io.custos.privacy.dataset;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One line of a dataset's history (append-only in the database). */
@Entity
@Immutable
@Table(name = "dataset_audit")
public class DatasetAudit extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String tenant;

    @Column(name = "dataset_id", nullable = false)
    public UUID datasetId;

    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public String actor;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> details;

    @Column(nullable = false)
    public OffsetDateTime at;

    public static void record(Dataset d, String action, String actor, Map<String, Object> details) {
        DatasetAudit a = new DatasetAudit();
        a.tenant = d.tenant;
        a.datasetId = d.id;
        a.action = action;
        a.actor = actor;
        a.details = details;
        a.at = OffsetDateTime.now(ZoneOffset.UTC);
        a.persist();
    }

    public static List<DatasetAudit> forDataset(UUID id, String tenant) {
        return list("datasetId = ?1 and tenant = ?2 order by id", id, tenant);
    }
}
