package io.custos.governance.core.mlflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A registered model as MLflow answers it ({@code registered_models[]} of registered-models/search).
 *
 * @param aliases alias name to the version it points at
 */
public record MlflowRegisteredModel(
        String name,
        String description,
        Instant createdAt,
        Instant lastUpdatedAt,
        Map<String, String> tags,
        Map<String, String> aliases,
        List<MlflowModelVersion> latestVersions) {

    public MlflowRegisteredModel {
        tags = Map.copyOf(tags);
        aliases = Map.copyOf(aliases);
        latestVersions = List.copyOf(latestVersions);
    }

    /** The aliases pointing at one version, sorted. */
    public List<String> aliasesOf(String version) {
        TreeSet<String> names = new TreeSet<>();
        aliases.forEach((alias, v) -> {
            if (v.equals(version)) {
                names.add(alias);
            }
        });
        return List.copyOf(names);
    }
}
