package io.custos.governance.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.crypto.TenantSecretBox;
import io.custos.governance.audit.AuditTrail;
import io.custos.governance.config.GovernanceConfig;
import io.custos.governance.core.monitoring.Alert;
import io.custos.governance.core.monitoring.AlertChannel;
import io.custos.governance.core.monitoring.AlertDispatcher;
import io.custos.governance.core.monitoring.DeliveryResult;
import io.custos.governance.core.monitoring.DriftMonitor;
import io.custos.governance.core.monitoring.EmailChannel;
import io.custos.governance.core.monitoring.MonitoringInputException;
import io.custos.governance.core.monitoring.MonitoringReport;
import io.custos.governance.core.monitoring.MonitoringThresholds;
import io.custos.governance.core.monitoring.ProductionBatch;
import io.custos.governance.core.monitoring.ReferenceProfile;
import io.custos.governance.core.monitoring.RetryPolicy;
import io.custos.governance.core.monitoring.Severity;
import io.custos.governance.core.monitoring.SmtpSettings;
import io.custos.governance.core.monitoring.WebhookChannel;
import io.custos.governance.domain.ModelRecord;
import io.custos.service.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Post-deployment monitoring of inventory models: a reference profile per model, production batches
 * compared with it (drift per feature and on predictions), alerts raised with a severity and
 * delivered to the tenant's channels after the batch is committed, and the alert history with
 * each delivery's outcome.
 */
@ApplicationScoped
public class MonitoringService {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    AuditTrail audit;

    @Inject
    GovernanceConfig config;

    @Inject
    TransactionSynchronizationRegistry synchronizations;

    @Inject
    TenantSecretBox box;
    private volatile RetryPolicy retry = RetryPolicy.defaults();
    private final ExecutorService deliveries = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "alert-delivery");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void stop() {
        deliveries.shutdownNow();
    }

    /** For tests: how failed deliveries are retried. */
    public void retryPolicy(RetryPolicy policy) {
        this.retry = policy;
    }

    public record BatchOutcome(UUID batchId, MonitoringReport report, UUID alertId) {
    }

    @Transactional
    public ReferenceProfile setReference(ModelRecord model, String profileJson, String actor) {
        ReferenceProfile profile = parse(() -> ReferenceProfile.fromJson(profileJson), "reference");
        em.createNativeQuery("INSERT INTO governance.monitoring_references (model_id, tenant, profile, set_at, set_by)"
                + " VALUES (?1, ?2, CAST(?3 AS jsonb), ?4, ?5) ON CONFLICT (model_id) DO UPDATE SET profile ="
                + " EXCLUDED.profile, set_at = EXCLUDED.set_at, set_by = EXCLUDED.set_by")
                .setParameter(1, model.id).setParameter(2, model.tenant).setParameter(3, profile.toJson())
                .setParameter(4, Timestamp.from(Instant.now())).setParameter(5, actor).executeUpdate();
        audit.append(model.tenant, actor, "monitoring.reference-set", model.id.toString(), Map.of("origin",
                String.valueOf(profile.origin()), "features", profile.features().size()));
        return profile;
    }

    public Optional<ReferenceProfile> reference(ModelRecord model) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("SELECT CAST(profile AS text) FROM governance.monitoring_references"
                + " WHERE model_id = ?1").setParameter(1, model.id).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(ReferenceProfile.fromJson((String) rows.get(0)));
    }

    /** Compares a batch with the model's reference; stores both; raises and (after commit) delivers the alert. */
    @Transactional
    public BatchOutcome receiveBatch(ModelRecord model, String batchJson, String actor) {
        ReferenceProfile reference = reference(model).orElseThrow(() -> new ProblemException(409, "Conflict",
                "model " + model.name + " v" + model.version + " has no reference profile; PUT one to"
                        + " /api/governance/models/" + model.id + "/monitoring/reference first"));
        ProductionBatch batch = parse(() -> ProductionBatch.fromJson(batchJson), "batch");
        MonitoringReport report = parse(() -> DriftMonitor.compare(reference, batch, MonitoringThresholds.defaults()),
                "batch");
        UUID batchId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        em.createNativeQuery("INSERT INTO governance.monitoring_batches (id, tenant, model_id, received_at, received_by,"
                + " severity, report) VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS jsonb))")
                .setParameter(1, batchId).setParameter(2, model.tenant).setParameter(3, model.id)
                .setParameter(4, Timestamp.from(now)).setParameter(5, actor)
                .setParameter(6, report.overall().name()).setParameter(7, report.toJson()).executeUpdate();
        Optional<Alert> alert = Alert.fromReport(model.tenant, report).map(a -> new Alert(a.id(), a.tenant(),
                model.name + " v" + model.version, a.severity(), a.title(), a.summary(), a.driftedFeatures(),
                a.raisedAt()));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("batch", batchId.toString());
        detail.put("severity", report.overall().name());
        detail.put("drifted", report.driftedFeatures());
        audit.append(model.tenant, actor, "monitoring.batch-checked", model.id.toString(), detail);
        if (alert.isEmpty()) {
            return new BatchOutcome(batchId, report, null);
        }
        Alert a = alert.get();
        UUID alertId = UUID.fromString(a.id());
        em.createNativeQuery("INSERT INTO governance.alerts (id, tenant, model_id, batch_id, severity, title, summary,"
                + " drifted, raised_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(?8 AS jsonb), ?9)")
                .setParameter(1, alertId).setParameter(2, model.tenant).setParameter(3, model.id)
                .setParameter(4, batchId).setParameter(5, a.severity().name()).setParameter(6, a.title())
                .setParameter(7, a.summary()).setParameter(8, write(a.driftedFeatures()))
                .setParameter(9, Timestamp.from(a.raisedAt())).executeUpdate();
        audit.append(model.tenant, actor, "monitoring.alert-raised", model.id.toString(), Map.of("alert",
                a.id(), "severity", a.severity().name(), "title", a.title()));
        List<AlertChannel> channels = channels(model.tenant);
        synchronizations.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED && !channels.isEmpty()) {
                    deliveries.submit(() -> deliver(alertId, a, channels));
                }
            }
        });
        return new BatchOutcome(batchId, report, alertId);
    }

    private void deliver(UUID alertId, Alert alert, List<AlertChannel> channels) {
        List<DeliveryResult> results = new AlertDispatcher(channels).dispatch(alert);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE governance.alerts SET deliveries ="
                + " CAST(?1 AS jsonb) WHERE id = ?2").setParameter(1, write(results)).setParameter(2, alertId)
                .executeUpdate());
    }

    @Transactional
    public UUID addChannel(String tenant, ChannelRequest r, String actor) {
        String name = r.name() == null ? "" : r.name().strip();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}")) {
            throw ProblemException.badRequest("name", "name must be 1 to 100 letters, digits, spaces, '.', '_' or '-'");
        }
        Severity min = severity(r.minSeverity());
        String type = r.type() == null ? "" : r.type().strip().toLowerCase(Locale.ROOT);
        UUID id = UUID.randomUUID();
        String target;
        switch (type) {
            case "webhook" -> {
                if (r.webhook() == null || r.webhook().url() == null) {
                    throw ProblemException.badRequest("webhook.url", "a webhook channel needs webhook.url");
                }
                channel(type, r, min);
                URI u = URI.create(r.webhook().url().strip());
                target = u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
            }
            case "email" -> {
                if (r.email() == null) {
                    throw ProblemException.badRequest("email", "an email channel needs email settings");
                }
                channel(type, r, min);
                target = String.join(",", r.email().to());
            }
            default -> throw ProblemException.badRequest("type", "type must be webhook or email; was " + r.type());
        }
        if (((Number) em.createNativeQuery("SELECT count(*) FROM governance.alert_channels WHERE tenant = ?1 AND"
                + " name = ?2").setParameter(1, tenant).setParameter(2, name).getSingleResult()).longValue() > 0) {
            throw ProblemException.conflict("a channel named " + name + " exists already");
        }
        em.createNativeQuery("INSERT INTO governance.alert_channels (id, tenant, name, type, min_severity, target,"
                + " sealed_config, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                .setParameter(1, id).setParameter(2, tenant).setParameter(3, name).setParameter(4, type)
                .setParameter(5, min.name()).setParameter(6, target)
                .setParameter(7, box.seal(tenant, id.toString(), writeBytes(r)))
                .setParameter(8, Timestamp.from(Instant.now())).setParameter(9, actor).executeUpdate();
        audit.append(tenant, actor, "alert-channel.added", id.toString(), Map.of("name", name, "type", type,
                "target", target, "minSeverity", min.name()));
        return id;
    }

    /** The tenant's live channels, opened from their sealed settings. */
    List<AlertChannel> channels(String tenant) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, type, min_severity, sealed_config FROM"
                + " governance.alert_channels WHERE tenant = ?1 AND deleted_at IS NULL ORDER BY created_at")
                .setParameter(1, tenant).getResultList();
        List<AlertChannel> out = new ArrayList<>();
        for (Object[] row : rows) {
            try {
                ChannelRequest r = json.readValue(box.open(tenant, row[0].toString(), (byte[]) row[3]),
                        ChannelRequest.class);
                out.add(channel((String) row[1], r, Severity.valueOf((String) row[2])));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("alert channel " + row[0] + " is unreadable", e);
            }
        }
        return out;
    }

    private AlertChannel channel(String type, ChannelRequest r, Severity min) {
        try {
            if (type.equals("webhook")) {
                return new WebhookChannel(URI.create(r.webhook().url().strip()), Duration.ofSeconds(10),
                        r.webhook().headers() == null ? Map.of() : r.webhook().headers(), min, retry);
            }
            ChannelRequest.Email e = r.email();
            return new EmailChannel(new SmtpSettings(e.host(), e.port() == null ? 587 : e.port(), e.username(),
                    e.password(), e.startTls() == null || e.startTls(), e.from()), e.to() == null ? List.of() : e.to(),
                    min, retry);
        } catch (IllegalArgumentException ex) {
            throw ProblemException.badRequest(type, ex.getMessage());
        }
    }

    private static Severity severity(String s) {
        if (s == null || s.isBlank()) {
            return Severity.WARNING;
        }
        try {
            Severity v = Severity.valueOf(s.strip().toUpperCase(Locale.ROOT));
            if (v == Severity.NONE) {
                throw new IllegalArgumentException();
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("minSeverity", "minSeverity must be INFO, WARNING or CRITICAL; was " + s);
        }
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(Parse<T> p, String what) {
        try {
            return p.get();
        } catch (MonitoringInputException e) {
            throw ProblemException.badRequest(what + "." + e.field(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(what, e.getMessage());
        }
    }


    private String write(Object v) {
        try {
            return json.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] writeBytes(Object v) {
        try {
            return json.writeValueAsBytes(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
