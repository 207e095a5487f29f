package io.custos.governance.config;

import io.custos.crypto.TenantSecretBox;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The secret box that seals MLflow credentials and alert channel settings, per tenant. */
public class GovernanceBeans {

    @Produces
    @Singleton
    TenantSecretBox secretBox(GovernanceConfig config) {
        return TenantSecretBox.fromFile(Path.of(config.sources().secretKeyFile()));
    }
}
