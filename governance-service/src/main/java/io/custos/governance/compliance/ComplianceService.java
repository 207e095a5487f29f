package io.custos.governance.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.crypto.Sha256;
import io.custos.governance.config.GovernanceConfig;
import io.custos.governance.core.compliance.ComplianceEvaluator;
import io.custos.governance.core.compliance.ComplianceResult;
import io.custos.governance.core.compliance.ComplianceRules;
import io.custos.governance.core.model.ModelVersionRecord;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The compliance rules in force (the shipped ones, the operator's files, the configured
 * parameters), loaded once at start so that a broken rules file stops the service instead of
 * silently evaluating nothing, and the evaluation of a record against them.
 */
@ApplicationScoped
public class ComplianceService {

    private static final Logger LOG = Logger.getLogger(ComplianceService.class);

    @Inject
    GovernanceConfig config;

    @Inject
    ObjectMapper json;

    private final ComplianceEvaluator evaluator = new ComplianceEvaluator();
    private ComplianceRules rules;
    private String fingerprint;

    /** A result and its JSON, as stored with the record. */
    public record Outcome(String status, String json, ComplianceResult result) {
    }

    @PostConstruct
    void load() {
        ComplianceRules r = ComplianceRules.defaults();
        StringBuilder sources = new StringBuilder("defaults");
        for (String file : config.compliance().rulesFiles().orElse(java.util.List.of())) {
            try {
                byte[] yaml = Files.readAllBytes(Path.of(file));
                r = r.merge(ComplianceRules.load(yaml, file));
                sources.append('\n').append(file).append(' ').append(Sha256.hex(yaml));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read compliance rules file " + file, e);
            }
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        config.compliance().parameters().forEach((k, v) -> parameters.put(k, number(v)));
        if (!parameters.isEmpty()) {
            r = r.withParameters(parameters);
        }
        rules = r;
        fingerprint = Sha256.hex((sources + "\n" + r.parameters()).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        LOG.infof("compliance: %d rules in force (%s), parameters %s", r.rules().size(), String.join(", ", r.sources()),
                r.parameters());
    }

    public Outcome evaluate(ModelVersionRecord record) {
        ComplianceResult result = evaluator.evaluate(rules, record);
        try {
            return new Outcome(result.status(), json.writeValueAsString(result), result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public ComplianceRules rules() {
        return rules;
    }

    /** Identifies the rule set in force (files and parameters), for the audit trail. */
    public String rulesFingerprint() {
        return fingerprint;
    }

    private static Object number(String v) {
        try {
            return Double.valueOf(v.strip());
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
