package io.custos.bundle.sbom;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything the ML-BOM states about one bundled model. Validated on construction so that
 * {@link MlBom#build} never emits a BOM that fails its own schema (bad hashes, serial number).
 * Lists and maps are copied; {@link #metrics()} is sorted by name.
 *
 * @param serialNumber the BOM serial number, {@code urn:uuid:<uuid>} (lower-cased here)
 * @param created when the bundle was built; the BOM timestamp
 * @param modelName the model name; the model component's name
 * @param modelVersion the model version; the model component's version
 * @param modelType {@code logistic}, {@code svm} or {@code mlp}
 * @param onnxSha256 SHA-256 (hex) of model.onnx, the model component's hash
 * @param modelArtifactSha256 SHA-256 (hex) of the training job's own model artifact
 * @param datasetId the training dataset's id; the data component's name
 * @param datasetSha256 SHA-256 (hex) of the training dataset
 * @param target the predicted column
 * @param positiveClass the value of {@code target} the probability output refers to
 * @param features the input features, in model input order (at least one)
 * @param metrics evaluation metrics by name ({@code accuracy}, {@code auc}, {@code logLoss}, ...)
 * @param privacy the differential-privacy guarantee, or null when trained without DP
 * @param producerName the tool that built the bundle (metadata.tools)
 * @param producerVersion its version
 * @param libraries what the bundle needs at run time, normally {@link RuntimeLibraries#python()}
 */
public record ModelCardInput(String serialNumber, Instant created, String modelName, String modelVersion,
        String modelType, String onnxSha256, String modelArtifactSha256, String datasetId, String datasetSha256,
        String target, String positiveClass, List<Feature> features, Map<String, Double> metrics, Privacy privacy,
        String producerName, String producerVersion, List<RuntimeLibrary> libraries) {

    /** The model types Custos trains; each maps to an architecture in the model card. */
    private static final Set<String> MODEL_TYPES = Set.of("logistic", "svm", "mlp");

    private static final Pattern URN_UUID =
            Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ModelCardInput {
        serialNumber = requireText(serialNumber, "serialNumber").toLowerCase(Locale.ROOT);
        if (!URN_UUID.matcher(serialNumber).matches()) {
            throw new IllegalArgumentException("serialNumber must be urn:uuid:<uuid>, was " + serialNumber);
        }
        Objects.requireNonNull(created, "created is required");
        requireText(modelName, "modelName");
        requireText(modelVersion, "modelVersion");
        requireText(modelType, "modelType");
        if (!MODEL_TYPES.contains(modelType)) {
            throw new IllegalArgumentException("modelType must be one of logistic, svm, mlp; was " + modelType);
        }
        onnxSha256 = sha256(onnxSha256, "onnxSha256");
        modelArtifactSha256 = sha256(modelArtifactSha256, "modelArtifactSha256");
        requireText(datasetId, "datasetId");
        datasetSha256 = sha256(datasetSha256, "datasetSha256");
        requireText(target, "target");
        requireText(positiveClass, "positiveClass");
        features = List.copyOf(Objects.requireNonNull(features, "features is required"));
        if (features.isEmpty()) {
            throw new IllegalArgumentException("features must not be empty");
        }
        Objects.requireNonNull(metrics, "metrics is required (may be empty)");
        metrics.forEach((name, value) -> {
            requireText(name, "metric name");
            Objects.requireNonNull(value, () -> "metric " + name + " has no value");
        });
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
        requireText(producerName, "producerName");
        requireText(producerVersion, "producerVersion");
        libraries = List.copyOf(Objects.requireNonNull(libraries, "libraries is required"));
    }

    /**
     * One model input.
     *
     * @param name the column name
     * @param kind {@code numeric} or {@code categorical}
     */
    public record Feature(String name, String kind) {

        public Feature {
            requireText(name, "feature name");
            requireText(kind, "feature kind");
            if (!kind.equals("numeric") && !kind.equals("categorical")) {
                throw new IllegalArgumentException("feature " + name + " kind must be numeric or categorical, was "
                        + kind);
            }
        }
    }

    /**
     * The (epsilon, delta)-DP guarantee of DP-SGD training and the parameters it was accounted from.
     *
     * @param epsilon privacy loss bound
     * @param delta failure probability
     * @param accountant the accountant that computed epsilon (e.g. {@code rdp})
     * @param noiseMultiplier Gaussian noise standard deviation divided by the clip norm
     * @param samplingRate Poisson sampling probability per step
     * @param steps number of noisy gradient steps
     * @param clipNorm per-example gradient L2 clipping bound
     */
    public record Privacy(double epsilon, double delta, String accountant, double noiseMultiplier,
            double samplingRate, long steps, double clipNorm) {

        public Privacy {
            requireFinite(epsilon, "epsilon");
            requireFinite(delta, "delta");
            requireText(accountant, "accountant");
            requireFinite(noiseMultiplier, "noiseMultiplier");
            requireFinite(samplingRate, "samplingRate");
            requireFinite(clipNorm, "clipNorm");
            if (epsilon < 0 || delta < 0 || delta >= 1 || noiseMultiplier < 0 || samplingRate < 0 || samplingRate > 1
                    || steps < 0 || clipNorm <= 0) {
                throw new IllegalArgumentException("privacy parameters out of range: epsilon>=0, 0<=delta<1,"
                        + " noiseMultiplier>=0, 0<=samplingRate<=1, steps>=0, clipNorm>0 required; was epsilon="
                        + epsilon + " delta=" + delta + " noiseMultiplier=" + noiseMultiplier + " samplingRate="
                        + samplingRate + " steps=" + steps + " clipNorm=" + clipNorm);
            }
        }

        private static void requireFinite(double value, String field) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("privacy " + field + " must be finite, was " + value);
            }
        }
    }

    private static String requireText(String value, String field) {
        Objects.requireNonNull(value, () -> field + " is required");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    private static String sha256(String value, String field) {
        String hex = requireText(value, field).toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException(field + " must be 64 hex digits (SHA-256), was " + value);
        }
        return hex;
    }
}
