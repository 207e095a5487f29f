package io.custos.privacy.dataset;

import io.custos.data.DataException;
import io.custos.data.table.DataTable;
import io.custos.data.table.SchemaInference;
import io.custos.privacy.config.PrivacyConfig;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.Ids;
import io.custos.service.storage.BlobStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The dataset registry: uploads (streamed to disk, then parsed and checked before anything is
 * registered), versions with lineage, retention and erasure. Content and metadata change under
 * a per-digest advisory lock, so an erasure and an upload of the same bytes cannot interleave.
 */
@ApplicationScoped
public class DatasetService {

    private static final Logger LOG = Logger.getLogger(DatasetService.class);
    private static final String NAME_RULE = "required: 1-128 letters, digits, spaces, '.', '_' or '-'";

    @Inject
    BlobStore blobs;

    @Inject
    PrivacyConfig config;

    @Inject
    EntityManager em;

    /** Streams an upload to disk, parses it strictly and registers it as version 1 of a new dataset. */
    public Dataset upload(String name, InputStream body, Integer retentionDays, String tenant, String by) {
        checkName(name);
        checkRetention(retentionDays);
        BlobStore.Staged staged = blobs.stage(body, config.storage().maxUploadBytes());
        DataTable table;
        try {
            table = DataTable.readCsv(staged.path());
            if (table.rows() == 0) {
                throw new DataException("file", "the CSV has a header but no rows");
            }
        } catch (DataException e) {
            staged.discard();
            throw ProblemException.badRequest(e.field(), e.getMessage());
        } catch (RuntimeException e) {
            staged.discard();
            throw e;
        }
        Integer days = retentionDays != null ? retentionDays : config.retention().defaultDays().orElse(null);
        return QuarkusTransaction.requiringNew().call(() -> {
            lockContent(staged.sha256());
            blobs.commit(staged);
            Dataset d = newVersion(name, staged, table, tenant, by);
            d.lineageRoot = d.id;
            d.retentionDays = days;
            d.retainUntil = days == null ? null : d.createdAt.plusDays(days);
            d.persist();
            DatasetAudit.record(d, "uploaded", by, details("sha256", d.sha256, "rows", d.rowCount, "bytes",
                    d.sizeBytes, "retentionDays", days));
            return d;
        });
    }

    /** Registers a table derived from {@code parent} as the next version in its lineage. */
    public Dataset addVersion(Dataset parent, DataTable table, Map<String, Object> transform, String by) {
        BlobStore.Staged staged = blobs.stage(table::writeCsv);
        return QuarkusTransaction.requiringNew().call(() -> {
            lockContent(staged.sha256());
            lockLineage(parent.lineageRoot);
            Dataset current = Dataset.findForTenant(parent.id, parent.tenant).orElseThrow();
            if (current.erased()) {
                staged.discard();
                throw gone(current);
            }
            blobs.commit(staged);
            Dataset d = newVersion(parent.name, staged, table, parent.tenant, by);
            d.parentId = parent.id;
            d.lineageRoot = parent.lineageRoot;
            d.version = 1 + Dataset.lineage(parent.lineageRoot, parent.tenant).stream().mapToInt(v -> v.version)
                    .max().orElse(0);
            d.transform = transform;
            d.retentionDays = current.retentionDays;
            d.retainUntil = current.retainUntil;
            d.persist();
            DatasetAudit.record(d, "transformed", by, details("parent", parent.id.toString(), "sha256", d.sha256,
                    "rows", d.rowCount));
            return d;
        });
    }

    private Dataset newVersion(String name, BlobStore.Staged staged, DataTable table, String tenant, String by) {
        Dataset d = new Dataset();
        d.id = UUID.randomUUID();
        d.tenant = tenant;
        d.name = name;
        d.sha256 = staged.sha256();
        d.sizeBytes = staged.size();
        d.rowCount = table.rows();
        d.columns = table.header();
        d.schema = SchemaInference.infer(table);
        d.version = 1;
        d.createdBy = by;
        d.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        return d;
    }

    /** A live dataset of the tenant: 404 if there is none, 410 if it was erased. */
    public Dataset live(String id, String tenant) {
        Dataset d = find(id, tenant);
        if (d.erased()) {
            throw gone(d);
        }
        return d;
    }

    /** A dataset of the tenant, erased or not; 404 if there is none. */
    public Dataset find(String id, String tenant) {
        return Ids.parse(id).flatMap(uuid -> Dataset.findForTenant(uuid, tenant))
                .orElseThrow(() -> ProblemException.notFound("dataset", id));
    }

    /** Where a version's CSV is; 410 once it was erased. */
    public Path content(Dataset d) {
        if (d.erased()) {
            throw gone(d);
        }
        return blobs.path(d.sha256);
    }

    public DataTable readTable(Dataset d) {
        return DataTable.readCsv(content(d));
    }

    /** The old row-oriented view the training pipeline reads. */
    public io.custos.ml.data.Table read(Dataset d) {
        return io.custos.ml.data.Table.readCsv(content(d));
    }

    /** Sets the retention of every version of a dataset, counted from the first upload. */
    public List<Dataset> setRetention(String id, Integer days, String tenant, String by) {
        checkRetention(days);
        return QuarkusTransaction.requiringNew().call(() -> {
            Dataset d = live(id, tenant);
            lockLineage(d.lineageRoot);
            List<Dataset> versions = Dataset.lineage(d.lineageRoot, tenant);
            OffsetDateTime start = versions.get(0).createdAt;
            for (Dataset v : versions) {
                v.retentionDays = days;
                v.retainUntil = days == null ? null : start.plusDays(days);
            }
            DatasetAudit.record(versions.get(0), "retention-set", by, details("days", days));
            return versions;
        });
    }

    /** What an erasure did or, on a dry run, would do. */
    public record ErasurePlan(boolean dryRun, String reason, List<ErasedVersion> versions, List<String> blobsDeleted,
            List<String> blobsKeptInUse, long cachedReportsDeleted, List<String> trainingJobs, String note) {
    }

    public record ErasedVersion(String id, int version, String sha256, boolean alreadyErased) {
    }

    /**
     * Erases a version and every version derived from it (they hold the same people): content
     * deleted unless another live dataset has the same bytes, rows kept as tombstones. Ledger
     * entries stay: they are the account of what was spent, and hold no personal data.
     */
    public ErasurePlan erase(String id, String reason, boolean dryRun, String tenant, String by) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw ProblemException.badRequest("reason", "required: why the data is erased (1-500 characters)");
        }
        ErasurePlan plan = QuarkusTransaction.requiringNew().call(() -> {
            Dataset start = find(id, tenant);
            lockLineage(start.lineageRoot);
            List<Dataset> affected = descendants(start);
            List<String> shas = affected.stream().map(v -> v.sha256).distinct().toList();
            for (String sha : shas) {
                lockContent(sha);
            }
            List<ErasedVersion> versions = affected.stream()
                    .map(v -> new ErasedVersion(v.id.toString(), v.version, v.sha256, v.erased())).toList();
            List<String> ids = affected.stream().map(v -> v.id.toString()).toList();
            @SuppressWarnings("unchecked")
            List<String> jobs = em.createNativeQuery(
                    "SELECT id::text FROM privacy.training_jobs WHERE tenant = ?1 AND dataset_id IN (?2) ORDER BY created_at")
                    .setParameter(1, tenant).setParameter(2, ids).getResultList();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            if (!dryRun) {
                for (Dataset v : affected) {
                    if (!v.erased()) {
                        v.erasedAt = now;
                        v.erasedBy = by;
                        v.erasureReason = reason;
                        DatasetAudit.record(v, "erased", by, details("reason", reason, "requestedFor", id));
                    }
                }
            }
            List<String> deleted = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            for (String sha : shas) {
                (liveOutside(sha, ids) ? kept : deleted).add(sha);
            }
            long reports = deleted.isEmpty() ? 0 : ((Number) em.createNativeQuery(
                    "SELECT count(*) FROM privacy.risk_reports WHERE sha256 IN (?1)").setParameter(1, deleted)
                    .getSingleResult()).longValue();
            if (!dryRun && !deleted.isEmpty()) {
                em.createNativeQuery("DELETE FROM privacy.risk_reports WHERE sha256 IN (?1)").setParameter(1, deleted)
                        .executeUpdate();
            }
            String note = jobs.isEmpty() ? "no model was trained on these versions"
                    : "models trained on these versions are not erased by this request; review the listed training"
                            + " jobs (their ledger entries remain, as the account of privacy spent)";
            return new ErasurePlan(dryRun, reason, versions, deleted, kept, reports, jobs, note);
        });
        if (!dryRun) {
            // Files go after the tombstones commit; a crash in between leaves files the sweep removes.
            for (String sha : plan.blobsDeleted()) {
                deleteIfUnused(sha);
            }
        }
        return plan;
    }

    /**
     * Erases every dataset whose retention has ended and removes content left by interrupted
     * erasures; returns how many versions it erased.
     */
    public int sweepRetention(OffsetDateTime now) {
        List<Dataset> expired = QuarkusTransaction.requiringNew().call(() -> Dataset.expired(now));
        int erased = 0;
        for (Dataset d : expired) {
            try {
                // Erasing a version also erases its descendants, which may come later in this list.
                erased += (int) erase(d.id.toString(), "retention period of " + d.retentionDays + " days ended",
                        false, d.tenant, "retention-sweep").versions().stream().filter(v -> !v.alreadyErased()).count();
            } catch (ProblemException e) {
                LOG.warnf("retention sweep: dataset %s: %s", d.id, e.getMessage());
            }
        }
        @SuppressWarnings("unchecked")
        List<String> erasedContent = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT DISTINCT sha256 FROM privacy.datasets d WHERE erased_at IS NOT NULL AND NOT EXISTS "
                        + "(SELECT 1 FROM privacy.datasets l WHERE l.sha256 = d.sha256 AND l.erased_at IS NULL)")
                .getResultList());
        for (String sha : erasedContent) {
            if (blobs.exists(sha)) {
                deleteIfUnused(sha);
            }
        }
        return erased;
    }

    private void deleteIfUnused(String sha) {
        QuarkusTransaction.requiringNew().run(() -> {
            lockContent(sha);
            if (!Dataset.contentInUse(sha)) {
                blobs.delete(sha);
            }
        });
    }

    /** Whether a live dataset outside {@code ids} holds this content. */
    private static boolean liveOutside(String sha, List<String> ids) {
        return Dataset.<Dataset>list("sha256 = ?1 and erasedAt is null", sha).stream()
                .anyMatch(d -> !ids.contains(d.id.toString()));
    }

    /** {@code start} and every version derived from it, breadth first. */
    private static List<Dataset> descendants(Dataset start) {
        List<Dataset> family = Dataset.lineage(start.lineageRoot, start.tenant);
        List<Dataset> out = new ArrayList<>();
        Deque<UUID> queue = new ArrayDeque<>(List.of(start.id));
        while (!queue.isEmpty()) {
            UUID next = queue.poll();
            for (Dataset v : family) {
                if (v.id.equals(next)) {
                    out.add(v);
                }
                if (next.equals(v.parentId)) {
                    queue.add(v.id);
                }
            }
        }
        return out;
    }

    private void lockContent(String sha) {
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('blob:' || ?1))) l").setParameter(1, sha)
                .getSingleResult();
    }

    private void lockLineage(UUID root) {
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('lineage:' || ?1))) l").setParameter(1,
                root.toString()).getSingleResult();
    }

    private static ProblemException gone(Dataset d) {
        return new ProblemException(410, "Gone", "dataset " + d.id + " was erased at " + d.erasedAt + " ("
                + d.erasureReason + ")");
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._ -]{1,128}")) {
            throw ProblemException.badRequest("name", NAME_RULE);
        }
    }

    private static void checkRetention(Integer days) {
        if (days != null && (days < 1 || days > 36500)) {
            throw ProblemException.badRequest("retentionDays", "must be between 1 and 36500 days, or absent to keep"
                    + " the dataset until it is erased");
        }
    }

    /** A details map that keeps its order and accepts null values. */
    static Map<String, Object> details(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
