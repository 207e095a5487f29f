package io.custos.governance.core.mlflow;

import io.custos.governance.core.model.ModelVersionRecord;

/**
 * Receives what a sync finds, as it finds it, so the caller persists one version at a time instead
 * of holding a whole registry in memory. Called on the syncing thread; an exception thrown here
 * ends the sync and propagates to the caller of {@link MlflowSync#sync}.
 */
public interface SyncListener {

    /** The full record of a new or changed version (every version on a full sync), complete or not. */
    void version(ModelVersionRecord record);

    /** The current stage and aliases of every version seen, before its record if it is delivered. */
    default void state(VersionState state) {
    }
}
