package io.custos.governance.inventory;

import io.custos.events.ModelRegistered;
import io.custos.events.TrainingCompleted;
import io.custos.governance.core.model.ModelVersionRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical record of a model Custos trained and packaged, from the two events that describe
 * it: model-registered (bundle, digests, key, privacy) and training-completed (dataset, metrics,
 * who trained it), whichever arrived; the other fills in when it comes.
 */
public final class CustosRecords {

    private CustosRecords() {
    }

    public static ModelVersionRecord of(ModelRegistered m, TrainingCompleted t, Instant registeredAt, String bundleUrl) {
        String name = m.modelName();
        String modelType = t == null ? null : t.modelType();
        var p = m.privacy() != null ? m.privacy() : t == null ? null : t.privacy();
        boolean dp = p != null && p.epsilon() != null;
        Map<String, String> hyper = new LinkedHashMap<>();
        if (t != null) {
            hyper.put("modelType", t.modelType());
            hyper.put("target", t.target());
        }
        if (dp) {
            hyper.put("noiseMultiplier", String.valueOf(p.noiseMultiplier()));
            hyper.put("sampleRate", String.valueOf(p.sampleRate()));
            hyper.put("steps", String.valueOf(p.steps()));
        }
        Map<String, Double> metrics = t == null || t.metrics() == null ? Map.of() : new TreeMap<>(t.metrics());
        String federationId = t == null ? null : t.federationId();
        ModelRegistered.Digests d = m.digests();
        return new ModelVersionRecord(
                new ModelVersionRecord.Source("custos", null, "custos", null),
                new ModelVersionRecord.Identity(name, modelType == null ? null : description(t), null,
                        t == null ? null : t.startedBy()),
                new ModelVersionRecord.Lifecycle(m.version(), "NONE", List.of(), registeredAt, registeredAt,
                        "NONE", m.trainingJobId(), bundleUrl),
                new ModelVersionRecord.Evidence(t == null ? null : "COMPLETED", null, null, metrics, hyper, Map.of()),
                new ModelVersionRecord.Lineage(null, null, null, federationId != null
                        ? "custos federation " + federationId + " (federated learning; the dataset hash is that of"
                                + " its transcript of accepted updates)"
                        : "custos training job " + m.trainingJobId(),
                        t == null ? null : t.datasetId(), t == null ? null : t.datasetSha256(), bundleUrl,
                        m.trainingJobId(), federationId),
                // A differentially private run was made private because its data is about people.
                new ModelVersionRecord.RiskCompliance(null, null, null, dp ? Boolean.TRUE : null, null, null, null,
                        dp ? new ModelVersionRecord.Privacy(p.epsilon(), p.delta(), p.accountant()) : null),
                new ModelVersionRecord.Artifacts(
                        d != null && d.bundle() != null
                                ? Map.of("bundle", "requirements.txt, conda.yaml and python_env.yaml of bundle "
                                        + m.bundleId() + " (SHA-256 " + d.bundle() + ")")
                                : Map.of(),
                        List.of(),
                        d != null && d.bundle() != null
                                ? List.of("sbom.cdx.json", "provenance.intoto.dsse.json", "provenance.prov.json",
                                        "metadata.json")
                                : List.of(),
                        m.bundleId(),
                        d == null ? null : new ModelVersionRecord.Digests(d.bundle(), d.onnx(), d.sbom(), d.provenance(),
                                d.model()),
                        m.signingKeyId()),
                t == null ? new ModelVersionRecord.Completeness(false, "training-completed of job " + m.trainingJobId()
                        + " not received yet") : ModelVersionRecord.Completeness.COMPLETE);
    }

    private static String description(TrainingCompleted t) {
        return t.modelType() + " model predicting '" + t.target() + "', trained by Custos"
                + (t.privacy() != null && t.privacy().epsilon() != null ? " with differential privacy" : "");
    }
}
