package io.custos.federation.rest;

import io.custos.federation.domain.FederationClient;
import java.time.OffsetDateTime;

/** A registered client as the API shows it; {@code publicKey} is base64 of the SPKI DER. */
public record ClientView(
        String id,
        String federationId,
        String clientName,
        String publicKey,
        String keyAlgorithm,
        String keyFingerprint,
        String registeredBy,
        OffsetDateTime registeredAt) {

    public static ClientView of(FederationClient c) {
        return new ClientView(c.id.toString(), c.federationId.toString(), c.clientName, c.publicKey, "Ed25519",
                c.keyFingerprint, c.registeredBy, c.registeredAt);
    }
}
