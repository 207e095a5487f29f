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

/** One sync of an MLflow source: trigger, credential identity (never the secret), counts, error. */
@Entity
@Table(name = "sync_runs")
public class SyncRun extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(name = "source_id", nullable = false)
    public UUID sourceId;

    @Column(nullable = false)
    public String trigger;

    @Column(name = "credential_identity", nullable = false)
    public String credentialIdentity;

    /** RUNNING, SUCCEEDED, FAILED. */
    @Column(nullable = false)
    public String status;

    @Column(name = "started_at", nullable = false)
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "models_seen")
    public Integer modelsSeen;

    @Column(name = "versions_seen")
    public Integer versionsSeen;

    @Column(name = "versions_delivered")
    public Integer versionsDelivered;

    public Integer incomplete;

    public String error;

    public static Optional<SyncRun> findForTenant(UUID id, String tenant) {
        return find("id = ?1 and tenant = ?2", id, tenant).firstResultOptional();
    }

    public static List<SyncRun> forSource(UUID sourceId) {
        return list("sourceId = ?1 order by startedAt desc", sourceId);
    }

    public static boolean running(UUID sourceId) {
        return count("sourceId = ?1 and status = 'RUNNING'", sourceId) > 0;
    }
}
