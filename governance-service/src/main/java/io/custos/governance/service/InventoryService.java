package io.custos.governance.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.custos.events.EventEnvelope;
import io.custos.events.EventTypes;
import io.custos.events.ModelRegistered;
import io.custos.events.TrainingCompleted;
import io.custos.governance.audit.AuditTrail;
import io.custos.governance.compliance.ComplianceService;
import io.custos.governance.core.mlflow.VersionState;
import io.custos.governance.core.model.ModelVersionRecord;
import io.custos.governance.domain.LifecycleEvent;
import io.custos.governance.domain.ModelRecord;
import io.custos.governance.inventory.Annotations;
import io.custos.governance.inventory.CustosRecords;
import io.custos.service.events.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the inventory: one canonical record per model version and source, fed by our own events
 * and by MLflow sources; every change is re-evaluated for compliance, its stage and alias changes
 * become timestamped lifecycle events, and it is written to the audit trail.
 */
@ApplicationScoped
public class InventoryService {

    private static final String LOG_SQL = "INSERT INTO governance.event_log (tenant, event_id, event_type, source, subject,"
            + " event_time, trace_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (event_id) DO NOTHING";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    ComplianceService compliance;

    @ConfigProperty(name = "custos.services.packaging-url", defaultValue = "http://127.0.0.1:8083")
    String packagingUrl;

    /** Keeps the event as evidence. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void logEvent(EventEnvelope e) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LOG_SQL)) {
            ps.setString(1, e.tenant());
            ps.setString(2, e.id());
            ps.setString(3, e.type());
            ps.setString(4, e.source());
            ps.setString(5, e.subject());
            ps.setTimestamp(6, Timestamp.from(e.time().toInstant()));
            ps.setString(7, Tracing.currentTraceId());
            ps.setString(8, e.data().toString());
            ps.executeUpdate();
        }
    }

    /** Creates or completes the record of a registered Custos model version. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ModelRecord recordRegistration(ModelRegistered m, String tenant) {
        Optional<ModelRecord> existing = ModelRecord.findVersion(tenant, m.modelName(), m.version());
        Instant registeredAt = existing.map(r -> r.registeredAt.toInstant()).orElse(Instant.now());
        TrainingCompleted training = loggedTraining(tenant, m.trainingJobId()).orElse(null);
        ModelRecord r = existing.orElseGet(() -> newRecord(tenant, m.modelName(), m.version(), null));
        r.bundleId = m.bundleId();
        r.trainingJobId = m.trainingJobId();
        if (m.digests() != null) {
            r.modelSha256 = m.digests().model();
            r.bundleSha256 = m.digests().bundle();
            r.onnxSha256 = m.digests().onnx();
            r.sbomSha256 = m.digests().sbom();
            r.provenanceSha256 = m.digests().provenance();
        }
        r.signingKeyId = m.signingKeyId();
        r.privacy = write(m.privacy());
        r.traceId = Tracing.currentTraceId();
        save(r, CustosRecords.of(m, training, registeredAt, bundleUrl(m.bundleId())), "packaging-service",
                "model-registered");
        return r;
    }

    /** A training-completed that arrives after the registration completes the record. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordTraining(TrainingCompleted t, String tenant) {
        Optional<ModelRecord> existing = ModelRecord.findByTrainingJob(tenant, t.jobId());
        if (existing.isEmpty()) {
            return; // the registration will read the logged event
        }
        ModelRecord r = existing.get();
        ModelRegistered registered = loggedRegistration(tenant, r.bundleId).orElse(null);
        if (registered != null) {
            save(r, CustosRecords.of(registered, t, r.registeredAt.toInstant(), bundleUrl(r.bundleId)),
                    "privacy-service", "training-completed");
        }
    }

    /**
     * A version from an MLflow source, as the connector normalized it: created or updated, with a
     * lifecycle event when its stage or aliases changed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ModelRecord recordFromSource(String tenant, UUID sourceId, ModelVersionRecord record, String actor) {
        String name = record.identity() == null ? null : record.identity().modelName();
        String version = record.lifecycle() == null ? null : record.lifecycle().version();
        if (name == null || version == null) {
            throw new IllegalArgumentException("a source record needs a model name and version");
        }
        ModelRecord r = ModelRecord.findSourceVersion(tenant, sourceId, name, version)
                .orElseGet(() -> newRecord(tenant, name, version, sourceId));
        r.source = "mlflow";
        if (record.lifecycle().lastUpdatedAt() != null) {
            r.sourceUpdatedAt = OffsetDateTime.ofInstant(record.lifecycle().lastUpdatedAt(), ZoneOffset.UTC);
        }
        save(r, record, actor, "mlflow-sync");
        return r;
    }

    /**
     * The stage and aliases of a source version that was not re-delivered (its timestamps did not
     * move, e.g. an alias change): recorded as a lifecycle change when they differ.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSourceState(String tenant, UUID sourceId, VersionState state, String actor) {
        Optional<ModelRecord> existing = ModelRecord.findSourceVersion(tenant, sourceId, state.modelName(),
                state.version());
        if (existing.isEmpty()) {
            return;
        }
        ModelRecord r = existing.get();
        ModelVersionRecord current = sourceRecord(r);
        if (current == null || current.lifecycle() == null) {
            return;
        }
        ModelVersionRecord.Lifecycle l = current.lifecycle();
        List<String> aliases = state.aliases() == null ? List.of() : state.aliases();
        boolean sameAliases = new java.util.TreeSet<>(l.aliases() == null ? List.of() : l.aliases())
                .equals(new java.util.TreeSet<>(aliases));
        if (Objects.equals(l.stage(), state.stage()) && sameAliases) {
            return;
        }
        ModelVersionRecord.Lifecycle changed = new ModelVersionRecord.Lifecycle(l.version(), state.stage(), aliases,
                l.createdAt(), state.lastUpdatedAt() != null ? state.lastUpdatedAt() : l.lastUpdatedAt(),
                l.deploymentStatus(), l.sourceRunId(), l.sourceArtifactUri());
        save(r, new ModelVersionRecord(current.source(), current.identity(), changed, current.evidence(),
                current.lineage(), current.risk(), current.artifacts(), current.completeness()), actor, "mlflow-sync");
    }

    /** The governance team's annotations (merged over earlier ones), then re-evaluation. */
    @Transactional
    public ModelRecord annotate(UUID id, String tenant, Annotations update, String actor) {
        ModelRecord r = ModelRecord.findForTenant(id, tenant).orElseThrow(() ->
                io.custos.service.problem.ProblemException.notFound("model", id.toString()));
        Annotations merged = update.over(annotations(r));
        if (merged.stage() != null && r.sourceId != null) {
            throw new io.custos.service.problem.ProblemException(409, "Conflict", "the stage of model " + r.name
                    + " version " + r.version + " is managed by its MLflow source; change it there");
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("annotations", json.convertValue(update, Map.class));
        audit.append(r.tenant, actor, "model.annotated", r.id.toString(), detail);
        save(r, sourceRecord(r), actor, "annotation", merged);
        return r;
    }

    /** Re-evaluates every record of the tenant (after the rules changed). */
    @Transactional
    public int reevaluate(String tenant, String actor) {
        List<ModelRecord> all = ModelRecord.listForTenant(tenant);
        for (ModelRecord r : all) {
            if (r.record != null) {
                evaluate(r, effective(r));
            }
        }
        audit.append(tenant, actor, "compliance.reevaluated", null, Map.of("records", all.size(),
                "rules", compliance.rulesFingerprint()));
        return all.size();
    }

    /** The record as governance sees it: the source's facts with the annotations applied. */
    public ModelVersionRecord effective(ModelRecord r) {
        ModelVersionRecord source = sourceRecord(r);
        return source == null ? null : annotations(r).applyTo(source);
    }

    public ModelVersionRecord sourceRecord(ModelRecord r) {
        try {
            return r.record == null ? null : json.readValue(r.record, ModelVersionRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored record of model " + r.id + " is unreadable", e);
        }
    }

    public Annotations annotations(ModelRecord r) {
        try {
            return r.annotations == null ? Annotations.NONE : json.readValue(r.annotations, Annotations.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored annotations of model " + r.id + " are unreadable", e);
        }
    }

    private void save(ModelRecord r, ModelVersionRecord sourceRecord, String actor, String origin) {
        save(r, sourceRecord, actor, origin, null);
    }

    /** Stores the source record (and new annotations, if any), then lifecycle, compliance and audit. */
    private void save(ModelRecord r, ModelVersionRecord sourceRecord, String actor, String origin,
            Annotations newAnnotations) {
        boolean created = r.record == null;
        ModelVersionRecord before = created ? null : effective(r);
        if (newAnnotations != null) {
            r.annotations = write(newAnnotations);
        }
        r.record = write(sourceRecord);
        ModelVersionRecord after = annotations(r).applyTo(sourceRecord);
        r.stage = after.lifecycle() == null ? null : after.lifecycle().stage();
        r.owner = after.identity() == null ? null : after.identity().owner();
        r.complete = after.completeness() == null || after.completeness().complete();
        r.incompleteReason = after.completeness() == null ? null : after.completeness().reason();
        r.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        r.persist();
        lifecycle(r, before, after, origin);
        String previousStatus = r.complianceStatus;
        evaluate(r, after);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("model", r.name);
        detail.put("version", r.version);
        detail.put("source", r.source);
        detail.put("origin", origin);
        detail.put("complete", r.complete);
        detail.put("complianceStatus", r.complianceStatus);
        if (!Objects.equals(previousStatus, r.complianceStatus) && previousStatus != null) {
            detail.put("previousComplianceStatus", previousStatus);
        }
        audit.append(r.tenant, actor, created ? "model.recorded" : "model.updated", r.id.toString(), detail);
    }

    private void evaluate(ModelRecord r, ModelVersionRecord effective) {
        ComplianceService.Outcome outcome = compliance.evaluate(effective);
        r.complianceStatus = outcome.status();
        r.compliance = outcome.json();
        r.complianceEvaluatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    private void lifecycle(ModelRecord r, ModelVersionRecord before, ModelVersionRecord after, String origin) {
        Instant at = after.lifecycle() != null && after.lifecycle().lastUpdatedAt() != null && !"annotation".equals(origin)
                ? after.lifecycle().lastUpdatedAt() : Instant.now();
        if (before == null) {
            LifecycleEvent.record(r, "registered", null, after.lifecycle() == null ? null : after.lifecycle().stage(),
                    at, origin);
            return;
        }
        String fromStage = before.lifecycle() == null ? null : before.lifecycle().stage();
        String toStage = after.lifecycle() == null ? null : after.lifecycle().stage();
        if (!Objects.equals(fromStage, toStage)) {
            LifecycleEvent.record(r, "stage", fromStage, toStage, at, origin);
        }
        List<String> fromAliases = before.lifecycle() == null || before.lifecycle().aliases() == null ? List.of()
                : before.lifecycle().aliases();
        List<String> toAliases = after.lifecycle() == null || after.lifecycle().aliases() == null ? List.of()
                : after.lifecycle().aliases();
        if (!new java.util.TreeSet<>(fromAliases).equals(new java.util.TreeSet<>(toAliases))) {
            LifecycleEvent.record(r, "aliases", String.join(",", new java.util.TreeSet<>(fromAliases)),
                    String.join(",", new java.util.TreeSet<>(toAliases)), at, origin);
        }
    }

    private ModelRecord newRecord(String tenant, String name, String version, UUID sourceId) {
        ModelRecord created = new ModelRecord();
        created.id = UUID.randomUUID();
        created.tenant = tenant;
        created.name = name;
        created.version = version;
        created.source = sourceId == null ? "custos" : "mlflow";
        created.sourceId = sourceId;
        created.registeredAt = OffsetDateTime.now(ZoneOffset.UTC);
        return created;
    }

    private Optional<TrainingCompleted> loggedTraining(String tenant, String jobId) {
        return logged(tenant, EventTypes.TRAINING_COMPLETED_V1, jobId, TrainingCompleted.class);
    }

    private Optional<ModelRegistered> loggedRegistration(String tenant, String bundleId) {
        return bundleId == null ? Optional.empty()
                : logged(tenant, EventTypes.MODEL_REGISTERED_V1, bundleId, ModelRegistered.class);
    }

    private <T> Optional<T> logged(String tenant, String type, String subject, Class<T> as) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("SELECT CAST(data AS text) FROM governance.event_log WHERE tenant = ?1"
                + " AND event_type = ?2 AND subject = ?3 ORDER BY id DESC LIMIT 1")
                .setParameter(1, tenant).setParameter(2, type).setParameter(3, subject).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue((String) rows.get(0), as));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private String bundleUrl(String bundleId) {
        return bundleId == null ? null : packagingUrl + "/api/packaging/bundles/" + bundleId;
    }

    private String write(Object value) {
        try {
            return value == null ? null : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
