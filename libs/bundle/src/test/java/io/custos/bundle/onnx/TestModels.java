package io.custos.bundle.onnx;

import ai.onnx.proto.OnnxMl;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.model.Model;
import io.custos.ml.model.ModelType;
import io.custos.ml.report.TrainingReport;
import io.custos.ml.train.FeatureEncoder;
import java.util.List;
import java.util.Random;

/** Artifacts over a census-like schema with random parameters, and hand-made graphs for failures. */
final class TestModels {

    static final List<FeatureEncoder.Column> FEATURES = List.of(
            new FeatureEncoder.Column("age", 0, ColumnDeclaration.Kind.NUMERIC, 17, 90, null),
            new FeatureEncoder.Column("workclass", 1, ColumnDeclaration.Kind.CATEGORICAL, 0, 1,
                    List.of("Federal-gov", "Local-gov", "Never-worked", "Private", "Self-emp-inc",
                            "Self-emp-not-inc", "State-gov", "Without-pay")),
            new FeatureEncoder.Column("hours per week", 3, ColumnDeclaration.Kind.NUMERIC, 1, 99, null),
            new FeatureEncoder.Column("sex", 2, ColumnDeclaration.Kind.CATEGORICAL, 0, 1, List.of("Female", "Male")),
            new FeatureEncoder.Column("capital-gain", 5, ColumnDeclaration.Kind.NUMERIC, 0, 100000, null),
            new FeatureEncoder.Column("ratio", 4, ColumnDeclaration.Kind.NUMERIC, -0.25, 0.75, null));

    private TestModels() {
    }

    static ModelArtifact artifact(ModelType type, long seed) {
        int d = new FeatureEncoder(FEATURES).dimension();
        int hidden = type == ModelType.MLP ? 6 : 0;
        double[] p = new double[Model.create(type, d, hidden).parameterCount()];
        Random random = new Random(seed);
        for (int i = 0; i < p.length; i++) {
            p[i] = 1.5 * random.nextGaussian();
        }
        TrainingReport.Privacy privacy = new TrainingReport.Privacy(2.0, 1e-6, 9e-7, 3.1, 12, "rdp", 1.1, 0.01, 300,
                1.0, List.of(), new double[] {12}, new double[] {0.2});
        return new ModelArtifact(ModelArtifact.FORMAT, type.id(), hidden, p, FEATURES, "income", ">50K",
                "ef".repeat(32), privacy, "seeded:" + seed);
    }

    // --- hand-made graphs -------------------------------------------------------------------------

    static OnnxMl.ValueInfoProto vector(String name, OnnxMl.TensorProto.DataType type) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber())
                        .setShape(OnnxMl.TensorShapeProto.newBuilder()
                                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")))))
                .build();
    }

    static OnnxMl.NodeProto node(String op, List<String> inputs, String output, OnnxMl.AttributeProto... attrs) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).addAllInput(inputs).addOutput(output);
        for (OnnxMl.AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        return n.build();
    }

    static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    static OnnxMl.TensorProto doubleScalar(String name, double v) {
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.DOUBLE_VALUE)
                .addDoubleData(v).build();
    }

    static byte[] model(OnnxMl.GraphProto.Builder graph) {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph.setName("test")).build().toByteArray();
    }

    /**
     * A graph with the Custos outputs computed from a double logit "x" by {@code body}'s nodes:
     * p1 = sigmoid(x), p0 = 1 - p1, label = p1 >= 0.5.
     */
    static OnnxMl.GraphProto.Builder classifierOn(String logit) {
        return OnnxMl.GraphProto.newBuilder()
                .addInitializer(doubleScalar("one", 1))
                .addInitializer(doubleScalar("half", 0.5))
                .addNode(node("Sigmoid", List.of(logit), "probability_1"))
                .addNode(node("Sub", List.of("one", "probability_1"), "probability_0"))
                .addNode(node("GreaterOrEqual", List.of("probability_1", "half"), "positive"))
                .addNode(node("Cast", List.of("positive"), "label",
                        intAttribute("to", OnnxMl.TensorProto.DataType.INT64_VALUE)))
                .addOutput(vector("label", OnnxMl.TensorProto.DataType.INT64))
                .addOutput(vector("probability_0", OnnxMl.TensorProto.DataType.DOUBLE))
                .addOutput(vector("probability_1", OnnxMl.TensorProto.DataType.DOUBLE));
    }
}
