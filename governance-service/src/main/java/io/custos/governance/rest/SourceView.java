package io.custos.governance.rest;

import io.custos.governance.domain.MlflowSource;
import io.custos.governance.domain.SyncRun;
import java.time.OffsetDateTime;

/** A source as the API shows it: never its secrets, only the identity they stand for. */
public record SourceView(String id, String name, String trackingUri, String authType, String credentialIdentity,
        Integer syncIntervalMinutes, OffsetDateTime highWaterMark, OffsetDateTime lastSyncAt, String lastSyncError,
        OffsetDateTime createdAt, String createdBy) {

    static SourceView of(MlflowSource s) {
        return new SourceView(s.id.toString(), s.name, s.trackingUri, s.authType, s.credentialIdentity,
                s.syncIntervalMinutes, s.highWaterMark, s.lastSyncAt, s.lastSyncError, s.createdAt, s.createdBy);
    }

    public record Run(String id, String sourceId, String trigger, String credentialIdentity, String status,
            OffsetDateTime startedAt, OffsetDateTime finishedAt, Integer modelsSeen, Integer versionsSeen,
            Integer versionsDelivered, Integer incomplete, String error) {

        static Run of(SyncRun r) {
            return new Run(r.id.toString(), r.sourceId.toString(), r.trigger, r.credentialIdentity, r.status,
                    r.startedAt, r.finishedAt, r.modelsSeen, r.versionsSeen, r.versionsDelivered, r.incomplete, r.error);
        }
    }
}
