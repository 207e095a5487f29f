package io.custos.ml.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Appends nodes, initializers and graph inputs/outputs to an ONNX graph, handing out value names
 * that cannot collide. Collisions matter because graph inputs are named after dataset columns,
 * which can be anything: an intermediate value named like a column would make the graph invalid
 * (ONNX values are assigned once). Every name is reserved in the order the exporter asks for it,
 * so the same model always yields the same names.
 */
final class GraphBuilder {

    static final String ONNX_DOMAIN = "";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> valueNames = new HashSet<>();
    private int nodeCount;

    GraphBuilder(String name, String docString) {
        graph.setName(name).setDocString(docString);
    }

    /** Reserves an exact name (a graph input or output); a name given twice is an error. */
    String reserve(String name) {
        if (!valueNames.add(name)) {
            throw new IllegalArgumentException("the ONNX graph would use the name '" + name + "' twice");
        }
        return name;
    }

    /** A name based on {@code base}, suffixed if it is already taken. */
    String fresh(String base) {
        String name = base;
        for (int k = 1; !valueNames.add(name); k++) {
            name = base + "_" + k;
        }
        return name;
    }

    /** Declares a rank-1 graph input of the given element type, with symbolic length "N". */
    void input(String name, TensorProto.DataType type, String docString) {
        graph.addInput(vectorValueInfo(name, type, docString));
    }

    /** Declares a rank-1 graph output of the given element type, with symbolic length "N". */
    void output(String name, TensorProto.DataType type, String docString) {
        graph.addOutput(vectorValueInfo(name, type, docString));
    }

    private static ValueInfoProto vectorValueInfo(String name, TensorProto.DataType type, String docString) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(OnnxExporter.BATCH_DIMENSION))
                .build();
        TypeProto tensorType = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(tensorType).setDocString(docString).build();
    }

    /**
     * Adds a node computing a fresh value named after {@code outputBase}, and returns that name.
     */
    String node(String opType, String domain, List<String> inputs, String outputBase, AttributeProto... attributes) {
        return nodeInto(opType, domain, inputs, fresh(outputBase), attributes);
    }

    /** Adds a node whose output name was already reserved (a graph output). */
    String nodeInto(String opType, String domain, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder()
                .setOpType(opType)
                .setDomain(domain)
                .setName(opType + "_" + nodeCount++)
                .addAllInput(inputs)
                .addOutput(output);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return output;
    }

    String floatScalar(String base, float value) {
        String name = fresh(base);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addFloatData(value));
        return name;
    }

    String doubleScalar(String base, double value) {
        String name = fresh(base);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.DOUBLE_VALUE)
                .addDoubleData(value));
        return name;
    }

    /** A double tensor of the given shape from row-major values {@code data[from, from + size)}. */
    String doubleTensor(String base, double[] data, int from, long... dims) {
        String name = fresh(base);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.DOUBLE_VALUE);
        long size = 1;
        for (long d : dims) {
            t.addDims(d);
            size *= d;
        }
        for (int i = 0; i < size; i++) {
            t.addDoubleData(data[from + i]);
        }
        graph.addInitializer(t);
        return name;
    }

    String int64Vector(String base, long... values) {
        String name = fresh(base);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    GraphProto build() {
        return graph.build();
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    static AttributeProto floatsAttribute(String name, float... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.FLOATS);
        for (float v : values) {
            a.addFloats(v);
        }
        return a.build();
    }

    static AttributeProto stringsAttribute(String name, List<String> values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8));
        }
        return a.build();
    }
}
