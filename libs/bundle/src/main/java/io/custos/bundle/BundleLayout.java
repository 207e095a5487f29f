package io.custos.bundle;

import java.util.List;

/**
 * The files of a Custos bundle. The MLflow files make it loadable with
 * {@code mlflow.pyfunc.load_model(dir)}; the rest is the evidence an auditor checks offline.
 */
public final class BundleLayout {

    public static final String FORMAT = "custos-bundle/v1";

    public static final String MLMODEL = "MLmodel";
    public static final String ONNX = "model.onnx";
    public static final String REQUIREMENTS = "requirements.txt";
    public static final String CONDA = "conda.yaml";
    public static final String PYTHON_ENV = "python_env.yaml";
    public static final String INPUT_EXAMPLE = "input_example.json";
    public static final String METADATA = "metadata.json";
    /** The trained model exactly as the training job produced it (its SHA-256 is the event's). */
    public static final String MODEL_ARTIFACT = "custos-model.json";
    public static final String SBOM = "sbom.cdx.json";
    public static final String PROV = "provenance.prov.json";
    public static final String MANIFEST = "manifest.json";
    /** DSSE envelope over the in-toto statement whose subjects are every other file. */
    public static final String ATTESTATION = "provenance.intoto.dsse.json";

    /** Every file a complete bundle has, in the order they are produced. */
    public static final List<String> REQUIRED = List.of(MLMODEL, ONNX, REQUIREMENTS, CONDA, PYTHON_ENV, INPUT_EXAMPLE,
            METADATA, MODEL_ARTIFACT, SBOM, PROV, MANIFEST, ATTESTATION);

    public static final String INTOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
    public static final String BUILD_TYPE = "https://custos.local/packaging/bundle/v1";

    private BundleLayout() {
    }
}
