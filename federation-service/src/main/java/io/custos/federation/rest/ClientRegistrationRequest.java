package io.custos.federation.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/federated/federations/{id}/clients}. {@code publicKey} is an Ed25519
 * public key as PEM ({@code -----BEGIN PUBLIC KEY-----}), or base64 of the raw 32-byte key, or
 * base64 of its X.509 SubjectPublicKeyInfo DER.
 */
public record ClientRegistrationRequest(
        @NotBlank @Size(max = 128, message = "must be at most 128 characters")
        @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may contain only letters, digits, '.', '_' and '-'")
        String clientName,
        @NotBlank @Size(max = 4096, message = "must be at most 4096 characters")
        String publicKey) {
}
