package io.custos.bundle.build;

import io.custos.bundle.BundleJson;
import io.custos.bundle.BundleLayout;
import io.custos.bundle.archive.BundleFiles;
import io.custos.bundle.onnx.OnnxParity;
import io.custos.bundle.onnx.OnnxRunner;
import io.custos.bundle.onnx.ParityResult;
import io.custos.bundle.sbom.MlBom;
import io.custos.bundle.sbom.ModelCardInput;
import io.custos.bundle.sbom.OsvDatabase;
import io.custos.bundle.sbom.RuntimeLibraries;
import io.custos.bundle.sbom.RuntimeLibrary;
import io.custos.crypto.Dsse;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.crypto.Sha256;
import io.custos.ml.artifact.InvalidArtifactException;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.onnx.OnnxExporter;
import io.custos.ml.report.TrainingReport;
import io.custos.ml.train.FeatureEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds a bundle from a training job's model artifact: ONNX export with the preprocessing in
 * the graph, a parity check against our own predictor (the build fails above
 * {@link OnnxParity#TOLERANCE}), the MLflow files, the ML-BOM, PROV-JSON, the manifest and the
 * signed in-toto/SLSA attestation. Deterministic: the same request and key give the same bytes.
 */
public final class BundleBuilder {

    /** Rows of the synthetic parity sample; built from the public schema only, never from data. */
    public static final int PARITY_ROWS = 512;
    static final int EXAMPLE_ROWS = 3;

    private BundleBuilder() {
    }

    public static BuiltBundle build(BuildRequest request, Ed25519PrivateKey signingKey) {
        return build(request, signingKey, null);
    }

    /**
     * As {@link #build(BuildRequest, Ed25519PrivateKey)}, recording in the ML-BOM the advisories of
     * {@code osv} (an operator's offline OSV database; null for none) that affect the pinned runtime
     * libraries. A known vulnerability does not stop the build: the SBOM says so, and validation with
     * the database fails until the pins move.
     */
    public static BuiltBundle build(BuildRequest request, Ed25519PrivateKey signingKey, OsvDatabase osv) {
        ModelArtifact artifact;
        try {
            artifact = ModelArtifact.parse(request.modelArtifact());
        } catch (InvalidArtifactException e) {
            throw new BundleBuildException("the model artifact of training job " + request.trainingJobId()
                    + " cannot be packaged: " + e.getMessage(), e);
        }
        String artifactSha = Sha256.hex(request.modelArtifact());
        byte[] onnx = OnnxExporter.export(artifact, request.builder().version());
        String onnxSha = Sha256.hex(onnx);

        ParityResult parity = OnnxParity.measure(onnx, artifact,
                OnnxParity.sampleRows(artifact, PARITY_ROWS, request.bundleId().hashCode()));
        if (!parity.within(OnnxParity.TOLERANCE)) {
            throw new BundleBuildException(String.format(java.util.Locale.ROOT,
                    "ONNX export of training job %s differs from the trained model by %.3g (> %.0e) on %d sample rows;"
                            + " the bundle is not built",
                    request.trainingJobId(), parity.maxAbsDifference(), OnnxParity.TOLERANCE, parity.rows()));
        }
        List<Map<String, String>> example = exampleRows(artifact.features());
        List<Double> exampleProbabilities;
        try (OnnxRunner runner = new OnnxRunner(onnx)) {
            exampleProbabilities = runner.predict(example).stream().map(OnnxRunner.Prediction::probability1).toList();
        }

        List<RuntimeLibrary> libraries = RuntimeLibraries.python();
        String signingKeyId = signingKey.publicKey().keyId();
        BundleMetadata.Privacy privacy = privacy(artifact.privacy());
        BundleMetadata metadata = new BundleMetadata(BundleLayout.FORMAT, request.bundleId(), request.modelName(),
                request.modelVersion(), request.trainingJobId(), artifact.modelType(), artifact.target(),
                artifact.positiveClass(), features(artifact.features()),
                new BundleMetadata.Dataset(request.datasetId(), artifact.datasetSha256()),
                new TreeMap<>(request.metrics()), privacy,
                new BundleMetadata.Onnx(BundleLayout.ONNX, onnxSha, OnnxExporter.OPSET, OnnxExporter.ML_OPSET,
                        new BundleMetadata.Parity(parity.rows(), parity.maxAbsDifference(), OnnxParity.TOLERANCE,
                                parity.labelMismatches()),
                        exampleProbabilities),
                artifactSha, request.createdAt().toString(), request.startedBy(),
                new BundleMetadata.Producer("custos-packaging", request.builder().version()), signingKeyId);

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(BundleLayout.ONNX, onnx);
        files.put(BundleLayout.MODEL_ARTIFACT, request.modelArtifact());
        files.put(BundleLayout.REQUIREMENTS, MlflowFiles.requirements(libraries));
        files.put(BundleLayout.CONDA, MlflowFiles.conda(libraries));
        files.put(BundleLayout.PYTHON_ENV, MlflowFiles.pythonEnv());
        files.put(BundleLayout.INPUT_EXAMPLE, MlflowFiles.inputExample(artifact.features(), example));
        files.put(BundleLayout.METADATA, BundleJson.write(metadata));
        Map<String, Object> mlmodelMetadata = new LinkedHashMap<>();
        mlmodelMetadata.put("custos_bundle_id", request.bundleId());
        mlmodelMetadata.put("custos_training_job_id", request.trainingJobId());
        mlmodelMetadata.put("custos_signing_key_id", signingKeyId);
        if (privacy != null) {
            mlmodelMetadata.put("custos_epsilon", privacy.epsilon());
            mlmodelMetadata.put("custos_delta", privacy.delta());
        }
        files.put(BundleLayout.MLMODEL, MlflowFiles.mlmodel(request.bundleId(), request.createdAt(), onnx.length,
                artifact.features(), onnxVersion(libraries), mlmodelMetadata));

        byte[] sbom = MlBom.build(modelCard(request, artifact, metadata, onnxSha, artifactSha, libraries));
        if (osv != null) {
            sbom = MlBom.withVulnerabilities(sbom, osv.match(libraries));
        }
        String sbomSha = Sha256.hex(sbom);
        files.put(BundleLayout.SBOM, sbom);
        files.put(BundleLayout.PROV, Provenance.provJson(new Provenance.Lineage(request.datasetId(),
                artifact.datasetSha256(), request.trainingJobId(), request.startedBy(), request.trainingCompletedAt(),
                privacy, artifactSha, request.modelArtifactUri(), onnxSha, sbomSha, request.bundleId(),
                request.modelName(), request.modelVersion(), request.createdAt(), request.builder().id())));
        files.put(BundleLayout.MANIFEST, Manifest.of(request.bundleId(), files).toJson());

        SortedMap<String, String> digests = new TreeMap<>();
        files.forEach((name, bytes) -> digests.put(name, Sha256.hex(bytes)));
        byte[] statement = Provenance.statement(digests, new Provenance.BuildFacts(request.bundleId(),
                request.trainingJobId(), request.modelName(), request.modelVersion(), request.modelArtifactUri(),
                artifactSha, request.datasetId(), artifact.datasetSha256(), metadata.onnx().parity(),
                request.builder().id(), request.builder().version(), OnnxRunner.runtimeVersion(),
                request.createdAt(), request.createdAt()));
        byte[] attestation = Dsse.sign(BundleLayout.INTOTO_PAYLOAD_TYPE, statement, signingKey).toJson();
        files.put(BundleLayout.ATTESTATION, attestation);

        BundleFiles bundle = BundleFiles.of(files);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try {
            bundle.writeZip(zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] zipBytes = zip.toByteArray();
        return new BuiltBundle(bundle, zipBytes, metadata, new BuiltBundle.Digests(Sha256.hex(zipBytes), onnxSha,
                sbomSha, Sha256.hex(attestation), artifactSha));
    }

    /**
     * The input example: a few in-range rows made from the public schema (quartiles of the
     * bounds, categories in turn), so no training record ever ships in a bundle.
     */
    static List<Map<String, String>> exampleRows(List<FeatureEncoder.Column> features) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < EXAMPLE_ROWS; i++) {
            Map<String, String> row = new LinkedHashMap<>();
            for (FeatureEncoder.Column c : features) {
                if (c.kind() == ColumnDeclaration.Kind.NUMERIC) {
                    row.put(c.name(), Double.toString(c.lower() + (i + 1) * (c.upper() - c.lower()) / (EXAMPLE_ROWS + 1)));
                } else {
                    row.put(c.name(), c.categories().get(i % c.categories().size()));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<BundleMetadata.Feature> features(List<FeatureEncoder.Column> columns) {
        return columns.stream().map(c -> c.kind() == ColumnDeclaration.Kind.NUMERIC
                ? new BundleMetadata.Feature(c.name(), "numeric", c.lower(), c.upper(), null)
                : new BundleMetadata.Feature(c.name(), "categorical", null, null, c.categories())).toList();
    }

    private static BundleMetadata.Privacy privacy(TrainingReport.Privacy p) {
        return p == null ? null : new BundleMetadata.Privacy(p.epsilon(), p.delta(), p.accountant(),
                p.noiseMultiplier(), p.samplingRate(), p.steps(), p.clipNorm());
    }

    private static String onnxVersion(List<RuntimeLibrary> libraries) {
        return libraries.stream().filter(l -> l.name().equals("onnx")).map(RuntimeLibrary::version).findFirst()
                .orElseThrow(() -> new IllegalStateException("the runtime libraries do not pin onnx"));
    }

    private static ModelCardInput modelCard(BuildRequest r, ModelArtifact a, BundleMetadata m, String onnxSha,
            String artifactSha, List<RuntimeLibrary> libraries) {
        BundleMetadata.Privacy p = m.privacy();
        return new ModelCardInput("urn:uuid:" + r.bundleId(), r.createdAt(), r.modelName(), r.modelVersion(),
                a.modelType(), onnxSha, artifactSha, r.datasetId(), a.datasetSha256(), a.target(), a.positiveClass(),
                m.features().stream().map(f -> new ModelCardInput.Feature(f.name(), f.kind())).toList(),
                m.metrics(),
                p == null ? null : new ModelCardInput.Privacy(p.epsilon(), p.delta(), p.accountant(),
                        p.noiseMultiplier(), p.samplingRate(), p.steps(), p.clipNorm()),
                "custos-packaging", r.builder().version(), libraries);
    }
}
