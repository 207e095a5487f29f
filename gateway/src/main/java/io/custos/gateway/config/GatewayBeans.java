package io.custos.gateway.config;

import io.custos.crypto.JwtKeyFiles;
import io.custos.gateway.service.PasswordHasher;
import io.custos.gateway.service.TokenIssuer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the plain service objects from configuration, and checks the signing key at start. */
@ApplicationScoped
public class GatewayBeans {

    @Produces
    @Singleton
    PasswordHasher passwordHasher(GatewayConfig config) {
        GatewayConfig.Argon2 a = config.argon2();
        return new PasswordHasher(a.memoryKib(), a.iterations(), a.parallelism());
    }

    @Produces
    @Singleton
    TokenIssuer tokenIssuer(GatewayConfig config, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            Clock clock) {
        return new TokenIssuer(readSigningKey(config.signingKeyLocation()), config.signingKeyId(), issuer,
                config.accessTokenTtl(), clock);
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Fails the start, with the path, when the signing key cannot be read: better than a 500 at first login. */
    void checkSigningKey(@Observes StartupEvent event, TokenIssuer issuer) {
        // resolving the bean reads the key
    }

    static PrivateKey readSigningKey(String location) {
        Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        if (!Files.isReadable(path)) {
            throw new IllegalStateException("custos.gateway.signing-key-location: cannot read " + path
                    + " (a PKCS#8 PEM RSA private key is expected)");
        }
        try {
            return JwtKeyFiles.readPrivate(path);
        } catch (IOException e) {
            throw new IllegalStateException("custos.gateway.signing-key-location: " + e.getMessage(), e);
        }
    }
}
