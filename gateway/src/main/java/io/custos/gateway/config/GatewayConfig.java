package io.custos.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Typed configuration of the gateway ({@code custos.gateway.*}, env {@code CUSTOS_GATEWAY_*}). */
@ConfigMapping(prefix = "custos.gateway")
public interface GatewayConfig {

    /** PKCS#8 PEM file of the RS256 key that signs access tokens (a path, or a {@code file:} URI). */
    @WithDefault("/etc/custos/jwt-signing/private.pem")
    String signingKeyLocation();

    /** Key id ({@code kid} header) of the signing key; must match its entry in the services' JWKS. */
    @WithDefault("gateway-1")
    String signingKeyId();

    /** Lifetime of access tokens. */
    @WithDefault("PT15M")
    Duration accessTokenTtl();

    /** Lifetime of refresh tokens. */
    @WithDefault("PT8H")
    Duration refreshTokenTtl();

    Argon2 argon2();

    BootstrapAdmin bootstrapAdmin();

    Routes routes();

    Proxy proxy();

    OpenApi openapi();

    /** Argon2id parameters for new password hashes (stored hashes carry their own). OWASP minimum by default. */
    interface Argon2 {
        @WithDefault("19456")
        int memoryKib();

        @WithDefault("2")
        int iterations();

        @WithDefault("1")
        int parallelism();
    }

    /** First administrator, created at start when no user exists; never overwritten. */
    interface BootstrapAdmin {
        Optional<String> username();

        Optional<String> password();

        @WithDefault("default")
        String tenant();
    }

    /** Base URLs (scheme://host:port) of the services behind the gateway. */
    interface Routes {
        Optional<String> privacy();

        Optional<String> federated();

        Optional<String> packaging();

        Optional<String> governance();
    }

    interface Proxy {
        @WithDefault("PT5S")
        Duration connectTimeout();

        /** How long to wait for the response head after the request was sent. */
        @WithDefault("PT60S")
        Duration responseTimeout();

        /** Largest request body the proxy forwards. */
        @WithDefault("512M")
        MemorySize maxBodySize();

        /** Connections kept per service. */
        @WithDefault("64")
        int maxConnections();
    }

    interface OpenApi {
        /** How long the merged document is cached. */
        @WithDefault("PT30S")
        Duration cacheTtl();

        /** Time allowed to fetch one service's document. */
        @WithDefault("PT5S")
        Duration fetchTimeout();
    }
}
