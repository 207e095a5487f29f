package io.custos.governance.core.mlflow;

import java.time.Instant;

/**
 * The outcome of one sync, for the sync audit trail.
 *
 * @param modelsSeen        registered models listed
 * @param versionsSeen      versions listed (each reported through {@link SyncListener#state})
 * @param versionsDelivered full records delivered through {@link SyncListener#version}
 * @param incomplete        delivered records marked incomplete
 * @param highWaterMark     the latest {@code last_updated_timestamp} seen (models and versions): pass it
 *                          as {@code since} to the next incremental sync. When the sync failed it is the
 *                          {@code since} it was given, so storing it never skips a change.
 * @param error             null when the sync ran to the end; else why it did not (the message names
 *                          the endpoint and holds no credential)
 */
public record SyncResult(int modelsSeen, int versionsSeen, int versionsDelivered, int incomplete, Instant startedAt,
        Instant finishedAt, Instant highWaterMark, String error) {

    public boolean ok() {
        return error == null;
    }
}
