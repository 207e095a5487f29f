package io.custos.federation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of federation-service ({@code custos.federation.*}). */
@ConfigMapping(prefix = "custos.federation")
public interface FederationConfig {

    /**
     * An aggregation still AGGREGATING this long after its round closed was interrupted (a restart)
     * and is run again.
     */
    @WithDefault("PT2M")
    Duration resumeAggregationAfter();

    /**
     * How often rounds and secure-aggregation phases past their deadline are closed (a Quarkus
     * scheduler interval such as {@code 2s}; read by the schedule itself, declared here so it is typed
     * and documented in one place).
     */
    @WithDefault("2s")
    String deadlineCheckEvery();
}
