package io.custos.federation.domain;

import io.custos.crypto.Ed25519PublicKey;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A client (site) registered in a federation with the Ed25519 key that signs its updates. */
@Entity
@Table(name = "federation_clients")
public class FederationClient extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String tenant;

    @Column(name = "federation_id", nullable = false)
    public UUID federationId;

    @Column(name = "client_name", nullable = false)
    public String clientName;

    /** Base64 of the X.509 SubjectPublicKeyInfo DER. */
    @Column(name = "public_key", nullable = false)
    public String publicKey;

    /** SHA-256 hex of the DER. */
    @Column(name = "key_fingerprint", nullable = false)
    public String keyFingerprint;

    @Column(name = "registered_by", nullable = false)
    public String registeredBy;

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;

    /** The registered key that signs this client's updates and secure-aggregation messages. */
    public Ed25519PublicKey signingKey() {
        return Ed25519PublicKey.fromSpkiDer(Base64.getDecoder().decode(publicKey));
    }

    public static List<FederationClient> listFor(UUID federationId, String tenant) {
        return list("federationId = ?1 and tenant = ?2 order by registeredAt, clientName", federationId, tenant);
    }

    public static Optional<FederationClient> findInFederation(UUID federationId, UUID id, String tenant) {
        return find("id = ?1 and federationId = ?2 and tenant = ?3", id, federationId, tenant).firstResultOptional();
    }

    public static long countFor(UUID federationId, String tenant) {
        return count("federationId = ?1 and tenant = ?2", federationId, tenant);
    }

    public static Optional<FederationClient> byName(UUID federationId, String tenant, String clientName) {
        return find("federationId = ?1 and tenant = ?2 and clientName = ?3", federationId, tenant, clientName)
                .firstResultOptional();
    }

    public static Optional<FederationClient> byFingerprint(UUID federationId, String tenant, String fingerprint) {
        return find("federationId = ?1 and tenant = ?2 and keyFingerprint = ?3", federationId, tenant, fingerprint)
                .firstResultOptional();
    }
}
