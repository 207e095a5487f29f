package io.custos.governance.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** A timestamped change of a model version's lifecycle: registered, stage, aliases (append-only). */
@Entity
@Immutable
@Table(name = "lifecycle_events")
public class LifecycleEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String tenant;

    @Column(name = "model_id", nullable = false)
    public UUID modelId;

    @Column(nullable = false)
    public String kind;

    @Column(name = "from_value")
    public String fromValue;

    @Column(name = "to_value")
    public String toValue;

    @Column(nullable = false)
    public OffsetDateTime at;

    @Column(nullable = false)
    public String origin;

    public static void record(ModelRecord model, String kind, String from, String to, Instant at, String origin) {
        LifecycleEvent e = new LifecycleEvent();
        e.tenant = model.tenant;
        e.modelId = model.id;
        e.kind = kind;
        e.fromValue = from;
        e.toValue = to;
        e.at = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        e.origin = origin;
        e.persist();
    }

    public static List<LifecycleEvent> forModel(UUID modelId) {
        return list("modelId = ?1 order by id", modelId);
    }
}
