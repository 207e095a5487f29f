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

/**
 * A customer's MLflow server, read-only. The credentials and extra headers are sealed for this
 * tenant and this source ({@code sealedSecrets}); only their identity is kept in clear.
 */
@Entity
@Table(name = "mlflow_sources")
public class MlflowSource extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(nullable = false)
    public String name;

    @Column(name = "tracking_uri", nullable = false)
    public String trackingUri;

    @Column(name = "auth_type", nullable = false)
    public String authType;

    @Column(name = "credential_identity", nullable = false)
    public String credentialIdentity;

    @Column(name = "sealed_secrets")
    public byte[] sealedSecrets;

    @Column(name = "sync_interval_minutes")
    public Integer syncIntervalMinutes;

    @Column(name = "high_water_mark")
    public OffsetDateTime highWaterMark;

    @Column(name = "last_sync_at")
    public OffsetDateTime lastSyncAt;

    @Column(name = "last_sync_error")
    public String lastSyncError;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "deleted_at")
    public OffsetDateTime deletedAt;

    public static Optional<MlflowSource> findLive(UUID id, String tenant) {
        return find("id = ?1 and tenant = ?2 and deletedAt is null", id, tenant).firstResultOptional();
    }

    public static List<MlflowSource> listLive(String tenant) {
        return list("tenant = ?1 and deletedAt is null order by createdAt", tenant);
    }

    public static boolean nameTaken(String tenant, String name) {
        return count("tenant = ?1 and name = ?2", tenant, name) > 0;
    }

    /** Live sources with a schedule whose last sync is older than their interval. */
    public static List<MlflowSource> due(OffsetDateTime now) {
        return MlflowSource.<MlflowSource>list("deletedAt is null and syncIntervalMinutes is not null").stream()
                .filter(s -> s.lastSyncAt == null || s.lastSyncAt.plusMinutes(s.syncIntervalMinutes).isBefore(now))
                .toList();
    }
}
