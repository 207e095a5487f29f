package io.custos.bundle.onnx;

import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.artifact.Predictor;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.train.FeatureEncoder;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Checks that an exported ONNX graph scores as our {@link Predictor} does, on rows built only from
 * the artifact's public schema (feature names, numeric bounds, categories), never from training
 * data: these rows are what a bundle's parity check runs on (and a prefix of them can be its input
 * example), and a bundle is shipped to people who must not learn anything about the private data
 * from it.
 */
public final class OnnxParity {

    /** The largest |ONNX - Java| probability difference a bundle may have. */
    public static final double TOLERANCE = 1e-5;

    /** Edge-case rows after the clean block: see {@link #sampleRows}. */
    private static final int EDGE_ROWS = 6;
    private static final String UNKNOWN_CATEGORY = "__custos_unknown_category__";

    private OnnxParity() {
    }

    /**
     * The fewest rows {@link #sampleRows} needs to cover the schema: one per category of the largest
     * categorical feature (at least one), plus {@value #EDGE_ROWS} edge-case rows.
     */
    public static int minimumRows(ModelArtifact artifact) {
        int largest = 1;
        for (FeatureEncoder.Column c : artifact.validate().features()) {
            if (c.kind() == ColumnDeclaration.Kind.CATEGORICAL) {
                largest = Math.max(largest, c.categories().size());
            }
        }
        return largest + EDGE_ROWS;
    }

    /**
     * Synthetic rows keyed by feature name (in artifact order), deterministic for a seed: {@code n}
     * of them, or {@link #minimumRows} if that is more, because covering every category matters
     * more than the exact count (a parity check on fewer rows would miss a category). In order:
     * <ol>
     *   <li><b>clean block</b> ({@code minimumRows - 6} rows): numbers within the bounds, rounded to
     *       six significant digits, and known categories, cycling so that every category appears;
     *       a prefix of these rows is a valid MLflow input example (no missing values);</li>
     *   <li><b>six edge rows</b>: every numeric feature at its lower bound, at its upper bound,
     *       below it, above it, empty, and far outside (±1e300, beyond float32); categorical
     *       features an unknown category in the first, empty in the second, known ones after;</li>
     *   <li><b>random rows</b> for the rest, mixing all of the above.</li>
     * </ol>
     * Categories are written {@link String#strip() stripped}, as a caller of the graph must.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws io.custos.ml.artifact.InvalidArtifactException if the artifact is invalid
     */
    public static List<Map<String, String>> sampleRows(ModelArtifact artifact, int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("row count must be non-negative, was " + n);
        }
        int minimum = minimumRows(artifact);
        List<FeatureEncoder.Column> features = artifact.features();
        String unknown = unknownCategory(features);
        SplittableRandom random = new SplittableRandom(seed);
        int clean = minimum - EDGE_ROWS;
        List<Map<String, String>> rows = new ArrayList<>(Math.max(n, minimum));
        for (int r = 0; r < clean; r++) {
            Map<String, String> row = new LinkedHashMap<>();
            for (FeatureEncoder.Column c : features) {
                row.put(c.name(), c.kind() == ColumnDeclaration.Kind.NUMERIC ? inRange(c, random)
                        : category(c, r % c.categories().size()));
            }
            rows.add(row);
        }
        for (int e = 0; e < EDGE_ROWS; e++) {
            Map<String, String> row = new LinkedHashMap<>();
            for (FeatureEncoder.Column c : features) {
                row.put(c.name(), c.kind() == ColumnDeclaration.Kind.NUMERIC ? numericEdge(c, e, random)
                        : e == 0 ? unknown : e == 1 ? "" : category(c, random.nextInt(c.categories().size())));
            }
            rows.add(row);
        }
        while (rows.size() < n) {
            Map<String, String> row = new LinkedHashMap<>();
            for (FeatureEncoder.Column c : features) {
                row.put(c.name(), c.kind() == ColumnDeclaration.Kind.NUMERIC ? randomNumeric(c, random)
                        : randomCategory(c, unknown, random));
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * Runs {@code onnx} on {@code rows} and compares it with the artifact's predictor.
     *
     * @throws IllegalArgumentException if the model is not a Custos classifier
     * @throws OnnxRuntimeFailure       if ONNX Runtime cannot load or run it
     */
    public static ParityResult measure(byte[] onnx, ModelArtifact artifact, List<Map<String, String>> rows) {
        Predictor predictor = artifact.predictor();
        List<OnnxRunner.Prediction> predictions;
        try (OnnxRunner runner = new OnnxRunner(onnx)) {
            predictions = runner.predict(rows);
        }
        double max = 0;
        boolean nan = false;
        int mismatches = 0;
        for (int i = 0; i < rows.size(); i++) {
            double p = predictor.probability(rows.get(i));
            OnnxRunner.Prediction onnxPrediction = predictions.get(i);
            double d = Math.max(Math.abs(onnxPrediction.probability1() - p),
                    Math.abs(onnxPrediction.probability0() - (1 - p)));
            if (Double.isNaN(d)) {
                nan = true;
            } else {
                max = Math.max(max, d);
            }
            long javaLabel = p >= 0.5 ? 1 : 0;
            if (onnxPrediction.label() != javaLabel && Math.abs(p - 0.5) > TOLERANCE) {
                mismatches++;
            }
        }
        return new ParityResult(rows.size(), nan ? Double.NaN : max, mismatches);
    }

    // --- values ------------------------------------------------------------------------------------

    private static String category(FeatureEncoder.Column c, int i) {
        return c.categories().get(i).strip();
    }

    private static String randomCategory(FeatureEncoder.Column c, String unknown, SplittableRandom random) {
        double u = random.nextDouble();
        return u < 0.1 ? unknown : u < 0.2 ? "" : category(c, random.nextInt(c.categories().size()));
    }

    /** A value inside the bounds, short enough to read in an input example. */
    private static String inRange(FeatureEncoder.Column c, SplittableRandom random) {
        double v = c.lower() + (c.upper() - c.lower()) * random.nextDouble();
        double rounded = new BigDecimal(v).round(new MathContext(6)).doubleValue();
        return number(Math.min(c.upper(), Math.max(c.lower(), rounded)));
    }

    private static String numericEdge(FeatureEncoder.Column c, int edge, SplittableRandom random) {
        double span = c.upper() - c.lower();
        return switch (edge) {
            case 0 -> number(c.lower());
            case 1 -> number(c.upper());
            case 2 -> number(c.lower() - span * (0.01 + random.nextDouble()));
            case 3 -> number(c.upper() + span * (0.01 + random.nextDouble()));
            case 4 -> "";
            default -> random.nextBoolean() ? "1e300" : "-1e300";
        };
    }

    private static String randomNumeric(FeatureEncoder.Column c, SplittableRandom random) {
        double u = random.nextDouble();
        if (u < 0.7) {
            return inRange(c, random);
        }
        return numericEdge(c, (int) ((u - 0.7) / 0.3 * 5), random); // edges 0..4, equally likely
    }

    private static String number(double v) {
        return Double.toString(v);
    }

    /** A category name no feature has, so it is unknown everywhere. */
    private static String unknownCategory(List<FeatureEncoder.Column> features) {
        Set<String> known = new HashSet<>();
        for (FeatureEncoder.Column c : features) {
            if (c.categories() != null) {
                c.categories().forEach(k -> known.add(k.strip()));
            }
        }
        String unknown = UNKNOWN_CATEGORY;
        for (int k = 2; known.contains(unknown); k++) {
            unknown = UNKNOWN_CATEGORY + k;
        }
        return unknown;
    }
}
