package io.custos.governance.core.mlflow;

import io.custos.governance.core.model.ModelVersionRecord;
import io.custos.governance.core.model.ModelVersionRecord.ArtifactFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns what MLflow says about one model version into the canonical {@link ModelVersionRecord},
 * following the mapping tables of the governance design. Pure: no I/O, the same snapshot always
 * gives the same record. Missing MLflow data becomes null fields (compliance gaps), never an error.
 *
 * <h2>Governance tags</h2>
 * Business purpose, owner, risk category, regulatory scope, data sensitivity, privacy assessment,
 * compliance approver, security assessment, dataset reference and personal data are read from tags,
 * the most specific object first: <b>model version tags, then run tags, then registered model tags,
 * then experiment tags</b>. Tag names are matched ignoring case and punctuation ({@code risk_category},
 * {@code risk-category} and {@code riskCategory} are the same), and a few common synonyms are
 * accepted (see the constants below). Blank values count as absent. The owner falls back to the
 * run's {@code user_id}.
 *
 * <h2>Personal data</h2>
 * Tag {@code personal_data}: true/yes/y/1 or false/no/n/0. Without it, a data sensitivity of
 * {@code pii}, {@code personal}, {@code phi} or {@code special_category} means true (personal data
 * by definition); otherwise it stays unknown (null), never false by guess.
 *
 * <h2>Evaluation tags</h2>
 * Model version and run tags (version wins) whose name starts with {@code eval.}, {@code eval_},
 * {@code evaluation.}, {@code evaluation_}, {@code validation.} or {@code validation_}, e.g. the
 * registry's {@code validation_status}.
 *
 * <h2>Evidence files</h2>
 * Artifact files ending in {@code .pdf}, {@code .html}, {@code .htm}, {@code .md} or {@code .json}
 * that are either inside a folder named {@code evaluation(s)}, {@code eval}, {@code report(s)}, or
 * whose file name contains {@code report} or {@code eval} (mlflow.evaluate's
 * {@code eval_results_table.json}, for instance).
 *
 * <h2>Lifecycle</h2>
 * Stage {@code Production}/{@code Staging}/{@code Archived}/{@code None} (any case) becomes
 * PRODUCTION/STAGING/ARCHIVED/NONE; anything else is NONE. Deployment status mirrors it: DEPLOYED,
 * STAGED, RETIRED, NOT_DEPLOYED, except that a version whose registration is not READY is
 * PENDING_REGISTRATION or FAILED_REGISTRATION. Aliases are those of the registered model pointing
 * at this version, plus any the version itself carries, sorted.
 */
public final class MlflowNormalizer {

    public static final String SOURCE_KIND = "mlflow";

    static final List<String> BUSINESS_PURPOSE = List.of("business_purpose", "purpose", "use_case");
    static final List<String> OWNER = List.of("owner", "model_owner");
    static final List<String> RISK_CATEGORY = List.of("risk_category", "risk_tier", "risk_level");
    static final List<String> REGULATORY_SCOPE = List.of("regulatory_scope", "regulation", "regulations");
    static final List<String> DATA_SENSITIVITY = List.of("data_sensitivity", "data_classification");
    static final List<String> PRIVACY_ASSESSMENT = List.of("privacy_assessment_status", "privacy_assessment",
            "dpia_status", "pia_status");
    static final List<String> COMPLIANCE_APPROVER = List.of("compliance_approver", "approver", "approved_by");
    static final List<String> SECURITY_ASSESSMENT = List.of("security_assessment_version", "security_assessment",
            "threat_model_version", "threat_model");
    static final List<String> DATASET_REFERENCE = List.of("dataset_reference", "dataset_version", "dataset",
            "training_dataset");
    static final List<String> DATASET_SHA256 = List.of("dataset_sha256");
    static final List<String> PERSONAL_DATA = List.of("personal_data", "contains_personal_data");

    /** MLflow's own run tags for code lineage. */
    static final String TAG_GIT_COMMIT = "mlflow.source.git.commit";
    static final String TAG_SOURCE_NAME = "mlflow.source.name";
    static final String TAG_PROJECT_ENTRY_POINT = "mlflow.project.entryPoint";

    private static final Set<String> PERSONAL_SENSITIVITIES = Set.of("pii", "personal", "personaldata", "phi",
            "specialcategory");
    private static final List<String> EVALUATION_PREFIXES = List.of("eval.", "eval_", "evaluation.", "evaluation_",
            "validation.", "validation_");
    private static final Set<String> EVIDENCE_EXTENSIONS = Set.of("pdf", "html", "htm", "md", "json");
    private static final Set<String> EVIDENCE_FOLDERS = Set.of("evaluation", "evaluations", "eval", "report",
            "reports");

    private final ModelVersionRecord.Source source;

    public MlflowNormalizer(ModelVersionRecord.Source source) {
        this.source = source;
    }

    /** A normalizer stamping records with the source the config describes. */
    public static MlflowNormalizer forSource(MlflowSourceConfig config) {
        return new MlflowNormalizer(new ModelVersionRecord.Source(SOURCE_KIND, config.sourceId(), config.sourceName(),
                config.trackingUri().toString()));
    }

    public ModelVersionRecord normalize(MlflowVersionSnapshot s) {
        MlflowRun run = s.run();
        MlflowExperiment experiment = s.experiment();
        Tags tags = new Tags(s.version().tags(), run == null ? null : run.tags(), s.model().tags(),
                experiment == null ? null : experiment.tags());

        String owner = tags.first(OWNER);
        if (owner == null && run != null && !isBlank(run.userId())) {
            owner = run.userId();
        }
        var identity = new ModelVersionRecord.Identity(s.model().name(), s.model().description(),
                tags.first(BUSINESS_PURPOSE), owner);

        var evidence = new ModelVersionRecord.Evidence(
                run == null ? null : run.status(),
                run == null ? null : run.startTime(),
                run == null ? null : run.endTime(),
                run == null ? null : finiteMetrics(run.metrics()),
                run == null ? null : new TreeMap<>(run.params()),
                evaluationTags(s.version().tags(), run == null ? Map.of() : run.tags()));

        String datasetSha = tags.first(DATASET_SHA256);
        var lineage = new ModelVersionRecord.Lineage(
                run != null ? run.experimentId() : experiment == null ? null : experiment.experimentId(),
                experiment == null ? null : experiment.name(),
                runTag(run, TAG_GIT_COMMIT),
                entrypoint(run),
                datasetReference(tags, run),
                datasetSha != null && datasetSha.matches("[0-9a-fA-F]{64}") ? datasetSha.toLowerCase(Locale.ROOT) : null,
                run == null ? null : run.artifactUri(),
                null,
                null);

        String sensitivity = tags.first(DATA_SENSITIVITY);
        var risk = new ModelVersionRecord.RiskCompliance(
                tags.first(RISK_CATEGORY),
                tags.first(REGULATORY_SCOPE),
                sensitivity,
                personalData(tags.first(PERSONAL_DATA), sensitivity),
                tags.first(PRIVACY_ASSESSMENT),
                tags.first(COMPLIANCE_APPROVER),
                tags.first(SECURITY_ASSESSMENT),
                null);

        MlflowArtifactScan scan = s.artifacts();
        var artifacts = new ModelVersionRecord.Artifacts(
                scan == null ? null : scan.environmentFiles(),
                scan == null ? null : scan.manifest(),
                scan == null ? null : evidenceFiles(scan.manifest()),
                null, null, null);

        List<String> problems = new ArrayList<>(s.problems());
        if (scan != null && scan.problem() != null) {
            problems.add(scan.problem());
        }
        var completeness = problems.isEmpty()
                ? ModelVersionRecord.Completeness.COMPLETE
                : new ModelVersionRecord.Completeness(false, String.join("; ", problems));

        return new ModelVersionRecord(source, identity, lifecycle(s.model(), s.version()), evidence, lineage, risk,
                artifacts, completeness);
    }

    /** Group 2 of the record, also reported for versions a sync does not re-deliver. */
    public static ModelVersionRecord.Lifecycle lifecycle(MlflowRegisteredModel model, MlflowModelVersion version) {
        String stage = normalizeStage(version.currentStage());
        TreeSet<String> aliases = new TreeSet<>(model.aliasesOf(version.version()));
        aliases.addAll(version.aliases());
        return new ModelVersionRecord.Lifecycle(version.version(), stage, List.copyOf(aliases), version.createdAt(),
                version.lastUpdatedAt(), deploymentStatus(stage, version.status()), version.runId(), version.source());
    }

    /** MLflow stage to NONE, STAGING, PRODUCTION or ARCHIVED. */
    public static String normalizeStage(String mlflowStage) {
        if (mlflowStage == null) {
            return "NONE";
        }
        switch (mlflowStage.trim().toLowerCase(Locale.ROOT)) {
            case "production":
                return "PRODUCTION";
            case "staging":
                return "STAGING";
            case "archived":
                return "ARCHIVED";
            default:
                return "NONE";
        }
    }

    /** Mirrors the normalized stage, unless the version never finished registering. */
    public static String deploymentStatus(String normalizedStage, String registrationStatus) {
        if (registrationStatus != null && !registrationStatus.isBlank()
                && !registrationStatus.equalsIgnoreCase("READY")) {
            return registrationStatus.equalsIgnoreCase("FAILED_REGISTRATION") ? "FAILED_REGISTRATION"
                    : "PENDING_REGISTRATION";
        }
        switch (normalizedStage) {
            case "PRODUCTION":
                return "DEPLOYED";
            case "STAGING":
                return "STAGED";
            case "ARCHIVED":
                return "RETIRED";
            default:
                return "NOT_DEPLOYED";
        }
    }

    public static boolean isEvaluationTag(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return EVALUATION_PREFIXES.stream().anyMatch(k::startsWith);
    }

    public static boolean isEvidenceFile(String path) {
        String name = MlflowArtifactScanner.baseName(path).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot < 0 || !EVIDENCE_EXTENSIONS.contains(name.substring(dot + 1))) {
            return false;
        }
        if (name.contains("report") || name.contains("eval")) {
            return true;
        }
        String[] segments = path.toLowerCase(Locale.ROOT).split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            if (EVIDENCE_FOLDERS.contains(segments[i])) {
                return true;
            }
        }
        return false;
    }

    private static List<String> evidenceFiles(List<ArtifactFile> manifest) {
        return manifest.stream().map(ArtifactFile::path).filter(MlflowNormalizer::isEvidenceFile).sorted().toList();
    }

    private static Map<String, String> evaluationTags(Map<String, String> versionTags, Map<String, String> runTags) {
        Map<String, String> result = new TreeMap<>();
        runTags.forEach((k, v) -> {
            if (isEvaluationTag(k)) {
                result.put(k, v);
            }
        });
        versionTags.forEach((k, v) -> {
            if (isEvaluationTag(k)) {
                result.put(k, v);
            }
        });
        return result;
    }

    /** Metrics as JSON can carry them: NaN and infinities (which MLflow allows) are left out. */
    private static Map<String, Double> finiteMetrics(Map<String, Double> metrics) {
        Map<String, Double> result = new TreeMap<>();
        metrics.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                result.put(k, v);
            }
        });
        return result;
    }

    /** A tag first; else the run's logged training dataset input as {@code name@digest}. */
    private static String datasetReference(Tags tags, MlflowRun run) {
        String tagged = tags.first(DATASET_REFERENCE);
        if (tagged != null || run == null || run.datasetInputs().isEmpty()) {
            return tagged;
        }
        MlflowRun.DatasetInput chosen = run.datasetInputs().stream()
                .filter(d -> "training".equalsIgnoreCase(d.context()))
                .findFirst()
                .orElse(run.datasetInputs().get(0));
        if (isBlank(chosen.name())) {
            return null;
        }
        return isBlank(chosen.digest()) ? chosen.name() : chosen.name() + "@" + chosen.digest();
    }

    private static Boolean personalData(String tag, String sensitivity) {
        if (tag != null) {
            switch (tag.trim().toLowerCase(Locale.ROOT)) {
                case "true": case "yes": case "y": case "1":
                    return Boolean.TRUE;
                case "false": case "no": case "n": case "0":
                    return Boolean.FALSE;
                default:
                    break;
            }
        }
        if (sensitivity != null && PERSONAL_SENSITIVITIES.contains(normalizeKey(sensitivity))) {
            return Boolean.TRUE;
        }
        return null;
    }

    /** The script MLflow recorded, else the MLflow Project entry point. */
    private static String entrypoint(MlflowRun run) {
        String script = runTag(run, TAG_SOURCE_NAME);
        return script != null ? script : runTag(run, TAG_PROJECT_ENTRY_POINT);
    }

    private static String runTag(MlflowRun run, String key) {
        if (run == null) {
            return null;
        }
        String value = run.tags().get(key);
        return isBlank(value) ? null : value.trim();
    }

    static String normalizeKey(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (char c : key.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Tag layers, most specific first, each indexed by normalized name. */
    private static final class Tags {
        private final List<Map<String, String>> layers = new ArrayList<>();

        @SafeVarargs
        Tags(Map<String, String>... maps) {
            for (Map<String, String> map : maps) {
                if (map == null) {
                    continue;
                }
                Map<String, String> index = new LinkedHashMap<>();
                new TreeMap<>(map).forEach((k, v) -> {
                    if (!isBlank(v)) {
                        index.putIfAbsent(normalizeKey(k), v.trim());
                    }
                });
                layers.add(index);
            }
        }

        String first(List<String> names) {
            for (Map<String, String> layer : layers) {
                for (String name : names) {
                    String value = layer.get(normalizeKey(name));
                    if (value != null) {
                        return value;
                    }
                }
            }
            return null;
        }
    }
}
