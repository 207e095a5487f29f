package io.custos.privacy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Secure defaults of privacy-service ({@code custos.privacy.*}). */
@ConfigMapping(prefix = "custos.privacy")
public interface PrivacyConfig {

    Budget budget();

    Training training();

    Storage storage();

    Retention retention();

    DataProtection dataProtection();

    interface Retention {
        /** Retention of an upload that names none; absent = kept until erased. */
        java.util.Optional<Integer> defaultDays();
    }

    interface DataProtection {
        /** Region for phone numbers written without a country code (ISO 3166 alpha-2). */
        @WithDefault("US")
        String phoneRegion();

        /**
         * File holding the 32-byte master key of format-preserving redaction (created on first use;
         * in Kubernetes, a mounted secret). Each tenant's FF1 key is derived from it.
         */
        @WithDefault(".custos/keys/fpe.key")
        String fpeKeyFile();
    }

    interface Storage {
        /** Directory of the content-addressed blob store (a PVC in Kubernetes). */
        @WithDefault(".custos/blobs")
        String blobDir();

        /** Largest CSV upload accepted, in bytes. */
        @WithDefault("268435456")
        long maxUploadBytes();
    }

    interface Budget {
        /** Epsilon limit of a dataset nobody has set one for. */
        @WithDefault("10")
        double defaultEpsilon();

        /** Delta limit of a dataset nobody has set one for. */
        @WithDefault("1e-5")
        double defaultDelta();
    }

    interface Training {
        /** Smallest epsilon a job may ask for (below it the model is noise). */
        @WithDefault("0.01")
        double minEpsilon();

        /** Largest epsilon a job may ask for (above it the guarantee means little). */
        @WithDefault("10")
        double maxEpsilon();

        /**
         * Allow the {@code seed} test mode (reproducible, NOT private). Off in production; tests and
         * demos turn it on.
         */
        @WithDefault("false")
        boolean allowSeeded();

        /** Training consumer threads per replica. */
        @WithDefault("2")
        int workers();

        /** A job running longer than this is taken to have lost its worker and is requeued. */
        @WithDefault("PT2H")
        java.time.Duration staleAfter();
    }
}
