package io.custos.ml.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs an exported graph on rows of strings the way a caller of the graph must: numbers parsed to
 * float (empty or unparsable: NaN), strings passed as they are. Test-only; libs/bundle has the
 * production runner.
 */
final class OrtScorer implements AutoCloseable {

    record Scores(long[] label, double[] probability0, double[] probability1) {
    }

    final OrtEnvironment env = OrtEnvironment.getEnvironment();
    final OrtSession session;

    OrtScorer(byte[] onnx) throws OrtException {
        session = env.createSession(onnx, new OrtSession.SessionOptions());
    }

    Scores score(List<Map<String, String>> rows) throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                String name = e.getKey();
                boolean numeric = ((TensorInfo) e.getValue().getInfo()).type == OnnxJavaType.FLOAT;
                if (numeric) {
                    float[] v = new float[rows.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = toFloat(rows.get(i).get(name));
                    }
                    inputs.put(name, OnnxTensor.createTensor(env, v));
                } else {
                    String[] v = new String[rows.size()];
                    for (int i = 0; i < v.length; i++) {
                        String s = rows.get(i).get(name);
                        v[i] = s == null ? "" : s;
                    }
                    inputs.put(name, OnnxTensor.createTensor(env, v));
                }
            }
            try (OrtSession.Result r = session.run(inputs, Set.of(OnnxExporter.OUTPUT_LABEL,
                    OnnxExporter.OUTPUT_PROBABILITY_0, OnnxExporter.OUTPUT_PROBABILITY_1))) {
                return new Scores((long[]) r.get(OnnxExporter.OUTPUT_LABEL).orElseThrow().getValue(),
                        (double[]) r.get(OnnxExporter.OUTPUT_PROBABILITY_0).orElseThrow().getValue(),
                        (double[]) r.get(OnnxExporter.OUTPUT_PROBABILITY_1).orElseThrow().getValue());
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    static float toFloat(String s) {
        if (s == null || s.isBlank()) {
            return Float.NaN;
        }
        try {
            return (float) Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
