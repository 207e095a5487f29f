package io.custos.governance.core.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A drift alert on one model, ready for any {@link AlertChannel}. It carries feature names and
 * statistics, never production values (see {@link FeatureDrift}).
 *
 * @param id unique, so receivers can de-duplicate a redelivered alert
 * @param severity INFO or worse (NONE raises no alert)
 * @param driftedFeatures features at WARNING or worse
 */
public record Alert(String id, String tenant, String modelRef, Severity severity, String title, String summary,
        List<String> driftedFeatures, Instant raisedAt) {

    public Alert {
        require(id, "id");
        require(tenant, "tenant");
        require(modelRef, "modelRef");
        require(title, "title");
        if (severity == null || severity == Severity.NONE) {
            throw new MonitoringInputException("alert.severity", "an alert's severity must be INFO, WARNING or "
                    + "CRITICAL, not " + severity);
        }
        if (raisedAt == null) {
            throw new MonitoringInputException("alert.raisedAt", "raisedAt is missing");
        }
        summary = summary == null ? "" : summary;
        driftedFeatures = driftedFeatures == null ? List.of() : List.copyOf(driftedFeatures);
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new MonitoringInputException("alert." + field, field + " is missing");
        }
    }

    /**
     * The alert a report calls for, with a fresh id, or empty when its overall severity is NONE
     * (nothing moved, or too little data to tell).
     */
    public static Optional<Alert> fromReport(String tenant, MonitoringReport report) {
        if (report.overall() == Severity.NONE) {
            return Optional.empty();
        }
        String title = report.overall() + " drift on model " + report.modelRef();
        return Optional.of(new Alert(UUID.randomUUID().toString(), tenant, report.modelRef(), report.overall(),
                title, report.summary(), report.driftedFeatures(), report.at()));
    }
}
