package io.custos.federation.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** A global model (custos-model/v1 JSON) of a federation, stored by its SHA-256. */
@Entity
@Table(name = "global_models")
@IdClass(GlobalModel.Key.class)
public class GlobalModel extends PanacheEntityBase {

    /** The primary key: a model is stored once per federation and content. */
    public record Key(UUID federationId, String sha256) implements Serializable {
    }

    @Id
    @Column(name = "federation_id")
    public UUID federationId;

    @Id
    public String sha256;

    @Column(nullable = false)
    public String tenant;

    @Column(nullable = false)
    public byte[] content;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public static Optional<GlobalModel> lookup(UUID federationId, String sha256, String tenant) {
        return find("sha256 = ?1 and federationId = ?2 and tenant = ?3", sha256, federationId, tenant)
                .firstResultOptional();
    }
}
