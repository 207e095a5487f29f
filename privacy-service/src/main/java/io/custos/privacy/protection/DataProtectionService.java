package io.custos.privacy.protection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.data.DataException;
import io.custos.data.drift.DriftAnalyzer;
import io.custos.data.drift.DriftOptions;
import io.custos.data.drift.DriftReport;
import io.custos.data.quality.QualityAnalyzer;
import io.custos.data.quality.QualityReport;
import io.custos.data.quality.QualityRules;
import io.custos.data.risk.RiskAnalyzer;
import io.custos.data.risk.RiskOptions;
import io.custos.data.risk.RiskReport;
import io.custos.data.table.DataTable;
import io.custos.data.transform.StepOutcome;
import io.custos.data.transform.TransformContext;
import io.custos.data.transform.TransformResult;
import io.custos.data.transform.TransformStep;
import io.custos.data.transform.TransformSteps;
import io.custos.data.transform.Transformer;
import io.custos.privacy.config.PrivacyConfig;
import io.custos.privacy.dataset.Dataset;
import io.custos.privacy.dataset.DatasetService;
import io.custos.service.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Risk, quality, transforms and drift on registered datasets: the algorithms live in libs/data
 * (the CLI runs the same ones on local files); this class loads versions, caches risk reports
 * per content hash and registers transformed tables as new versions.
 */
@ApplicationScoped
public class DataProtectionService {

    @Inject
    DatasetService datasets;

    @Inject
    FpeKeys fpeKeys;

    @Inject
    PrivacyConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    /** A transform's outcome: the new version, what each step did, and the risk before and after. */
    public record TransformOutcome(Dataset version, List<StepOutcome> steps, RiskReport riskBefore,
            RiskReport riskAfter) {
    }

    /** The risk report of a version, computed once per content hash and options. */
    public RiskReport riskReport(Dataset d, RiskOptions options) {
        return riskReport(d, options, () -> datasets.readTable(d));
    }

    /** As above, reading the table only when the report is not cached. */
    private RiskReport riskReport(Dataset d, RiskOptions options, Supplier<DataTable> table) {
        String key = cacheKey(options);
        String cached = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> rows = em.createNativeQuery(
                    "SELECT report::text FROM privacy.risk_reports WHERE tenant = ?1 AND sha256 = ?2 AND options_key = ?3")
                    .setParameter(1, d.tenant).setParameter(2, d.sha256).setParameter(3, key).getResultList();
            return rows.isEmpty() ? null : rows.get(0);
        });
        if (cached != null) {
            try {
                return json.readValue(cached, RiskReport.class);
            } catch (JsonProcessingException e) {
                // a report from an older layout: compute it again below
            }
        }
        RiskReport report = analyze(table.get(), options);
        String body = write(report);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "INSERT INTO privacy.risk_reports (tenant, sha256, options_key, report) VALUES (?1, ?2, ?3, CAST(?4 AS jsonb))"
                        + " ON CONFLICT (tenant, sha256, options_key) DO UPDATE SET report = EXCLUDED.report,"
                        + " created_at = now()")
                .setParameter(1, d.tenant).setParameter(2, d.sha256).setParameter(3, key).setParameter(4, body)
                .executeUpdate());
        return report;
    }

    public QualityReport quality(Dataset d, QualityRules rules) {
        DataTable table = datasets.readTable(d);
        try {
            return QualityAnalyzer.analyze(table, rules == null ? QualityRules.none() : rules);
        } catch (DataException e) {
            throw ProblemException.badRequest(e.field(), e.getMessage());
        }
    }

    public DriftReport drift(Dataset baseline, Dataset current, DriftOptions options) {
        DataTable base = datasets.readTable(baseline);
        DataTable cur = datasets.readTable(current);
        try {
            return DriftAnalyzer.compare(base, cur, options == null ? DriftOptions.defaults() : options);
        } catch (DataException e) {
            throw ProblemException.badRequest(e.field(), e.getMessage());
        }
    }

    /**
     * Applies ordered steps to a version and registers the result as the next version. Every step
     * is checked against the table before any runs, so a bad step leaves nothing behind.
     */
    public TransformOutcome transform(Dataset d, JsonNode steps, RiskOptions riskOptions, String by) {
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw ProblemException.badRequest("steps", "required: a non-empty array of transform steps");
        }
        List<TransformStep> parsed;
        try {
            parsed = TransformSteps.parse(steps.toString());
        } catch (DataException e) {
            throw ProblemException.badRequest(e.field(), e.getMessage());
        }
        DataTable before = datasets.readTable(d);
        RiskReport riskBefore = riskReport(d, riskOptions, () -> before);
        TransformResult result;
        try {
            // The key is only looked up when a step needs it, so masking works without one.
            boolean needsKey = parsed.stream().anyMatch(s -> s instanceof TransformStep.RedactPii r
                    && r.mode() == TransformStep.RedactionMode.FORMAT_PRESERVING);
            result = Transformer.apply(before, parsed, new TransformContext(
                    needsKey ? fpeKeys.forTenant(d.tenant) : null, config.dataProtection().phoneRegion()));
        } catch (DataException e) {
            throw ProblemException.badRequest(e.field(), e.getMessage());
        }
        if (result.table().rows() == 0) {
            throw ProblemException.badRequest("steps", "the steps remove every row; nothing would be left to train on");
        }
        RiskReport riskAfter = analyze(result.table(), riskOptions.restrictedTo(result.table()));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("parent", d.id.toString());
        record.put("parentSha256", d.sha256);
        record.put("steps", json.convertValue(steps, Object.class));
        record.put("outcomes", json.convertValue(result.steps(), Object.class));
        Dataset version = datasets.addVersion(d, result.table(), record, by);
        return new TransformOutcome(version, result.steps(), riskBefore, riskAfter);
    }

    private static RiskReport analyze(DataTable table, RiskOptions options) {
        try {
            return RiskAnalyzer.analyze(table, options);
        } catch (DataException e) {
            throw ProblemException.badRequest(e.field(), e.getMessage());
        }
    }

    private String cacheKey(RiskOptions options) {
        return write(options);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass(), e);
        }
    }
}
