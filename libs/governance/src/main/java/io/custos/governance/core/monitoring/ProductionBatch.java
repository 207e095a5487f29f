package io.custos.governance.core.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of production data for one model, always held as counts in the reference's shape.
 *
 * <p>Customers may send the counts themselves (the statistics form, e.g. from their own
 * pipeline), or raw rows and predicted probabilities, which {@link #fromRows} and
 * {@link #fromTable} bin onto the reference's edges and categories at once: nothing of the raw rows
 * is kept, and both forms give equal batches for equal data.
 *
 * <p>The constructor checks the batch on its own (names, whole non-negative counts); whether it
 * fits the reference (known features, bin counts, kinds) is checked by {@link DriftMonitor}.
 *
 * @param modelRef optional; when given it must be the reference profile's
 * @param features the features present in the batch, by name; features of the reference missing
 *     here are reported as not compared
 * @param predictionCounts optional counts of predicted probabilities over the reference's
 *     prediction bins
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductionBatch(String modelRef, List<FeatureCounts> features, List<Long> predictionCounts) {

    public ProductionBatch {
        features = features == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(features));
        predictionCounts = predictionCounts == null ? null
                : Collections.unmodifiableList(new ArrayList<>(predictionCounts));
        validate(features, predictionCounts);
    }

    public static ProductionBatch fromJson(String json) {
        return MonitoringJson.read(json, ProductionBatch.class, "production batch");
    }

    public static ProductionBatch fromJson(InputStream json) {
        return MonitoringJson.read(json, ProductionBatch.class, "production batch");
    }

    public String toJson() {
        return MonitoringJson.write(this);
    }

    /** The feature of that name, or null when the batch lacks it. */
    FeatureCounts feature(String name) {
        for (FeatureCounts f : features) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /**
     * Bins raw rows onto the reference. A feature is in the batch when at least one row has its
     * key; rows without it, or with a blank or "NA"-like value, or a non-number for a numeric
     * feature, count as missing. Keys the reference does not know are ignored.
     *
     * @param predictions predicted probabilities in [0, 1], or null
     */
    public static ProductionBatch fromRows(ReferenceProfile reference, List<Map<String, String>> rows,
            double[] predictions) {
        if (rows == null) {
            throw new MonitoringInputException("rows", "rows is missing; give a list (possibly empty) of rows");
        }
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r) == null) {
                throw new MonitoringInputException("rows[" + r + "]", "rows[" + r + "] is null");
            }
        }
        if (predictions != null && !rows.isEmpty() && predictions.length != rows.size()) {
            throw new MonitoringInputException("predictions", "there are " + predictions.length
                    + " predictions for " + rows.size() + " rows; give one per row (or send predictions alone)");
        }
        List<FeatureCounts> features = new ArrayList<>();
        for (FeatureProfile f : reference.features()) {
            String name = f.name();
            if (rows.stream().noneMatch(row -> row.containsKey(name))) {
                continue;
            }
            Accumulator acc = new Accumulator(f);
            for (Map<String, String> row : rows) {
                acc.add(row.get(name), 1);
            }
            features.add(acc.result());
        }
        return new ProductionBatch(reference.modelRef(), features, binPredictions(reference, predictions));
    }

    /**
     * Bins a table onto the reference: as {@link #fromRows}, with a feature in the batch when the
     * table has its column. Each distinct value of a column is read once.
     */
    public static ProductionBatch fromTable(ReferenceProfile reference, DataTable table, double[] predictions) {
        if (table == null) {
            throw new MonitoringInputException("table", "table is missing");
        }
        if (predictions != null && table.rows() > 0 && predictions.length != table.rows()) {
            throw new MonitoringInputException("predictions", "there are " + predictions.length
                    + " predictions for " + table.rows() + " rows; give one per row (or send predictions alone)");
        }
        List<FeatureCounts> features = new ArrayList<>();
        for (FeatureProfile f : reference.features()) {
            if (!table.has(f.name())) {
                continue;
            }
            Column column = table.column(f.name());
            List<String> dictionary = column.dictionary();
            int[] counts = column.counts();
            Accumulator acc = new Accumulator(f);
            for (int code = 0; code < dictionary.size(); code++) {
                if (counts[code] > 0) {
                    acc.add(dictionary.get(code), counts[code]);
                }
            }
            features.add(acc.result());
        }
        return new ProductionBatch(reference.modelRef(), features, binPredictions(reference, predictions));
    }

    /** Counts of one feature's raw values, in the reference's shape. */
    private static final class Accumulator {
        private final FeatureProfile reference;
        private final double[] edges;
        private final long[] bins;
        private final Map<String, Long> categories = new LinkedHashMap<>();
        private long below;
        private long above;
        private long missing;

        Accumulator(FeatureProfile reference) {
            this.reference = reference;
            if (reference.kind() == FeatureKind.NUMERIC) {
                edges = Binning.edges(reference.edges());
                bins = new long[edges.length - 1];
            } else {
                edges = null;
                bins = null;
            }
        }

        void add(String value, long times) {
            if (Column.isMissing(value)) {
                missing += times;
            } else if (edges == null) {
                categories.merge(value, times, Long::sum);
            } else {
                double x = Column.parseNumber(value);
                if (Double.isNaN(x)) {
                    missing += times;
                    return;
                }
                int bin = Binning.binOf(edges, x);
                if (bin == Binning.BELOW) {
                    below += times;
                } else if (bin == bins.length) {
                    above += times;
                } else {
                    bins[bin] += times;
                }
            }
        }

        FeatureCounts result() {
            if (edges == null) {
                return FeatureCounts.categorical(reference.name(), categories, missing);
            }
            List<Long> counts = new ArrayList<>(bins.length);
            for (long b : bins) {
                counts.add(b);
            }
            return FeatureCounts.numeric(reference.name(), counts, below, above, missing);
        }
    }

    private static List<Long> binPredictions(ReferenceProfile reference, double[] predictions) {
        if (predictions == null) {
            return null;
        }
        if (reference.predictions() == null) {
            throw new MonitoringInputException("predictions", "the reference profile of '" + reference.modelRef()
                    + "' has no prediction histogram, so predictions cannot be compared; leave them out");
        }
        double[] edges = Binning.edges(reference.predictions().edges());
        long[] bins = new long[edges.length - 1];
        for (int i = 0; i < predictions.length; i++) {
            double p = predictions[i];
            if (!(p >= 0 && p <= 1)) {
                throw new MonitoringInputException("predictions[" + i + "]", "predictions[" + i + "] is " + p
                        + "; predicted probabilities must lie in [0, 1]");
            }
            bins[Binning.binOf(edges, p)]++;
        }
        List<Long> counts = new ArrayList<>(bins.length);
        for (long b : bins) {
            counts.add(b);
        }
        return counts;
    }

    private static void validate(List<FeatureCounts> features, List<Long> predictionCounts) {
        if (features.size() > ReferenceProfile.MAX_FEATURES) {
            throw new MonitoringInputException("features", "the batch has " + features.size()
                    + " features; at most " + ReferenceProfile.MAX_FEATURES + " are allowed");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            FeatureCounts f = features.get(i);
            String at = "features[" + i + "]";
            if (f == null) {
                throw new MonitoringInputException(at, at + " is null");
            }
            ReferenceProfile.checkName(f.name(), at + ".name", at + ".name");
            if (!names.add(f.name())) {
                throw new MonitoringInputException(at + ".name", "feature '" + f.name() + "' is listed twice ("
                        + at + " repeats an earlier one); feature names must be unique");
            }
            String who = "feature '" + f.name() + "'";
            if ((f.counts() == null) == (f.categories() == null)) {
                throw new MonitoringInputException(at, who + ": give either counts (a numeric feature, over the "
                        + "reference's bins) or categories (a categorical feature), " + (f.counts() == null
                                ? "not neither" : "not both"));
            }
            if (f.missing() < 0) {
                throw new MonitoringInputException(at + ".missing", who + ": missing is " + f.missing()
                        + "; counts must be 0 or more");
            }
            if (f.counts() != null) {
                if (f.counts().size() > ReferenceProfile.MAX_CELLS) {
                    throw new MonitoringInputException(at + ".counts", who + " has " + f.counts().size()
                            + " bins; at most " + ReferenceProfile.MAX_CELLS + " are allowed");
                }
                for (int b = 0; b < f.counts().size(); b++) {
                    ReferenceProfile.checkCount(f.counts().get(b), at + ".counts[" + b + "]",
                            who + ": counts[" + b + "]");
                }
                ReferenceProfile.checkCount(f.belowRange(), at + ".belowRange", who + ": belowRange");
                ReferenceProfile.checkCount(f.aboveRange(), at + ".aboveRange", who + ": aboveRange");
            } else {
                if (f.belowRange() != null || f.aboveRange() != null) {
                    throw new MonitoringInputException(at + (f.belowRange() != null ? ".belowRange" : ".aboveRange"),
                            who + " is categorical; belowRange and aboveRange belong to numeric features");
                }
                if (f.categories().size() > ReferenceProfile.MAX_CELLS) {
                    throw new MonitoringInputException(at + ".categories", who + " has " + f.categories().size()
                            + " categories; at most " + ReferenceProfile.MAX_CELLS + " are allowed");
                }
                for (Map.Entry<String, Long> e : f.categories().entrySet()) {
                    if (e.getKey() == null || e.getKey().isBlank()) {
                        throw new MonitoringInputException(at + ".categories", who + ": a category name is missing "
                                + "or blank; count blank values as missing instead");
                    }
                    ReferenceProfile.checkCount(e.getValue(), at + ".categories[" + e.getKey() + "]",
                            who + ": the count of category '" + e.getKey() + "'");
                }
            }
        }
        if (predictionCounts != null) {
            for (int b = 0; b < predictionCounts.size(); b++) {
                ReferenceProfile.checkCount(predictionCounts.get(b), "predictionCounts[" + b + "]",
                        "predictionCounts[" + b + "]");
            }
        }
    }

    /** Checks that the batch fits the reference it is compared with. */
    void checkAgainst(ReferenceProfile reference) {
        if (modelRef != null && !modelRef.equals(reference.modelRef())) {
            throw new MonitoringInputException("modelRef", "the batch is for model '" + modelRef
                    + "' but the reference profile is for '" + reference.modelRef() + "'");
        }
        for (int i = 0; i < features.size(); i++) {
            FeatureCounts f = features.get(i);
            String at = "features[" + i + "]";
            FeatureProfile ref = reference.feature(f.name()).orElseThrow(() -> new MonitoringInputException(
                    at + ".name", "feature '" + f.name() + "' is not in the reference profile of '"
                            + reference.modelRef() + "'; its features are "
                            + reference.features().stream().map(FeatureProfile::name).toList()));
            String who = "feature '" + f.name() + "'";
            if (ref.kind() == FeatureKind.NUMERIC && f.counts() == null) {
                throw new MonitoringInputException(at + ".counts", who + " is numeric in the reference; give "
                        + "counts over its " + ref.binCount() + " bins, not categories");
            }
            if (ref.kind() == FeatureKind.CATEGORICAL && f.categories() == null) {
                throw new MonitoringInputException(at + ".categories", who + " is categorical in the reference; "
                        + "give categories, not counts");
            }
            if (ref.kind() == FeatureKind.NUMERIC && f.counts().size() != ref.binCount()) {
                throw new MonitoringInputException(at + ".counts", who + ": counts has " + f.counts().size()
                        + " values but the reference has " + ref.binCount() + " bins (edges " + ref.edges()
                        + "); count values outside them as belowRange or aboveRange");
            }
        }
        if (predictionCounts != null) {
            if (reference.predictions() == null) {
                throw new MonitoringInputException("predictionCounts", "the reference profile of '"
                        + reference.modelRef() + "' has no prediction histogram; leave predictionCounts out");
            }
            int bins = reference.predictions().counts().size();
            if (predictionCounts.size() != bins) {
                throw new MonitoringInputException("predictionCounts", "predictionCounts has "
                        + predictionCounts.size() + " values but the reference has " + bins
                        + " prediction bins (edges " + reference.predictions().edges() + ")");
            }
        }
    }
}
