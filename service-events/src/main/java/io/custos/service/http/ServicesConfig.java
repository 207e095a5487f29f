package io.custos.service.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.stream.Stream;

/** Internal base URLs of the services (inside the cluster, not through the gateway). */
@ConfigMapping(prefix = "custos.services")
public interface ServicesConfig {

    Optional<String> privacyUrl();

    Optional<String> federationUrl();

    Optional<String> packagingUrl();

    Optional<String> governanceUrl();

    /** Largest artifact a service will fetch from another. */
    @WithDefault("268435456")
    long maxArtifactBytes();

    /** The only places a service fetches artifacts from: an event cannot point it anywhere else. */
    default Stream<String> allowedBases() {
        return Stream.of(privacyUrl(), federationUrl(), packagingUrl(), governanceUrl())
                .flatMap(Optional::stream)
                .map(u -> u.endsWith("/") ? u : u + "/");
    }
}
