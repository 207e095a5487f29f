package io.custos.governance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of governance-service ({@code custos.governance.*}). */
@ConfigMapping(prefix = "custos.governance")
public interface GovernanceConfig {

    Compliance compliance();

    Sources sources();

    interface Compliance {
        /**
         * Operator rule files (YAML, same language as the shipped rules) added to the defaults;
         * a rule with a shipped rule's id replaces it.
         */
        Optional<List<String>> rulesFiles();

        /** Rule parameters, e.g. {@code max_epsilon}: the epsilon above which DP models are flagged. */
        Map<String, String> parameters();
    }

    interface Sources {
        /**
         * File with the 32-byte master key that seals MLflow credentials (per tenant, per source);
         * created on first use in development, a mounted Secret in Kubernetes.
         */
        @WithDefault(".custos/keys/governance-secrets.key")
        String secretKeyFile();

        /** How often the scheduler looks for sources due a sync. */
        @WithDefault("60s")
        String schedulerEvery();

        /** Per-request timeout towards MLflow servers. */
        @WithDefault("PT20S")
        java.time.Duration requestTimeout();

        /** Largest artifact file downloaded to be hashed (never executed). */
        @WithDefault("10485760")
        long maxArtifactHashBytes();
    }
}
