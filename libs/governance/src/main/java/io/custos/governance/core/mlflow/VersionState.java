package io.custos.governance.core.mlflow;

import java.time.Instant;
import java.util.List;

/**
 * The current lifecycle of one model version, reported by every sync for every version it sees,
 * delivered or not: alias moves do not change a version's timestamp in MLflow, so comparing these
 * with what was stored is how a caller notices them (and notices a version that disappeared, when
 * a successful sync no longer reports it).
 *
 * @param stage     normalized: NONE, STAGING, PRODUCTION or ARCHIVED
 * @param delivered true when this sync also delivered the full record of this version
 */
public record VersionState(String modelName, String version, String stage, List<String> aliases,
        Instant lastUpdatedAt, boolean delivered) {

    public VersionState {
        aliases = List.copyOf(aliases);
    }
}
