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

    public enum Status { CREATED }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(nullable = false)
    public String name;

    @Column(name = "model_type", nullable = false)
    public String modelType;

    /** JSON array of {@code {name, kind, categories}}; written as jsonb. */
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

    public static boolean nameTaken(String tenant, String name) {
        return count("tenant = ?1 and name = ?2", tenant, name) > 0;
    }

    public static List<Federation> listForTenant(String tenant) {
        return list("tenant = ?1 order by createdAt desc, name", tenant);
    }
}
