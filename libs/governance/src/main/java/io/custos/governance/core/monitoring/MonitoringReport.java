package io.custos.governance.core.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * The drift of one production batch against a model's reference.
 *
 * @param modelRef the reference profile's model
 * @param features one entry per reference feature present in the batch, in the reference's order
 * @param predictions null when the batch or the reference has no predictions
 * @param overall the worst severity of the features and predictions
 * @param insufficientData true when nothing had enough data to be judged (overall is then NONE)
 * @param notInBatch reference features the batch lacks, not compared
 * @param summary one line, for people
 * @param at when the comparison was made
 */
public record MonitoringReport(String modelRef, List<FeatureDrift> features, PredictionDrift predictions,
        Severity overall, boolean insufficientData, List<String> notInBatch, String summary, Instant at) {

    public MonitoringReport {
        features = List.copyOf(features);
        notInBatch = List.copyOf(notInBatch);
    }

    /** Features whose severity is WARNING or worse. */
    public List<String> driftedFeatures() {
        return features.stream().filter(f -> f.severity().atLeast(Severity.WARNING)).map(FeatureDrift::feature)
                .toList();
    }

    public String toJson() {
        return MonitoringJson.write(this);
    }
}
