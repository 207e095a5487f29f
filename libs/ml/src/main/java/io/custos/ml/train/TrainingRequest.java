package io.custos.ml.train;

import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.model.ModelType;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run needs besides the data.
 *
 * @param positiveClass   the target value that counts as 1; null means the target is numeric 0/1
 * @param features        feature columns; null or empty means every column but the target
 * @param declarations    what the user declares public, by column name
 * @param epsilon         target epsilon of the whole run (ignored when not private)
 * @param delta           target delta of the whole run (ignored when not private)
 * @param testFraction    share of rows held out for evaluation
 */
public record TrainingRequest(
        String target,
        String positiveClass,
        List<String> features,
        Map<String, ColumnDeclaration> declarations,
        ModelType modelType,
        int hiddenUnits,
        SgdOptions sgd,
        double epsilon,
        double delta,
        double testFraction) {

    public TrainingRequest {
        features = features == null ? List.of() : List.copyOf(features);
        declarations = declarations == null ? Map.of() : Map.copyOf(declarations);
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1)");
        }
        if (sgd.privateTraining()) {
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("epsilon must be > 0");
            }
            if (!(delta > 0 && delta < 1)) {
                throw new IllegalArgumentException("delta must be in (0, 1)");
            }
        }
    }
}
