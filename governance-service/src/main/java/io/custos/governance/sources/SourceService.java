package io.custos.governance.sources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.crypto.TenantSecretBox;
import io.custos.governance.audit.AuditTrail;
import io.custos.governance.config.GovernanceConfig;
import io.custos.governance.core.mlflow.MlflowSourceConfig;
import io.custos.governance.core.mlflow.MlflowSync;
import io.custos.governance.core.mlflow.SyncListener;
import io.custos.governance.core.mlflow.SyncResult;
import io.custos.governance.core.mlflow.VersionState;
import io.custos.governance.core.model.ModelVersionRecord;
import io.custos.governance.domain.MlflowSource;
import io.custos.governance.domain.SyncRun;
import io.custos.governance.service.InventoryService;
import io.custos.service.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * MLflow sources of each tenant: registration with sealed credentials, syncs on request or on a
 * schedule (run in the background, one at a time per source), each delivered version recorded in
 * its own transaction, and every sync written to the sync history and the audit trail with the
 * credential identity it used.
 */
@ApplicationScoped
public class SourceService {

    private static final Logger LOG = Logger.getLogger(SourceService.class);

    @Inject
    GovernanceConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    InventoryService inventory;

    @Inject
    TransactionSynchronizationRegistry synchronizations;

    @Inject
    TenantSecretBox box;
    private final ExecutorService syncs = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "mlflow-sync");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void stop() {
        syncs.shutdownNow();
    }

    @Transactional
    public MlflowSource register(String tenant, SourceRequest request, String actor) {
        String name = request.name() == null ? "" : request.name().strip();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}")) {
            throw ProblemException.badRequest("name", "name must be 1 to 100 letters, digits, spaces, '.', '_' or '-'"
                    + " starting with a letter or digit");
        }
        if (MlflowSource.nameTaken(tenant, name)) {
            throw ProblemException.conflict("a source named " + name + " exists already");
        }
        Integer interval = request.syncIntervalMinutes();
        if (interval != null && (interval < 5 || interval > 10_080)) {
            throw ProblemException.badRequest("syncIntervalMinutes", "syncIntervalMinutes must be between 5 and 10080"
                    + " (a week); was " + interval);
        }
        SealedSecrets secrets = secrets(request.auth(), request.extraHeaders());
        UUID id = UUID.randomUUID();
        MlflowSourceConfig probe = configOf(id, name, request.trackingUri(), secrets);

        MlflowSource s = new MlflowSource();
        s.id = id;
        s.tenant = tenant;
        s.name = name;
        s.trackingUri = probe.trackingUri().toString();
        s.authType = secrets.authType();
        s.credentialIdentity = probe.credentialIdentity();
        s.sealedSecrets = box.seal(tenant, id.toString(), write(secrets));
        s.syncIntervalMinutes = interval;
        s.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        s.createdBy = actor;
        s.persist();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("name", name);
        detail.put("trackingUri", s.trackingUri);
        detail.put("credentialIdentity", s.credentialIdentity);
        detail.put("extraHeaders", secrets.headers().keySet().stream().sorted().toList());
        detail.put("syncIntervalMinutes", interval);
        audit.append(tenant, actor, "source.registered", id.toString(), detail);
        return s;
    }

    @Transactional
    public void delete(UUID id, String tenant, String actor) {
        MlflowSource s = MlflowSource.findLive(id, tenant).orElseThrow(() -> ProblemException.notFound("source",
                id.toString()));
        s.deletedAt = OffsetDateTime.now(ZoneOffset.UTC);
        s.sealedSecrets = null;
        audit.append(tenant, actor, "source.deleted", id.toString(), Map.of("name", s.name,
                "note", "credentials destroyed; its records stay in the inventory"));
    }

    /** Records the start of a sync and runs it in the background; one at a time per source. */
    @Transactional
    public SyncRun startSync(UUID sourceId, String tenant, String trigger, String actor) {
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) l")
                .setParameter(1, "governance-sync:" + sourceId).getSingleResult();
        MlflowSource s = MlflowSource.findLive(sourceId, tenant).orElseThrow(() -> ProblemException.notFound("source",
                sourceId.toString()));
        if (SyncRun.running(sourceId)) {
            throw ProblemException.conflict("source " + s.name + " is being synced already");
        }
        SyncRun run = new SyncRun();
        run.id = UUID.randomUUID();
        run.tenant = tenant;
        run.sourceId = sourceId;
        run.trigger = trigger;
        run.credentialIdentity = s.credentialIdentity;
        run.status = "RUNNING";
        run.startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        run.persist();
        UUID runId = run.id;
        // The background sync starts once the run row is committed, so it always finds it.
        synchronizations.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    syncs.submit(() -> runSync(runId, actor));
                }
            }
        });
        return run;
    }

    /** Syncs every source whose schedule is due (each guarded against a sync already running). */
    @Scheduled(every = "${custos.governance.sources.scheduler-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        var due = QuarkusTransaction.requiringNew().call(() -> MlflowSource.due(OffsetDateTime.now(ZoneOffset.UTC)));
        for (MlflowSource s : due) {
            try {
                startSync(s.id, s.tenant, "scheduled", "scheduler");
            } catch (ProblemException e) {
                LOG.debugf("scheduled sync of %s skipped: %s", s.id, e.getMessage());
            }
        }
    }

    private void runSync(UUID runId, String actor) {
        record Context(String tenant, UUID sourceId, String sourceName, MlflowSourceConfig config,
                java.time.Instant since) {
        }
        Context ctx;
        try {
            ctx = QuarkusTransaction.requiringNew().call(() -> {
                SyncRun run = SyncRun.findById(runId);
                MlflowSource s = MlflowSource.findById(run.sourceId);
                SealedSecrets secrets = json.readValue(box.open(s.tenant, s.id.toString(), s.sealedSecrets),
                        SealedSecrets.class);
                return new Context(s.tenant, s.id, s.name, configOf(s.id, s.name, s.trackingUri, secrets),
                        s.highWaterMark == null ? null : s.highWaterMark.toInstant());
            });
        } catch (RuntimeException e) {
            finish(runId, null, "cannot start: " + e.getMessage(), actor);
            return;
        }
        String who = "mlflow-sync:" + ctx.sourceName();
        SyncResult result;
        try {
            result = new MlflowSync().sync(ctx.config(), ctx.since(), new SyncListener() {
                @Override
                public void version(ModelVersionRecord record) {
                    QuarkusTransaction.requiringNew().run(() ->
                            inventory.recordFromSource(ctx.tenant(), ctx.sourceId(), record, who));
                }

                @Override
                public void state(VersionState state) {
                    if (!state.delivered()) {
                        QuarkusTransaction.requiringNew().run(() -> inventory.recordSourceState(ctx.tenant(),
                                ctx.sourceId(), state, who));
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "sync run %s failed", runId);
            finish(runId, null, "sync failed: " + e.getMessage(), actor);
            return;
        }
        finish(runId, result, result.error(), actor);
    }

    private void finish(UUID runId, SyncResult result, String error, String actor) {
        QuarkusTransaction.requiringNew().run(() -> {
            SyncRun run = SyncRun.findById(runId);
            MlflowSource s = MlflowSource.findById(run.sourceId);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            run.status = error == null ? "SUCCEEDED" : "FAILED";
            run.finishedAt = now;
            run.error = error;
            if (result != null) {
                run.modelsSeen = result.modelsSeen();
                run.versionsSeen = result.versionsSeen();
                run.versionsDelivered = result.versionsDelivered();
                run.incomplete = result.incomplete();
                if (error == null && result.highWaterMark() != null) {
                    s.highWaterMark = OffsetDateTime.ofInstant(result.highWaterMark(), ZoneOffset.UTC);
                }
            }
            s.lastSyncAt = now;
            s.lastSyncError = error;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("source", s.name);
            detail.put("trackingUri", s.trackingUri);
            detail.put("trigger", run.trigger);
            detail.put("credentialIdentity", run.credentialIdentity);
            detail.put("syncRun", run.id.toString());
            detail.put("startedAt", run.startedAt.toInstant().toString());
            detail.put("finishedAt", now.toInstant().toString());
            detail.put("modelsSeen", run.modelsSeen);
            detail.put("versionsSeen", run.versionsSeen);
            detail.put("versionsDelivered", run.versionsDelivered);
            detail.put("incomplete", run.incomplete);
            detail.put("error", error);
            audit.append(s.tenant, actor, error == null ? "source.synced" : "source.sync-failed", s.id.toString(), detail);
        });
    }

    private SealedSecrets secrets(SourceRequest.Auth auth, Map<String, String> headers) {
        Map<String, String> h = headers == null ? Map.of() : Map.copyOf(headers);
        String type = auth == null || auth.type() == null ? "none" : auth.type().strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "none" -> new SealedSecrets("none", null, null, null, h);
            case "basic" -> {
                if (auth.username() == null || auth.username().isBlank() || auth.password() == null) {
                    throw ProblemException.badRequest("auth", "basic auth needs username and password");
                }
                yield new SealedSecrets("basic", auth.username(), auth.password(), null, h);
            }
            case "bearer" -> {
                if (auth.token() == null || auth.token().isBlank()) {
                    throw ProblemException.badRequest("auth.token", "bearer auth needs a token");
                }
                yield new SealedSecrets("bearer", null, null, auth.token(), h);
            }
            default -> throw ProblemException.badRequest("auth.type", "auth.type must be none, basic or bearer; was "
                    + auth.type());
        };
    }

    private MlflowSourceConfig configOf(UUID id, String name, String trackingUri, SealedSecrets s) {
        MlflowSourceConfig.Builder b;
        try {
            b = MlflowSourceConfig.builder(trackingUri == null ? "" : trackingUri.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("trackingUri", e.getMessage());
        }
        try {
            b.auth(switch (s.authType()) {
                case "basic" -> MlflowSourceConfig.Auth.basic(s.username(), s.password());
                case "bearer" -> MlflowSourceConfig.Auth.bearer(s.token());
                default -> MlflowSourceConfig.Auth.none();
            });
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("auth", e.getMessage());
        }
        try {
            b.extraHeaders(s.headers());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("extraHeaders", e.getMessage());
        }
        try {
            return b.timeout(config.sources().requestTimeout())
                    .maxArtifactHashBytes(config.sources().maxArtifactHashBytes())
                    .source(id.toString(), name).build();
        } catch (IllegalArgumentException e) {
            // The builder checks everything at the end: name the field the message is about.
            throw ProblemException.badRequest(e.getMessage() != null && e.getMessage().contains("header")
                    ? "extraHeaders" : "trackingUri", e.getMessage());
        }
    }


    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
