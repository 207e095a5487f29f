package io.custos.ml.artifact;

import io.custos.ml.model.Model;
import io.custos.ml.model.ModelType;
import io.custos.ml.train.FeatureEncoder;
import java.util.List;
import java.util.Map;

/**
 * Scores raw rows with a model artifact using the very code training used ({@link FeatureEncoder}
 * and {@link Model#probability}), so that it is the reference every other runtime (ONNX, a
 * bundle's recorded example outputs) is compared with. Rows are keyed by feature name, since a
 * caller outside training has no CSV layout; they are laid out by each feature's source index
 * before encoding, which is what keeps the encoding logic in one place.
 *
 * <p>Immutable and thread-safe.
 */
public final class Predictor {

    private final Model model;
    private final double[] parameters;
    private final FeatureEncoder encoder;
    private final List<String> inputNames;
    private final int rowWidth;

    Predictor(ModelArtifact artifact) {
        ModelType type = artifact.parsedModelType();
        this.encoder = new FeatureEncoder(artifact.features());
        this.model = Model.create(type, encoder.dimension(), artifact.hiddenUnits());
        this.parameters = artifact.parameters().clone();
        this.inputNames = artifact.features().stream().map(FeatureEncoder.Column::name).toList();
        this.rowWidth = artifact.features().stream().mapToInt(FeatureEncoder.Column::sourceIndex).max().orElse(-1) + 1;
    }

    /** The feature names, in artifact order (the order of the ONNX graph's inputs). */
    public List<String> inputNames() {
        return inputNames;
    }

    /**
     * Probability of the positive class. A missing key, a null or an empty value is a missing
     * value; numbers are parsed and categories matched after {@link String#strip()}, as in training.
     */
    public double probability(Map<String, String> row) {
        return model.probability(parameters, encoder.encode(layOut(row)));
    }

    /** 1 iff {@link #probability(Map)} is at least 0.5, the threshold training evaluates with. */
    public int label(Map<String, String> row) {
        return probability(row) >= 0.5 ? 1 : 0;
    }

    /** The row as the CSV row training saw: each value at its feature's source index, others null. */
    private String[] layOut(Map<String, String> row) {
        String[] csvRow = new String[rowWidth];
        for (FeatureEncoder.Column c : encoder.columns()) {
            csvRow[c.sourceIndex()] = row.get(c.name());
        }
        return csvRow;
    }
}
