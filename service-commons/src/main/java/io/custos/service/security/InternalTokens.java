package io.custos.service.security;

import io.custos.crypto.JwtKeyFiles;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mints short-lived service-to-service tokens with the internal key (its public half is in the
 * JWKS every service trusts). They carry only the {@code service} role and the tenant of the
 * aggregate being fetched.
 */
@ApplicationScoped
public class InternalTokens {

    @ConfigProperty(name = "custos.internal-token.key-location")
    Optional<String> keyLocation;

    @ConfigProperty(name = "custos.internal-token.key-id", defaultValue = "internal-1")
    String keyId;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    private volatile PrivateKey key;

    public String keyId() {
        return keyId;
    }

    public String mint(String tenant) {
        return Jwt.issuer(issuer)
                .subject("service:" + application)
                .groups(Roles.SERVICE)
                .claim(Caller.TENANT_CLAIM, tenant)
                .expiresIn(Duration.ofSeconds(60))
                .jws().keyId(keyId)
                .sign(key());
    }

    private PrivateKey key() {
        if (key == null) {
            String location = keyLocation.orElseThrow(() -> new IllegalStateException(
                    "custos.internal-token.key-location is not set; service-to-service calls need the internal key"));
            try {
                key = JwtKeyFiles.readPrivate(Path.of(location));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the internal key at " + location, e);
            }
        }
        return key;
    }
}
