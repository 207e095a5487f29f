package io.custos.federation.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.crypto.Sha256;
import io.custos.federation.domain.Federation;
import io.custos.federation.domain.GlobalModel;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.report.TrainingReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** The global models of federations, stored by content (the SHA-256 every event and round names). */
@ApplicationScoped
public class GlobalModels {

    @Inject
    ObjectMapper json;

    /** Stores the model with these parameters (once per content) and returns its SHA-256. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String store(Federation f, TrainingPlan plan, double[] parameters, TrainingReport.Privacy privacy,
            String datasetSha256) {
        byte[] content = TrainingPlan.serialize(plan.artifact(parameters, privacy, datasetSha256), json);
        String sha = Sha256.hex(content);
        if (GlobalModel.findByIdOptional(new GlobalModel.Key(f.id, sha)).isEmpty()) {
            GlobalModel m = new GlobalModel();
            m.sha256 = sha;
            m.tenant = f.tenant;
            m.federationId = f.id;
            m.content = content;
            m.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
            m.persist();
        }
        return sha;
    }

    public Optional<GlobalModel> find(UUID federationId, String sha256, String tenant) {
        return GlobalModel.lookup(federationId, sha256, tenant);
    }

    /** The parameters of a stored model, checked as any artifact is. */
    public double[] parameters(UUID federationId, String sha256, String tenant) {
        GlobalModel m = find(federationId, sha256, tenant)
                .orElseThrow(() -> new IllegalStateException("global model " + sha256 + " is missing"));
        return ModelArtifact.parse(m.content).parameters();
    }
}
