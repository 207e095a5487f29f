package io.custos.ml.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.model.ModelType;
import io.custos.ml.report.TrainingReport;
import io.custos.ml.train.FeatureEncoder;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The trained model as a self-contained JSON document: parameters, the preprocessing that is part
 * of the model, and the privacy account it was trained under. Packaging turns it into ONNX.
 *
 * <p>The components are the JSON shape privacy-service writes; {@link #parse(byte[])} is the one
 * way to read it back, because an artifact fetched from another service must be checked before
 * anything (ONNX export, a predictor, a bundle) is built on it.
 */
public record ModelArtifact(
        String format,
        String modelType,
        int hiddenUnits,
        double[] parameters,
        List<FeatureEncoder.Column> features,
        String target,
        String positiveClass,
        String datasetSha256,
        TrainingReport.Privacy privacy,
        String randomness) {

    public static final String FORMAT = "custos-model/v1";

    /*
     * Strict about structure (unknown fields and trailing content mean a different or tampered
     * format), lenient about NaN/Infinity tokens only because Jackson may write them in the privacy
     * account; parameters and bounds are then checked to be finite by validate().
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /**
     * Reads and validates an artifact.
     *
     * @throws InvalidArtifactException if the bytes are not an artifact JSON document or the
     *                                  artifact is inconsistent (see {@link #validate()})
     */
    public static ModelArtifact parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidArtifactException("model artifact is empty");
        }
        ModelArtifact artifact;
        try {
            artifact = JSON.readValue(json, ModelArtifact.class);
        } catch (JsonProcessingException e) {
            throw new InvalidArtifactException("model artifact is not valid " + FORMAT + " JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidArtifactException("model artifact cannot be read: " + e.getMessage(), e);
        }
        if (artifact == null) {
            throw new InvalidArtifactException("model artifact is JSON null");
        }
        return artifact.validate();
    }

    /**
     * Checks what everything built on the artifact relies on: the format, a known model type,
     * usable preprocessing (unique feature names and source columns, finite numeric bounds with
     * lower &lt; upper, non-empty distinct categories) and finite parameters exactly as many as the
     * model type needs for these features.
     *
     * @return this artifact, for chaining
     * @throws InvalidArtifactException naming the first problem found
     */
    public ModelArtifact validate() {
        if (!FORMAT.equals(format)) {
            throw new InvalidArtifactException("model artifact format must be " + FORMAT + ", was " + format);
        }
        ModelType type = parsedModelType();
        if (features == null || features.isEmpty()) {
            throw new InvalidArtifactException("model artifact has no features");
        }
        Set<String> names = new HashSet<>();
        Set<Integer> sources = new HashSet<>();
        long dimension = 0;
        for (int i = 0; i < features.size(); i++) {
            FeatureEncoder.Column c = features.get(i);
            if (c == null) {
                throw new InvalidArtifactException("feature " + (i + 1) + " is null");
            }
            String label = c.name() == null ? "feature " + (i + 1) : "feature '" + c.name() + "'";
            if (c.name() == null || c.name().isBlank()) {
                throw new InvalidArtifactException(label + " has no name");
            }
            if (!names.add(c.name())) {
                throw new InvalidArtifactException(label + " appears more than once");
            }
            if (c.sourceIndex() < 0 || !sources.add(c.sourceIndex())) {
                throw new InvalidArtifactException(label + " has source index " + c.sourceIndex()
                        + ", which must be non-negative and used by one feature only");
            }
            if (c.kind() == null) {
                throw new InvalidArtifactException(label + " has no kind (NUMERIC or CATEGORICAL)");
            }
            if (c.kind() == ColumnDeclaration.Kind.NUMERIC) {
                if (!Double.isFinite(c.lower()) || !Double.isFinite(c.upper()) || !(c.lower() < c.upper())
                        || !Double.isFinite(c.upper() - c.lower())) {
                    throw new InvalidArtifactException(label + " has bounds [" + c.lower() + ", " + c.upper()
                            + "]; they must be finite with lower < upper");
                }
                dimension += 1;
            } else {
                List<String> cats = c.categories();
                if (cats == null || cats.isEmpty()) {
                    throw new InvalidArtifactException(label + " is categorical but has no categories");
                }
                if (cats.stream().anyMatch(java.util.Objects::isNull)) {
                    throw new InvalidArtifactException(label + " has a null category");
                }
                if (new HashSet<>(cats).size() != cats.size()) {
                    throw new InvalidArtifactException(label + " has duplicate categories");
                }
                dimension += cats.size();
            }
        }
        long expected;
        if (type == ModelType.MLP) {
            if (hiddenUnits < 1) {
                throw new InvalidArtifactException("an mlp needs at least one hidden unit, hiddenUnits is "
                        + hiddenUnits);
            }
            expected = hiddenUnits * dimension + 2L * hiddenUnits + 1;
        } else {
            if (hiddenUnits != 0) {
                throw new InvalidArtifactException("a " + type.id() + " model has no hidden units, hiddenUnits is "
                        + hiddenUnits);
            }
            expected = dimension + 1;
        }
        if (parameters == null) {
            throw new InvalidArtifactException("model artifact has no parameters");
        }
        if (parameters.length != expected) {
            throw new InvalidArtifactException("a " + type.id() + " model over " + dimension + " encoded inputs"
                    + (type == ModelType.MLP ? " with " + hiddenUnits + " hidden units" : "") + " has " + expected
                    + " parameters, the artifact has " + parameters.length);
        }
        for (int i = 0; i < parameters.length; i++) {
            if (!Double.isFinite(parameters[i])) {
                throw new InvalidArtifactException("parameter " + i + " is " + parameters[i] + "; all must be finite");
            }
        }
        return this;
    }

    /** The model type as an enum; only the exact lower-case ids are accepted. */
    public ModelType parsedModelType() {
        for (ModelType t : ModelType.values()) {
            if (t.id().equals(modelType)) {
                return t;
            }
        }
        throw new InvalidArtifactException("unknown model type " + modelType + "; expected one of "
                + Arrays.stream(ModelType.values()).map(ModelType::id).toList());
    }

    /**
     * A predictor computing exactly what the training code computes for a raw row; the reference
     * the ONNX export is checked against.
     *
     * @throws InvalidArtifactException if the artifact is invalid
     */
    public Predictor predictor() {
        return new Predictor(validate());
    }
}
