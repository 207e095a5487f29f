package io.custos.governance.core.report;

import static io.custos.governance.core.report.MarkdownEscaper.MISSING;

import io.custos.governance.core.model.ModelVersionRecord;
import io.custos.governance.core.report.ReportInput.AuditEntry;
import io.custos.governance.core.report.ReportInput.ComplianceSummary;
import io.custos.governance.core.report.ReportInput.Finding;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The report's content as ready-to-print strings. All formatting decisions (dates in UTC, numbers
 * without locale, "—" for anything missing, sorting maps for stable output, truncating the
 * manifest) are made here in plain Java, so the template only decides layout and wording, and
 * every value it prints is a string the Markdown escaper can make inert.
 */
record ReportView(
        Header header,
        Status status,
        Identity identity,
        Lifecycle lifecycle,
        Privacy privacy,
        Evidence evidence,
        Lineage lineage,
        Risk risk,
        Artifacts artifacts,
        Compliance compliance,
        List<Audit> audit,
        Completeness completeness) {

    /** How many manifest rows the report prints before summarising the rest as a count. */
    static final int MANIFEST_ROW_LIMIT = 50;

    /** How many hex characters of an audit hash the report prints: enough to match it by eye. */
    static final int AUDIT_HASH_PREFIX = 16;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final List<String> SEVERITY_ORDER = List.of("critical", "high", "medium", "low", "info");

    record Header(String modelName, String version, String tenant, String recordId, String generatedAt,
            String generatedBy) {
    }

    /** The badge-like overall status: a label and the counts behind it. */
    record Status(String label, String summary) {
    }

    record Identity(String modelName, String description, String businessPurpose, String owner, String source,
            String trackingUri) {
    }

    record Lifecycle(String version, String stage, String aliases, String createdAt, String lastUpdatedAt,
            String deploymentStatus, String sourceRunId, String sourceArtifactUri) {
    }

    /** {@code differentiallyPrivate} is false when the record carries no DP guarantee at all. */
    record Privacy(boolean differentiallyPrivate, String epsilon, String delta, String accountant,
            String personalData) {
    }

    record Entry(String name, String value) {
    }

    record Evidence(String trainingStatus, String trainingStartedAt, String trainingEndedAt, List<Entry> metrics,
            List<Entry> hyperparameters, List<Entry> evaluationTags) {
    }

    record Lineage(String experiment, String codeCommit, String trainingEntrypoint, String datasetReference,
            String datasetSha256, String artifactUri, String trainingJobId, String federationId) {
    }

    record Risk(String riskCategory, String regulatoryScope, String dataSensitivity, String personalData,
            String privacyAssessmentStatus, String complianceApprover, String securityAssessmentVersion) {
    }

    record Digests(String bundle, String onnx, String sbom, String provenance, String model) {
    }

    /** {@code hashed} tells the template whether to print the digest or why there is none. */
    record ManifestRow(String path, String size, boolean hashed, String sha256, String notHashedReason) {
    }

    /** {@code manifestHidden} manifest rows beyond {@link #MANIFEST_ROW_LIMIT} are only counted. */
    record Artifacts(String bundleId, String signingKeyId, Digests digests, List<String> runtimeEnvironmentFiles,
            List<ManifestRow> manifest, int manifestTotal, int manifestHidden, List<String> evidenceFiles) {
    }

    record Gap(String severity, String ruleId, String title, String message, String references,
            String remediation) {
    }

    record Outcome(String ruleId, String title, String severity, String outcome, String references) {
    }

    /** {@code evaluated} is false when no compliance result was supplied at all. */
    record Compliance(boolean evaluated, List<Gap> gaps, List<Outcome> outcomes) {
    }

    record Audit(String sequence, String at, String actor, String action, String detail, String hashPrefix) {
    }

    record Completeness(boolean known, boolean complete, String reason) {
    }

    static ReportView of(ReportInput input) {
        ModelVersionRecord r = input.record() != null ? input.record()
                : new ModelVersionRecord(null, null, null, null, null, null, null, null);
        var id = r.identity() != null ? r.identity()
                : new ModelVersionRecord.Identity(null, null, null, null);
        var lc = r.lifecycle() != null ? r.lifecycle()
                : new ModelVersionRecord.Lifecycle(null, null, null, null, null, null, null, null);
        return new ReportView(
                new Header(text(id.modelName()), text(lc.version()), text(input.tenant()), text(input.recordId()),
                        time(input.generatedAt()), text(input.generatedBy())),
                status(input.compliance()),
                identity(id, r.source()),
                new Lifecycle(text(lc.version()), text(lc.stage()), join(lc.aliases()), time(lc.createdAt()),
                        time(lc.lastUpdatedAt()), text(lc.deploymentStatus()), text(lc.sourceRunId()),
                        text(lc.sourceArtifactUri())),
                privacy(r.risk()),
                evidence(r.evidence()),
                lineage(r.lineage()),
                risk(r.risk()),
                artifacts(r.artifacts()),
                compliance(input.compliance()),
                input.auditExcerpt().stream().map(ReportView::audit).toList(),
                completeness(r.completeness()));
    }

    private static Status status(ComplianceSummary compliance) {
        if (compliance == null) {
            return new Status("NOT EVALUATED", "no compliance evaluation was supplied for this version");
        }
        String label = switch (Objects.requireNonNullElse(compliance.status(), "").toLowerCase(Locale.ROOT)) {
            case "compliant" -> "COMPLIANT";
            case "gaps" -> "GAPS FOUND";
            case "non_compliant" -> "NON-COMPLIANT";
            case "" -> "UNKNOWN";
            default -> compliance.status().toUpperCase(Locale.ROOT);
        };
        List<Finding> findings = compliance.findings();
        long failed = findings.stream().filter(Finding::failed).count();
        long passed = findings.stream().filter(f -> "PASSED".equalsIgnoreCase(f.outcome())).count();
        long other = findings.size() - failed - passed;
        String summary = String.format(Locale.ROOT, "%d of %d rules failed, %d passed, %d not applicable",
                failed, findings.size(), passed, other);
        return new Status(label, summary);
    }

    private static Identity identity(ModelVersionRecord.Identity id, ModelVersionRecord.Source source) {
        String sourceText = MISSING;
        String trackingUri = MISSING;
        if (source != null) {
            String name = present(source.sourceName()) && present(source.sourceId())
                    ? source.sourceName() + " (" + source.sourceId() + ")"
                    : firstPresent(source.sourceName(), source.sourceId());
            sourceText = present(source.kind()) && name != null ? source.kind() + ": " + name
                    : text(firstPresent(source.kind(), name));
            trackingUri = text(source.trackingUri());
        }
        return new Identity(text(id.modelName()), text(id.description()), text(id.businessPurpose()),
                text(id.owner()), sourceText, trackingUri);
    }

    private static Privacy privacy(ModelVersionRecord.RiskCompliance risk) {
        ModelVersionRecord.Privacy p = risk == null ? null : risk.privacy();
        String personalData = yesNo(risk == null ? null : risk.personalData());
        if (p == null) {
            return new Privacy(false, MISSING, MISSING, MISSING, personalData);
        }
        return new Privacy(true, number(p.epsilon()), number(p.delta()), text(p.accountant()), personalData);
    }

    private static Evidence evidence(ModelVersionRecord.Evidence e) {
        if (e == null) {
            return new Evidence(MISSING, MISSING, MISSING, List.of(), List.of(), List.of());
        }
        return new Evidence(text(e.trainingStatus()), time(e.trainingStartedAt()), time(e.trainingEndedAt()),
                entries(e.metrics(), ReportView::number), entries(e.hyperparameters(), ReportView::text),
                entries(e.evaluationTags(), ReportView::text));
    }

    private static Lineage lineage(ModelVersionRecord.Lineage l) {
        if (l == null) {
            return new Lineage(MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING);
        }
        String experiment = present(l.experimentName()) && present(l.experimentId())
                ? l.experimentName() + " (" + l.experimentId() + ")"
                : text(firstPresent(l.experimentName(), l.experimentId()));
        return new Lineage(experiment, text(l.codeCommit()), text(l.trainingEntrypoint()),
                text(l.datasetReference()), text(l.datasetSha256()), text(l.artifactUri()),
                text(l.trainingJobId()), text(l.federationId()));
    }

    private static Risk risk(ModelVersionRecord.RiskCompliance r) {
        if (r == null) {
            return new Risk(MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING);
        }
        return new Risk(text(r.riskCategory()), text(r.regulatoryScope()), text(r.dataSensitivity()),
                yesNo(r.personalData()), text(r.privacyAssessmentStatus()), text(r.complianceApprover()),
                text(r.securityAssessmentVersion()));
    }

    private static Artifacts artifacts(ModelVersionRecord.Artifacts a) {
        if (a == null) {
            return new Artifacts(MISSING, MISSING, new Digests(MISSING, MISSING, MISSING, MISSING, MISSING),
                    List.of(), List.of(), 0, 0, List.of());
        }
        ModelVersionRecord.Digests d = a.digests();
        Digests digests = d == null ? new Digests(MISSING, MISSING, MISSING, MISSING, MISSING)
                : new Digests(text(d.bundle()), text(d.onnx()), text(d.sbom()), text(d.provenance()),
                        text(d.model()));
        List<String> environmentFiles = a.runtimeEnvironment() == null ? List.of()
                : sortedWithoutNullKeys(a.runtimeEnvironment()).keySet().stream()
                        .map(ReportView::text).toList();
        List<ModelVersionRecord.ArtifactFile> files = a.manifest() == null ? List.of()
                : a.manifest().stream().filter(Objects::nonNull).toList();
        List<ManifestRow> shown = files.stream().limit(MANIFEST_ROW_LIMIT).map(ReportView::manifestRow).toList();
        List<String> evidenceFiles = a.evidenceFiles() == null ? List.of()
                : a.evidenceFiles().stream().filter(Objects::nonNull).map(ReportView::text).toList();
        return new Artifacts(text(a.bundleId()), text(a.signingKeyId()), digests, environmentFiles, shown,
                files.size(), files.size() - shown.size(), evidenceFiles);
    }

    private static ManifestRow manifestRow(ModelVersionRecord.ArtifactFile f) {
        boolean hashed = present(f.sha256());
        return new ManifestRow(text(f.path()), size(f.size()), hashed, text(f.sha256()),
                hashed ? MISSING : text(f.notHashedReason()));
    }

    private static Compliance compliance(ComplianceSummary compliance) {
        if (compliance == null) {
            return new Compliance(false, List.of(), List.of());
        }
        List<Gap> gaps = compliance.findings().stream()
                .filter(Finding::failed)
                .sorted(Comparator.comparingInt((Finding f) -> severityRank(f.severity()))
                        .thenComparing(f -> Objects.requireNonNullElse(f.ruleId(), "")))
                .map(f -> new Gap(severity(f.severity()), text(f.ruleId()), text(f.title()), text(f.message()),
                        join(f.references()), text(f.remediation())))
                .toList();
        List<Outcome> outcomes = compliance.findings().stream()
                .map(f -> new Outcome(text(f.ruleId()), text(f.title()), severity(f.severity()),
                        present(f.outcome()) ? f.outcome().toUpperCase(Locale.ROOT).replace('_', ' ') : MISSING,
                        join(f.references())))
                .toList();
        return new Compliance(true, gaps, outcomes);
    }

    private static Audit audit(AuditEntry e) {
        String hash = e.hash();
        String prefix = !present(hash) ? MISSING
                : hash.length() > AUDIT_HASH_PREFIX ? hash.substring(0, AUDIT_HASH_PREFIX) : hash;
        return new Audit(Long.toString(e.sequence()), time(e.at()), text(e.actor()), text(e.action()),
                text(e.detail()), prefix);
    }

    private static Completeness completeness(ModelVersionRecord.Completeness c) {
        if (c == null) {
            return new Completeness(false, false, MISSING);
        }
        return new Completeness(true, c.complete(), text(c.reason()));
    }

    // ---- formatting: one place decides how each kind of value reads ----

    static String text(String value) {
        return present(value) ? value : MISSING;
    }

    static String time(Instant instant) {
        return instant == null ? MISSING : TIME.format(instant);
    }

    /** Plain decimal for everyday magnitudes (0.00001 rather than 1.0E-5), scientific beyond. */
    static String number(Double value) {
        if (value == null) {
            return MISSING;
        }
        if (value.isNaN() || value.isInfinite()) {
            return value.toString();
        }
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        boolean everyday = decimal.scale() <= 8 && decimal.precision() - decimal.scale() <= 15;
        return everyday ? decimal.toPlainString() : decimal.toString();
    }

    static String size(Long bytes) {
        if (bytes == null) {
            return MISSING;
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double scaled = bytes;
        int unit = -1;
        while (scaled >= 1024 && unit < units.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%d B)", scaled, units[unit], bytes);
    }

    private static String yesNo(Boolean value) {
        return value == null ? MISSING : value ? "yes" : "no";
    }

    private static String severity(String severity) {
        return present(severity) ? severity.toUpperCase(Locale.ROOT) : MISSING;
    }

    private static int severityRank(String severity) {
        int rank = severity == null ? -1 : SEVERITY_ORDER.indexOf(severity.toLowerCase(Locale.ROOT));
        return rank < 0 ? SEVERITY_ORDER.size() : rank;
    }

    private static String join(Collection<String> values) {
        if (values == null) {
            return MISSING;
        }
        String joined = values.stream().filter(ReportView::present).collect(Collectors.joining("; "));
        return joined.isEmpty() ? MISSING : joined;
    }

    private static <V> List<Entry> entries(Map<String, V> map, Function<V, String> format) {
        if (map == null) {
            return List.of();
        }
        return sortedWithoutNullKeys(map).entrySet().stream()
                .map(e -> new Entry(text(e.getKey()), format.apply(e.getValue())))
                .toList();
    }

    /** Input maps are often hash maps; sorting them keeps the report identical from run to run. */
    private static <V> Map<String, V> sortedWithoutNullKeys(Map<String, V> map) {
        Map<String, V> copy = new TreeMap<>();
        map.forEach((k, v) -> {
            if (k != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String firstPresent(String first, String second) {
        return present(first) ? first : present(second) ? second : null;
    }
}
