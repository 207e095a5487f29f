package io.custos.ml.onnx;

import static io.custos.ml.onnx.GraphBuilder.ONNX_DOMAIN;
import static io.custos.ml.onnx.GraphBuilder.floatAttribute;
import static io.custos.ml.onnx.GraphBuilder.floatsAttribute;
import static io.custos.ml.onnx.GraphBuilder.intAttribute;
import static io.custos.ml.onnx.GraphBuilder.stringsAttribute;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.model.ModelType;
import io.custos.ml.train.FeatureEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a trained model as one self-contained ONNX graph, preprocessing included, so that any
 * ONNX runtime (MLflow's {@code mlflow.onnx} pyfunc in particular) scores raw rows exactly as our
 * {@link io.custos.ml.artifact.Predictor} does, without our code.
 *
 * <p>Graph shape, chosen for MLflow: one rank-1 input per feature, named exactly as the column and
 * in artifact order ({@code tensor(float)[N]} for numeric, {@code tensor(string)[N]} for
 * categorical), because pyfunc feeds a DataFrame as {@code {name: df[name].values}} and casts
 * float64 columns to float32; and three rank-1 outputs ({@link #OUTPUT_LABEL} int64,
 * {@link #OUTPUT_PROBABILITY_0} and {@link #OUTPUT_PROBABILITY_1} double), because pyfunc reshapes
 * each output to one DataFrame column.
 *
 * <p>Preprocessing mirrors {@link FeatureEncoder}: a numeric value goes through
 * {@code ai.onnx.ml.Imputer} (NaN becomes the midpoint of the bounds, which scales to 0.5),
 * {@code Clip} to the bounds and {@code ai.onnx.ml.Scaler} to [0, 1]; a categorical value through
 * {@code ai.onnx.ml.OneHotEncoder} with {@code zeros=1}, so an unknown or missing category is all
 * zeros. The encoded columns are concatenated and cast to double, and the model itself runs in
 * double precision as in training (logistic: sigmoid(Xw + b); svm: sigmoid(2(Xw + b)); mlp:
 * sigmoid(tanh(X W1^T + b1) w2 + b2)). The ai.onnx.ml preprocessing operators work in float32,
 * which the input already is, so parity with the double-precision Java encoder is to about 1e-7 of
 * the feature's range, well inside the 1e-5 the bundle check allows.
 *
 * <p><b>Known limitation:</b> string inputs are matched exactly. The Java encoder
 * {@link String#strip() strips} a raw value before looking it up; ONNX has no standard trim
 * operator, so callers must pass trimmed strings (an untrimmed known category would score as an
 * unknown one). Likewise a numeric input is a float: parsing text, and what counts as missing
 * (empty or unparsable text becomes NaN), is the caller's job.
 *
 * <p>The output is deterministic: the same artifact and producer version give the same bytes
 * (no timestamps, no maps, names reserved in a fixed order), so a bundle's digest is reproducible.
 */
public final class OnnxExporter {

    public static final String OUTPUT_LABEL = "label";
    public static final String OUTPUT_PROBABILITY_0 = "probability_0";
    public static final String OUTPUT_PROBABILITY_1 = "probability_1";

    /** IR version 8 (ONNX 1.10 to 1.12): loadable by every ONNX Runtime since 1.10. */
    public static final long IR_VERSION = 8;
    /** Default-domain opset: 17 is supported by ONNX Runtime 1.12 and later. */
    public static final int OPSET = 17;
    public static final String ML_DOMAIN = "ai.onnx.ml";
    public static final int ML_OPSET = 3;
    public static final String PRODUCER_NAME = "custos";
    /** The symbolic batch dimension of every input and output. */
    public static final String BATCH_DIMENSION = "N";

    public static final String META_FORMAT = "custos.format";
    public static final String META_MODEL_TYPE = "custos.model_type";
    public static final String META_TARGET = "custos.target";
    public static final String META_POSITIVE_CLASS = "custos.positive_class";
    public static final String META_DATASET_SHA256 = "custos.dataset_sha256";
    public static final String META_EPSILON = "custos.epsilon";
    public static final String META_DELTA = "custos.delta";

    private static final Set<String> OUTPUTS = Set.of(OUTPUT_LABEL, OUTPUT_PROBABILITY_0, OUTPUT_PROBABILITY_1);

    private OnnxExporter() {
    }

    /**
     * The serialized {@code ModelProto} of the artifact.
     *
     * @param producerVersion written as {@code producer_version} (the Custos version that exported it)
     * @throws io.custos.ml.artifact.InvalidArtifactException if the artifact is invalid
     * @throws IllegalArgumentException if a feature is named like an output, or numeric bounds cannot
     *                                  be told apart in float32 (the precision of the graph's inputs)
     */
    public static byte[] export(ModelArtifact artifact, String producerVersion) {
        artifact.validate();
        if (producerVersion == null || producerVersion.isBlank()) {
            throw new IllegalArgumentException("producer version is required");
        }
        ModelType type = artifact.parsedModelType();
        for (FeatureEncoder.Column c : artifact.features()) {
            if (OUTPUTS.contains(c.name())) {
                throw new IllegalArgumentException("feature '" + c.name() + "' has the name of an ONNX output ("
                        + OUTPUT_LABEL + ", " + OUTPUT_PROBABILITY_0 + ", " + OUTPUT_PROBABILITY_1
                        + "); rename the column to export this model");
            }
        }

        GraphBuilder g = new GraphBuilder("custos_" + type.id(), description(artifact, type));
        // Graph inputs and outputs first: their names are fixed, every other name avoids them.
        for (FeatureEncoder.Column c : artifact.features()) {
            g.reserve(c.name());
        }
        for (String o : List.of(OUTPUT_LABEL, OUTPUT_PROBABILITY_0, OUTPUT_PROBABILITY_1)) {
            g.reserve(o);
        }

        List<String> encoded = new ArrayList<>();
        String unsqueezeAxes = null;
        for (int i = 0; i < artifact.features().size(); i++) {
            FeatureEncoder.Column c = artifact.features().get(i);
            String prefix = "f" + i + "_";
            if (c.kind() == ColumnDeclaration.Kind.NUMERIC) {
                g.input(c.name(), TensorProto.DataType.FLOAT, "numeric; NaN -> midpoint, clipped to [" + c.lower()
                        + ", " + c.upper() + "], scaled to [0, 1]");
                if (unsqueezeAxes == null) {
                    unsqueezeAxes = g.int64Vector("axis_1", 1);
                }
                encoded.add(numeric(g, c, prefix, unsqueezeAxes));
            } else {
                g.input(c.name(), TensorProto.DataType.STRING, "categorical, one-hot over " + c.categories().size()
                        + " categories (exact, trimmed match); unknown or missing -> all zeros");
                encoded.add(g.node("OneHotEncoder", ML_DOMAIN, List.of(c.name()), prefix + "onehot",
                        stringsAttribute("cats_strings", c.categories()), intAttribute("zeros", 1)));
            }
        }
        String features = g.node("Concat", ONNX_DOMAIN, encoded, "features", intAttribute("axis", 1));
        String x = g.node("Cast", ONNX_DOMAIN, List.of(features), "features_double",
                intAttribute("to", TensorProto.DataType.DOUBLE_VALUE));

        String logit = switch (type) {
            case LOGISTIC -> linearScore(g, x, artifact.parameters());
            case SVM -> g.node("Mul", ONNX_DOMAIN, List.of(linearScore(g, x, artifact.parameters()),
                    g.doubleScalar("two", 2.0)), "logit");
            case MLP -> mlpScore(g, x, artifact.parameters(), artifact.hiddenUnits());
        };
        String p1 = g.nodeInto("Sigmoid", ONNX_DOMAIN, List.of(logit), OUTPUT_PROBABILITY_1);
        g.nodeInto("Sub", ONNX_DOMAIN, List.of(g.doubleScalar("one", 1.0), p1), OUTPUT_PROBABILITY_0);
        String positive = g.node("GreaterOrEqual", ONNX_DOMAIN, List.of(p1, g.doubleScalar("threshold", 0.5)),
                "is_positive");
        g.nodeInto("Cast", ONNX_DOMAIN, List.of(positive), OUTPUT_LABEL,
                intAttribute("to", TensorProto.DataType.INT64_VALUE));

        g.output(OUTPUT_LABEL, TensorProto.DataType.INT64, "1 iff " + OUTPUT_PROBABILITY_1 + " >= 0.5");
        g.output(OUTPUT_PROBABILITY_0, TensorProto.DataType.DOUBLE, "1 - " + OUTPUT_PROBABILITY_1);
        g.output(OUTPUT_PROBABILITY_1, TensorProto.DataType.DOUBLE, "probability of the positive class");

        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ONNX_DOMAIN).setVersion(OPSET))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(ML_OPSET))
                .setProducerName(PRODUCER_NAME)
                .setProducerVersion(producerVersion)
                .setDocString(description(artifact, type))
                .setGraph(g.build());
        metadata(artifact).forEach((k, v) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    /** Imputer, Clip, Scaler, then [N] -> [N, 1] for the concatenation. */
    private static String numeric(GraphBuilder g, FeatureEncoder.Column c, String prefix, String axes) {
        float lower = (float) c.lower();
        float upper = (float) c.upper();
        float scale = (float) (1.0 / (c.upper() - c.lower()));
        float midpoint = (float) (c.lower() + (c.upper() - c.lower()) / 2);
        if (!(lower < upper) || !Float.isFinite(lower) || !Float.isFinite(upper) || !(scale > 0)
                || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("feature '" + c.name() + "' has bounds [" + c.lower() + ", " + c.upper()
                    + "] that float32 (the ONNX input type) cannot represent as a usable range");
        }
        String imputed = g.node("Imputer", ML_DOMAIN, List.of(c.name()), prefix + "imputed",
                floatsAttribute("imputed_value_floats", midpoint), floatAttribute("replaced_value_float", Float.NaN));
        String clipped = g.node("Clip", ONNX_DOMAIN, List.of(imputed, g.floatScalar(prefix + "lower", lower),
                g.floatScalar(prefix + "upper", upper)), prefix + "clipped");
        String scaled = g.node("Scaler", ML_DOMAIN, List.of(clipped), prefix + "scaled",
                floatsAttribute("offset", lower), floatsAttribute("scale", scale));
        return g.node("Unsqueeze", ONNX_DOMAIN, List.of(scaled, axes), prefix + "column");
    }

    /** Xw + b over the LinearModel layout (w, then b): shape [N]. */
    private static String linearScore(GraphBuilder g, String x, double[] p) {
        int d = p.length - 1;
        String xw = g.node("MatMul", ONNX_DOMAIN, List.of(x, g.doubleTensor("w", p, 0, d)), "xw");
        return g.node("Add", ONNX_DOMAIN, List.of(xw, g.doubleScalar("b", p[d])), "score");
    }

    /** tanh(X W1^T + b1) w2 + b2 over the MlpModel layout (W1 h x d row-major, b1, w2, b2): shape [N]. */
    private static String mlpScore(GraphBuilder g, String x, double[] p, int h) {
        int d = (p.length - 1) / h - 2;
        String w1 = g.doubleTensor("W1", p, 0, h, d);
        String b1 = g.doubleTensor("b1", p, h * d, h);
        String pre = g.node("Gemm", ONNX_DOMAIN, List.of(x, w1, b1), "hidden_pre", intAttribute("transB", 1));
        String hidden = g.node("Tanh", ONNX_DOMAIN, List.of(pre), "hidden");
        String hw = g.node("MatMul", ONNX_DOMAIN, List.of(hidden, g.doubleTensor("w2", p, h * d + h, h)), "hw2");
        return g.node("Add", ONNX_DOMAIN, List.of(hw, g.doubleScalar("b2", p[h * d + 2 * h])), "logit");
    }

    private static String description(ModelArtifact a, ModelType type) {
        StringBuilder s = new StringBuilder("Custos ").append(type.id()).append(" binary classifier");
        if (a.target() != null) {
            s.append(" of '").append(a.target()).append('\'');
        }
        if (a.positiveClass() != null) {
            s.append(" (positive class '").append(a.positiveClass()).append("')");
        }
        if (a.privacy() == null) {
            s.append(", trained without differential privacy");
        } else {
            // Federated models carry the client-level account (a whole site is the unit of privacy).
            boolean clientLevel = a.privacy().accountant() != null && a.privacy().accountant().contains("client-level");
            s.append(clientLevel ? ", trained by federated learning with client-level DP (DP-FedAvg) at epsilon "
                    : ", trained with DP-SGD at epsilon ").append(a.privacy().epsilon()).append(", delta ")
                    .append(a.privacy().delta());
        }
        s.append(". Inputs: one per feature, raw values (numbers as float, NaN if missing; categories as trimmed"
                + " strings); preprocessing is part of the graph. Outputs: label, probability_0, probability_1.");
        return s.toString();
    }

    /** Metadata in a fixed order; keys whose value the artifact does not have are left out. */
    private static Map<String, String> metadata(ModelArtifact a) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(META_FORMAT, a.format());
        m.put(META_MODEL_TYPE, a.modelType());
        m.put(META_TARGET, a.target());
        m.put(META_POSITIVE_CLASS, a.positiveClass());
        m.put(META_DATASET_SHA256, a.datasetSha256());
        if (a.privacy() != null) {
            m.put(META_EPSILON, Double.toString(a.privacy().epsilon()));
            m.put(META_DELTA, Double.toString(a.privacy().delta()));
        }
        m.values().removeIf(v -> v == null);
        return m;
    }
}
