package io.custos.bundle.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.InvalidProtocolBufferException;
import io.custos.ml.onnx.OnnxExporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a Custos ONNX graph (see {@link OnnxExporter}) on rows of strings, as a bundle's validator
 * and the parity check need: without Python, with the runtime MLflow would use.
 *
 * <p>Rows are maps from input name to raw text, like a CSV row or a pandas cell rendered as text.
 * For a float input the text is stripped and parsed as a double, then narrowed to float as MLflow
 * narrows float64 columns; a missing key, a null, empty or unparsable text becomes NaN, which the
 * graph treats as a missing value. For a string input the text is passed as it is (a missing key or
 * null as ""): the graph matches categories exactly, so trimming is the caller's business, and the
 * runner must not hide that difference from a parity check.
 *
 * <p>The model is checked before ONNX Runtime sees it for tensors stored outside the file (ORT
 * would read them from the local file system), since a bundle is untrusted input. The session
 * uses one intra-op thread: batches here are small and the services share their cores.
 *
 * <p>{@link #predict} may be called from several threads at once (ORT sessions allow it), but
 * not after or during {@link #close}.
 */
public final class OnnxRunner implements AutoCloseable {

    /**
     * One graph input as ONNX Runtime reports it.
     *
     * @param type "float" or "string" for the rank-1 inputs Custos graphs have; otherwise ORT's
     *             element type in lower case ("double", "int64", ...), with its rank if not 1, or
     *             ORT's description of a non-tensor type
     */
    public record InputSpec(String name, String type) {
    }

    /** The three outputs of a Custos graph for one row. */
    public record Prediction(long label, double probability0, double probability1) {
    }

    private static final Set<String> OUTPUTS = Set.of(OnnxExporter.OUTPUT_LABEL, OnnxExporter.OUTPUT_PROBABILITY_0,
            OnnxExporter.OUTPUT_PROBABILITY_1);

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final List<InputSpec> inputs;

    /**
     * Loads the model and checks it has the three Custos outputs.
     *
     * @throws IllegalArgumentException if the bytes are not an ONNX model, refer to external data,
     *                                  or lack the outputs label (int64 [N]), probability_0 and
     *                                  probability_1 (double [N])
     * @throws OnnxRuntimeFailure       if ONNX Runtime cannot load the model
     */
    public OnnxRunner(byte[] onnx) {
        rejectExternalData(onnx);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            // Failures reach the caller as exceptions with ORT's message; no second copy on stderr.
            options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            this.session = env.createSession(onnx, options);
        } catch (OrtException e) {
            throw new OnnxRuntimeFailure("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
        try {
            checkOutputs(session.getOutputInfo());
            List<InputSpec> specs = new ArrayList<>();
            for (NodeInfo n : session.getInputInfo().values()) {
                specs.add(new InputSpec(n.getName(), typeText(n)));
            }
            this.inputs = List.copyOf(specs);
        } catch (OrtException e) {
            closeQuietly();
            throw new OnnxRuntimeFailure("ONNX Runtime cannot describe the model: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** The version of the ONNX Runtime library that runs the models (recorded in provenance). */
    public static String runtimeVersion() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    /** The graph inputs, in graph order. */
    public List<InputSpec> inputs() {
        return inputs;
    }

    /**
     * Scores all rows in one run.
     *
     * @throws IllegalArgumentException if an input is neither a rank-1 float nor a rank-1 string
     *                                  tensor, or the outputs do not have one value per row
     * @throws OnnxRuntimeFailure       if ONNX Runtime fails to run the graph
     */
    public List<Prediction> predict(List<Map<String, String>> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (InputSpec in : inputs) {
                feed.put(in.name(), tensor(in, rows));
            }
            try (OrtSession.Result result = session.run(feed, OUTPUTS)) {
                long[] label = column(result, OnnxExporter.OUTPUT_LABEL, long[].class, rows.size());
                double[] p0 = column(result, OnnxExporter.OUTPUT_PROBABILITY_0, double[].class, rows.size());
                double[] p1 = column(result, OnnxExporter.OUTPUT_PROBABILITY_1, double[].class, rows.size());
                List<Prediction> predictions = new ArrayList<>(rows.size());
                for (int i = 0; i < rows.size(); i++) {
                    predictions.add(new Prediction(label[i], p0[i], p1[i]));
                }
                return predictions;
            }
        } catch (OrtException e) {
            throw new OnnxRuntimeFailure("ONNX Runtime failed to run the model on " + rows.size() + " rows: "
                    + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new OnnxRuntimeFailure("ONNX Runtime failed to release the model: " + e.getMessage(), e);
        }
    }

    private void closeQuietly() {
        try {
            session.close();
        } catch (OrtException | RuntimeException ignored) {
            // already failing with a more useful error
        }
    }

    private OnnxTensor tensor(InputSpec in, List<Map<String, String>> rows) throws OrtException {
        long[] shape = {rows.size()};
        switch (in.type()) {
            case "float" -> {
                float[] values = new float[rows.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = toFloat(rows.get(i).get(in.name()));
                }
                return OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(values), shape);
            }
            case "string" -> {
                String[] values = new String[rows.size()];
                for (int i = 0; i < values.length; i++) {
                    String v = rows.get(i).get(in.name());
                    values[i] = v == null ? "" : v;
                }
                return OnnxTensor.createTensor(env, values, shape);
            }
            default -> throw new IllegalArgumentException("input '" + in.name() + "' is " + in.type()
                    + "; a Custos model has only rank-1 float and string inputs");
        }
    }

    /** Text to the float a float input gets: NaN for anything that is not a number. */
    static float toFloat(String text) {
        if (text == null) {
            return Float.NaN;
        }
        String s = text.strip();
        if (s.isEmpty()) {
            return Float.NaN;
        }
        try {
            return (float) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }

    private static <T> T column(OrtSession.Result result, String name, Class<T> type, int rows) throws OrtException {
        OnnxValue v = result.get(name).orElseThrow(() -> new IllegalArgumentException("the model gave no " + name));
        Object value = v.getValue();
        if (!type.isInstance(value) || java.lang.reflect.Array.getLength(value) != rows) {
            throw new IllegalArgumentException("output " + name + " must hold one value per row (" + rows
                    + "), the model gave " + (type.isInstance(value) ? java.lang.reflect.Array.getLength(value)
                    + " values" : v.getInfo()));
        }
        return type.cast(value);
    }

    /** Input types as {@link InputSpec} reports them; rank-1 float and string map to "float", "string". */
    private static String typeText(NodeInfo n) {
        if (n.getInfo() instanceof TensorInfo t) {
            String element = t.type.name().toLowerCase(java.util.Locale.ROOT);
            return t.getShape().length == 1 ? element : element + " tensor of rank " + t.getShape().length;
        }
        return n.getInfo().toString();
    }

    private static void checkOutputs(Map<String, NodeInfo> outputs) {
        List<String> problems = new ArrayList<>();
        expectVector(outputs, OnnxExporter.OUTPUT_LABEL, OnnxJavaType.INT64, problems);
        expectVector(outputs, OnnxExporter.OUTPUT_PROBABILITY_0, OnnxJavaType.DOUBLE, problems);
        expectVector(outputs, OnnxExporter.OUTPUT_PROBABILITY_1, OnnxJavaType.DOUBLE, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("not a Custos classifier: " + String.join("; ", problems)
                    + " (outputs found: " + outputs.keySet() + ")");
        }
    }

    private static void expectVector(Map<String, NodeInfo> outputs, String name, OnnxJavaType type,
            List<String> problems) {
        NodeInfo n = outputs.get(name);
        String wanted = type.name().toLowerCase(java.util.Locale.ROOT) + " [N]";
        if (n == null) {
            problems.add("output " + name + " (" + wanted + ") is missing");
        } else if (!(n.getInfo() instanceof TensorInfo t) || t.type != type || t.getShape().length != 1) {
            problems.add("output " + name + " must be " + wanted + ", is " + n.getInfo());
        }
    }

    /**
     * Refuses models whose tensors live in external files: ONNX Runtime would open those paths on
     * this machine, and a hostile bundle could point them anywhere. Custos graphs embed everything.
     */
    private static void rejectExternalData(byte[] onnx) {
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        if (!model.hasGraph()) {
            throw new IllegalArgumentException("not an ONNX model: it has no graph");
        }
        checkGraph(model.getGraph());
        for (OnnxMl.FunctionProto f : model.getFunctionsList()) {
            for (OnnxMl.NodeProto n : f.getNodeList()) {
                checkNode(n);
            }
        }
    }

    private static void checkGraph(OnnxMl.GraphProto g) {
        g.getInitializerList().forEach(OnnxRunner::checkTensor);
        for (OnnxMl.SparseTensorProto s : g.getSparseInitializerList()) {
            checkTensor(s.getValues());
            checkTensor(s.getIndices());
        }
        g.getNodeList().forEach(OnnxRunner::checkNode);
    }

    private static void checkNode(OnnxMl.NodeProto n) {
        for (OnnxMl.AttributeProto a : n.getAttributeList()) {
            if (a.hasT()) {
                checkTensor(a.getT());
            }
            a.getTensorsList().forEach(OnnxRunner::checkTensor);
            if (a.hasSparseTensor()) {
                checkTensor(a.getSparseTensor().getValues());
                checkTensor(a.getSparseTensor().getIndices());
            }
            if (a.hasG()) {
                checkGraph(a.getG());
            }
            a.getGraphsList().forEach(OnnxRunner::checkGraph);
        }
    }

    private static void checkTensor(OnnxMl.TensorProto t) {
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' refers to external data; a bundle's"
                    + " ONNX model must be self-contained");
        }
    }
}
