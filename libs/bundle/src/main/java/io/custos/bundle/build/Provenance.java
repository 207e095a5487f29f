package io.custos.bundle.build;

import io.custos.bundle.BundleJson;
import io.custos.bundle.BundleLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The bundle's provenance in two standard vocabularies: a W3C PROV-JSON document (the data
 * lineage an auditor reasons about: dataset, training, model, bundle, and who acted) and an
 * in-toto Statement v1 with a SLSA Provenance v1 predicate (the supply-chain form tools verify),
 * whose subjects are the digests of every bundle file: it is the signed file manifest.
 */
public final class Provenance {

    static final String NS = "https://custos.local/ns/";

    private Provenance() {
    }

    /** Inputs of the PROV document, by identity and digest only (never data). */
    record Lineage(String datasetId, String datasetSha256, String trainingJobId, String startedBy,
            Instant trainingCompletedAt, BundleMetadata.Privacy privacy, String modelArtifactSha256,
            String modelArtifactUri, String onnxSha256, String sbomSha256, String bundleId, String modelName,
            String modelVersion, Instant packagedAt, String builderId) {
    }

    static byte[] provJson(Lineage l) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("prefix", Map.of("custos", NS));

        String dataset = "custos:dataset/" + l.datasetId();
        String model = "custos:model/" + l.modelArtifactSha256();
        String onnx = "custos:onnx/" + l.onnxSha256();
        String sbom = "custos:sbom/" + l.sbomSha256();
        String bundle = "custos:bundle/" + l.bundleId();
        String training = "custos:training/" + l.trainingJobId();
        String packaging = "custos:packaging/" + l.bundleId();
        String user = "custos:user/" + (l.startedBy() == null ? "unknown" : l.startedBy());
        String trainer = "custos:software/privacy-service";
        String packager = "custos:software/packaging-service";

        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put(dataset, attrs("prov:type", "custos:Dataset", "custos:sha256", l.datasetSha256()));
        entity.put(model, attrs("prov:type", "custos:TrainedModel", "custos:sha256", l.modelArtifactSha256(),
                "prov:location", l.modelArtifactUri() == null ? "" : l.modelArtifactUri()));
        entity.put(onnx, attrs("prov:type", "custos:OnnxModel", "custos:sha256", l.onnxSha256(),
                "prov:label", BundleLayout.ONNX));
        entity.put(sbom, attrs("prov:type", "custos:MlBom", "custos:sha256", l.sbomSha256(),
                "prov:label", BundleLayout.SBOM));
        entity.put(bundle, attrs("prov:type", "custos:Bundle", "custos:modelName", l.modelName(),
                "custos:modelVersion", l.modelVersion()));
        doc.put("entity", entity);

        Map<String, Object> trainingAttrs = attrs("prov:type", l.privacy() == null ? "custos:Training"
                : "custos:DifferentiallyPrivateTraining");
        if (l.trainingCompletedAt() != null) {
            trainingAttrs.put("prov:endTime", l.trainingCompletedAt().toString());
        }
        if (l.privacy() != null) {
            trainingAttrs.put("custos:epsilon", l.privacy().epsilon());
            trainingAttrs.put("custos:delta", l.privacy().delta());
            trainingAttrs.put("custos:accountant", l.privacy().accountant());
            trainingAttrs.put("custos:noiseMultiplier", l.privacy().noiseMultiplier());
            trainingAttrs.put("custos:samplingRate", l.privacy().samplingRate());
            trainingAttrs.put("custos:steps", l.privacy().steps());
        }
        Map<String, Object> activity = new LinkedHashMap<>();
        activity.put(training, trainingAttrs);
        activity.put(packaging, attrs("prov:type", "custos:Packaging", "prov:startTime", l.packagedAt().toString(),
                "prov:endTime", l.packagedAt().toString()));
        doc.put("activity", activity);

        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put(user, attrs("prov:type", "prov:Person"));
        agent.put(trainer, attrs("prov:type", "prov:SoftwareAgent"));
        agent.put(packager, attrs("prov:type", "prov:SoftwareAgent", "prov:location", l.builderId()));
        doc.put("agent", agent);

        doc.put("used", relations("used",
                attrs("prov:activity", training, "prov:entity", dataset),
                attrs("prov:activity", packaging, "prov:entity", model)));
        doc.put("wasGeneratedBy", relations("wasGeneratedBy",
                attrs("prov:entity", model, "prov:activity", training),
                attrs("prov:entity", onnx, "prov:activity", packaging),
                attrs("prov:entity", sbom, "prov:activity", packaging),
                attrs("prov:entity", bundle, "prov:activity", packaging)));
        doc.put("wasDerivedFrom", relations("wasDerivedFrom",
                attrs("prov:generatedEntity", model, "prov:usedEntity", dataset, "prov:activity", training),
                attrs("prov:generatedEntity", onnx, "prov:usedEntity", model, "prov:activity", packaging),
                attrs("prov:generatedEntity", bundle, "prov:usedEntity", onnx, "prov:activity", packaging)));
        doc.put("wasAssociatedWith", relations("wasAssociatedWith",
                attrs("prov:activity", training, "prov:agent", trainer),
                attrs("prov:activity", packaging, "prov:agent", packager)));
        doc.put("wasAttributedTo", relations("wasAttributedTo",attrs("prov:entity", model, "prov:agent", user)));
        doc.put("actedOnBehalfOf", relations("actedOnBehalfOf",
                attrs("prov:delegate", trainer, "prov:responsible", user, "prov:activity", training)));
        return BundleJson.write(doc);
    }

    /** Relation ids are blank nodes, unique in the document: kind and number. */
    private static Map<String, Object> relations(String kind, Map<?, ?>... rels) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map<?, ?> r : rels) {
            out.put("_:" + kind + (out.size() + 1), r);
        }
        return out;
    }

    private static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** What the SLSA predicate records about the build beyond the subjects. */
    record BuildFacts(String bundleId, String trainingJobId, String modelName, String modelVersion,
            String modelArtifactUri, String modelArtifactSha256, String datasetId, String datasetSha256,
            BundleMetadata.Parity parity, String builderId, String builderVersion, String onnxRuntimeVersion,
            Instant startedOn, Instant finishedOn) {
    }

    /**
     * The in-toto statement: one subject per file (digests in {@code files}, which must not hold
     * the attestation itself), predicate SLSA Provenance v1.
     */
    static byte[] statement(SortedMap<String, String> fileDigests, BuildFacts f) {
        List<Map<String, Object>> subjects = new ArrayList<>();
        fileDigests.forEach((name, sha) -> subjects.add(attrs("name", name, "digest", Map.of("sha256", sha))));

        Map<String, Object> external = attrs("trainingJobId", f.trainingJobId(), "modelName", f.modelName(),
                "modelVersion", f.modelVersion());
        Map<String, Object> internal = attrs("bundleFormat", BundleLayout.FORMAT, "onnxParity", f.parity());
        List<Map<String, Object>> deps = new ArrayList<>();
        deps.add(attrs("name", BundleLayout.MODEL_ARTIFACT, "uri", f.modelArtifactUri() == null
                ? "custos:training/" + f.trainingJobId() : f.modelArtifactUri(),
                "digest", Map.of("sha256", f.modelArtifactSha256())));
        if (f.datasetSha256() != null) {
            deps.add(attrs("name", "dataset", "uri", "custos:dataset/" + f.datasetId(),
                    "digest", Map.of("sha256", f.datasetSha256())));
        }
        Map<String, Object> buildDefinition = attrs("buildType", BundleLayout.BUILD_TYPE,
                "externalParameters", external, "internalParameters", internal, "resolvedDependencies", deps);
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("custos-packaging", f.builderVersion());
        version.put("onnxruntime-java", f.onnxRuntimeVersion());
        Map<String, Object> runDetails = attrs(
                "builder", attrs("id", f.builderId(), "version", version),
                "metadata", attrs("invocationId", f.bundleId(), "startedOn", f.startedOn().toString(),
                        "finishedOn", f.finishedOn().toString()));

        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("_type", BundleLayout.STATEMENT_TYPE);
        statement.put("subject", subjects);
        statement.put("predicateType", BundleLayout.SLSA_PROVENANCE_V1);
        statement.put("predicate", attrs("buildDefinition", buildDefinition, "runDetails", runDetails));
        return BundleJson.write(statement);
    }
}
