package io.custos.governance.core.mlflow;

import io.custos.governance.core.model.ModelVersionRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sync cycle against one MLflow source: list the registered models and their versions, and for
 * each new or changed version fetch its run, experiment and artifacts, normalize, and hand the
 * record to the listener. Keeps no state between syncs (the caller stores the high-water mark) and
 * writes nothing anywhere: persistence and the audit trail are the caller's.
 *
 * <p>Failure policy, from the design: if the models cannot be listed at all (bad credentials, server
 * down, nonsense answer) the sync ends with an error result and nothing delivered; if one version's
 * run, experiment or artifacts cannot be fetched, its record is still delivered, marked incomplete
 * with the reasons; if one model's versions cannot be listed, the other models are synced and the
 * result carries an error (and does not advance the high-water mark).
 *
 * <p>Incremental: with {@code since}, only versions whose {@code last_updated_timestamp}, or whose
 * registered model's, is strictly after it are fetched and delivered, but the stage and aliases of
 * every version are still reported through {@link SyncListener#state}.
 */
public final class MlflowSync {

    private final Clock clock;

    public MlflowSync() {
        this(Clock.systemUTC());
    }

    public MlflowSync(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param since null for a full sync, else the high-water mark of the previous successful sync
     */
    public SyncResult sync(MlflowSourceConfig config, Instant since, SyncListener listener) {
        Instant startedAt = clock.instant();
        MlflowClient client = new MlflowClient(config);
        Run run = new Run(client, new MlflowArtifactScanner(client), MlflowNormalizer.forSource(config), since,
                listener);

        List<MlflowRegisteredModel> models;
        try {
            models = client.listRegisteredModels();
        } catch (MlflowException e) {
            return new SyncResult(0, 0, 0, 0, startedAt, clock.instant(), since,
                    "could not list registered models: " + e.getMessage());
        }

        List<String> failures = new ArrayList<>();
        for (MlflowRegisteredModel model : models) {
            if (Thread.currentThread().isInterrupted()) {
                failures.add("interrupted");
                break;
            }
            try {
                run.model(model);
            } catch (MlflowException e) {
                failures.add("could not list the versions of model '" + model.name() + "': " + e.getMessage());
            }
        }
        String error = null;
        if (!failures.isEmpty()) {
            error = failures.size() == 1 ? failures.get(0)
                    : failures.size() + " models could not be synced; first: " + failures.get(0);
        }
        return new SyncResult(run.modelsSeen, run.versionsSeen, run.delivered, run.incomplete, startedAt,
                clock.instant(), error == null ? run.highWaterMark : since, error);
    }

    /** The state of one sync call. */
    private static final class Run {
        private final MlflowClient client;
        private final MlflowArtifactScanner scanner;
        private final MlflowNormalizer normalizer;
        private final Instant since;
        private final SyncListener listener;
        /** Runs of one experiment share it: fetch it once per sync, failures included. */
        private final Map<String, Fetched<MlflowExperiment>> experiments = new HashMap<>();
        private int modelsSeen;
        private int versionsSeen;
        private int delivered;
        private int incomplete;
        private Instant highWaterMark;

        Run(MlflowClient client, MlflowArtifactScanner scanner, MlflowNormalizer normalizer, Instant since,
                SyncListener listener) {
            this.client = client;
            this.scanner = scanner;
            this.normalizer = normalizer;
            this.since = since;
            this.listener = listener;
            this.highWaterMark = since;
        }

        void model(MlflowRegisteredModel model) throws MlflowException {
            modelsSeen++;
            highWaterMark = later(highWaterMark, model.lastUpdatedAt());
            List<MlflowModelVersion> versions = versionsOf(model);
            boolean modelChanged = changedSince(model.lastUpdatedAt());
            for (MlflowModelVersion version : versions) {
                versionsSeen++;
                highWaterMark = later(highWaterMark, version.lastUpdatedAt());
                boolean deliver = modelChanged || changedSince(version.lastUpdatedAt());
                ModelVersionRecord.Lifecycle lifecycle = MlflowNormalizer.lifecycle(model, version);
                listener.state(new VersionState(model.name(), version.version(), lifecycle.stage(),
                        lifecycle.aliases(), version.lastUpdatedAt(), deliver));
                if (!deliver) {
                    continue;
                }
                ModelVersionRecord record = normalizer.normalize(snapshot(model, version));
                listener.version(record);
                delivered++;
                if (!record.completeness().complete()) {
                    incomplete++;
                }
            }
        }

        /** All versions of the model, once each, in version order (MLflow sends most recently updated first). */
        private List<MlflowModelVersion> versionsOf(MlflowRegisteredModel model) throws MlflowException {
            Map<String, MlflowModelVersion> byVersion = new LinkedHashMap<>();
            for (MlflowModelVersion v : client.listModelVersions(model.name())) {
                if (model.name().equals(v.name())) {
                    byVersion.putIfAbsent(v.version(), v);
                }
            }
            List<MlflowModelVersion> sorted = new ArrayList<>(byVersion.values());
            sorted.sort(Comparator.comparing((MlflowModelVersion v) -> numeric(v.version()))
                    .thenComparing(MlflowModelVersion::version));
            return sorted;
        }

        /** Fetches what can be fetched; what cannot becomes a reason, never an exception. */
        private MlflowVersionSnapshot snapshot(MlflowRegisteredModel model, MlflowModelVersion version) {
            List<String> problems = new ArrayList<>();
            MlflowRun run = null;
            MlflowExperiment experiment = null;
            MlflowArtifactScan artifacts = null;
            if (version.runId() == null || version.runId().isBlank()) {
                problems.add("the model version names no source run: run, experiment and artifacts unknown");
            } else {
                try {
                    run = client.getRun(version.runId());
                } catch (MlflowException e) {
                    problems.add("run not fetched: " + e.getMessage());
                    problems.add("experiment and artifacts not fetched: the run is unknown");
                }
            }
            if (run != null) {
                if (run.experimentId() == null || run.experimentId().isBlank()) {
                    problems.add("the run names no experiment");
                } else {
                    Fetched<MlflowExperiment> fetched = experiment(run.experimentId());
                    experiment = fetched.value();
                    if (fetched.problem() != null) {
                        problems.add("experiment not fetched: " + fetched.problem());
                    }
                }
                try {
                    artifacts = scanner.scan(run.runId());
                } catch (MlflowException e) {
                    problems.add("artifacts not listed: " + e.getMessage());
                }
            }
            return new MlflowVersionSnapshot(model, version, run, experiment, artifacts, problems);
        }

        private Fetched<MlflowExperiment> experiment(String experimentId) {
            Fetched<MlflowExperiment> cached = experiments.get(experimentId);
            if (cached == null) {
                try {
                    cached = new Fetched<>(client.getExperiment(experimentId), null);
                } catch (MlflowException e) {
                    cached = new Fetched<>(null, e.getMessage());
                }
                experiments.put(experimentId, cached);
            }
            return cached;
        }

        /** Unknown timestamps count as changed: a version is never skipped without proof. */
        private boolean changedSince(Instant lastUpdated) {
            return since == null || lastUpdated == null || lastUpdated.isAfter(since);
        }
    }

    private record Fetched<T>(T value, String problem) {
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isAfter(a) ? a : b;
    }

    private static long numeric(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
