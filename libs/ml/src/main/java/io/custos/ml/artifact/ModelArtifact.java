package io.custos.privacy.training;

import io.custos.ml.report.TrainingReport;
import io.custos.ml.train.FeatureEncoder;
import java.util.List;

/**
 * The trained model as a self-contained JSON document: parameters, the preprocessing that is part
 * of the model, and the privacy account it was trained under. Packaging turns it into ONNX.
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
}
