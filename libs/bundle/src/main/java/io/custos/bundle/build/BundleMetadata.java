package io.custos.bundle.build;

import java.util.List;
import java.util.Map;

/**
 * {@code metadata.json}: what the bundle is, in one place a person or a tool reads first.
 *
 * @param privacy null when the model was trained without differential privacy
 */
public record BundleMetadata(
        String format,
        String bundleId,
        String modelName,
        String modelVersion,
        String trainingJobId,
        String modelType,
        String target,
        String positiveClass,
        List<Feature> features,
        Dataset dataset,
        Map<String, Double> metrics,
        Privacy privacy,
        Onnx onnx,
        String modelArtifactSha256,
        String createdAt,
        String createdBy,
        Producer producer,
        String signingKeyId) {

    /** A model input as the ONNX graph takes it; numeric bounds and categories are public by declaration or paid for. */
    public record Feature(String name, String kind, Double lower, Double upper, List<String> categories) {
    }

    public record Dataset(String id, String sha256) {
    }

    public record Privacy(double epsilon, double delta, String accountant, double noiseMultiplier, double samplingRate,
            long steps, double clipNorm) {
    }

    /**
     * The ONNX file, its parity with our own predictor on a synthetic sample, and the probabilities it
     * gives for the input example (so a validator can re-run them without our code).
     */
    public record Onnx(String file, String sha256, int opset, int mlOpset, Parity parity,
            List<Double> exampleProbabilities) {
    }

    public record Parity(int rows, double maxAbsDifference, double tolerance, int labelMismatches) {
    }

    public record Producer(String name, String version) {
    }
}
