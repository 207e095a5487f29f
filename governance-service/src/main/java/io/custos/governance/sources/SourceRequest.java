package io.custos.governance.sources;

import java.util.Map;

/**
 * Registering an MLflow source. {@code auth.type} is none, basic (username, password) or bearer
 * (token); {@code extraHeaders} are sent with every request (and sealed like credentials: they
 * often carry tokens); {@code syncIntervalMinutes} schedules syncs (absent: on request only).
 */
public record SourceRequest(String name, String trackingUri, Auth auth, Map<String, String> extraHeaders,
        Integer syncIntervalMinutes) {

    public record Auth(String type, String username, String password, String token) {
    }
}
