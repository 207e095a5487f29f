package io.custos.packaging.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of packaging-service ({@code custos.packaging.*}). */
@ConfigMapping(prefix = "custos.packaging")
public interface PackagingConfig {

    /** Build a bundle for every training-completed event (else only on request). */
    @WithDefault("true")
    boolean autoBuild();

    /** The SLSA builder id written into provenance: who built the bundle. */
    @WithDefault("https://custos.local/packaging-service")
    String builderId();

    Storage storage();

    Signing signing();

    Validation validation();

    interface Storage {
        /** Directory of the content-addressed bundle store (a PVC in Kubernetes). */
        @WithDefault(".custos/bundles")
        String bundleDir();
    }

    interface Signing {
        /**
         * Directory of the Ed25519 signing key ring (keys.json and the active private key),
         * created with a first key if empty. Must be writable for rotation and kept: retired
         * public keys verify old bundles.
         */
        @WithDefault(".custos/keys/bundle-signing")
        String keyDir();
    }

    interface Validation {
        /** Largest bundle accepted by the validate endpoint, in bytes. */
        @WithDefault("268435456")
        long maxUploadBytes();

        /**
         * An operator-supplied OSV database (a JSON file or a directory of OSV records) the
         * runtime libraries of every validated bundle are checked against, offline.
         */
        Optional<String> osvDatabase();
    }
}
