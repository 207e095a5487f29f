package io.custos.privacy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Secure defaults of privacy-service ({@code custos.privacy.*}). */
@ConfigMapping(prefix = "custos.privacy")
public interface PrivacyConfig {

    Budget budget();

    Training training();

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
    }
}
