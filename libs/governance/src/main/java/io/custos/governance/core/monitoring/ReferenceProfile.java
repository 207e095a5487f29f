package io.custos.governance.core.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a deployed model's training data looked like, kept to compare production data against.
 *
 * <p><b>Never raw data.</b> A profile holds only aggregate statistics (histograms, category counts,
 * optionally mean and standard deviation, and a histogram of the model's predictions), and only ones
 * that may be kept: released by a differentially private training run (the release was paid for
 * from the privacy budget) or declared public by a user ({@link #origin()}). Counts computed
 * directly from the raw training rows are neither; do not build a profile from them, since exact
 * counts of small categories or narrow bins can single out the people in the training data.
 *
 * <p>The constructor checks the whole profile, so a {@code ReferenceProfile} is always usable:
 * every problem is a {@link MonitoringInputException} whose field is a path such as
 * {@code features[1].edges[3]} and whose message names the feature.
 *
 * @param version format version, 1 (null reads as 1)
 * @param modelRef the model (name and version, or registry id) this profile belongs to
 * @param origin where the statistics come from; required
 * @param originNote optional provenance detail: the training job and its epsilon, or who declared
 *     the statistics public and why
 * @param features at least one feature, names unique
 * @param predictions optional histogram of the model's predicted probabilities over [0, 1]
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferenceProfile(Integer version, String modelRef, ProfileOrigin origin, String originNote,
        List<FeatureProfile> features, PredictionHistogram predictions) {

    /** The only format version so far. */
    public static final int VERSION = 1;
    /** At most this many features, as for tables. */
    public static final int MAX_FEATURES = 1000;
    /** At most this many bins or categories per feature (and prediction bins). */
    public static final int MAX_CELLS = 10_000;
    /** Longest feature or category name. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Largest single count: far above any real table, low enough that sums cannot overflow. */
    public static final long MAX_COUNT = 1_000_000_000_000L;

    public ReferenceProfile {
        version = version == null ? VERSION : version;
        features = features == null ? null : Collections.unmodifiableList(new ArrayList<>(features));
        validate(version, modelRef, origin, features, predictions);
    }

    /** A version-1 profile. */
    public ReferenceProfile(String modelRef, ProfileOrigin origin, String originNote, List<FeatureProfile> features,
            PredictionHistogram predictions) {
        this(VERSION, modelRef, origin, originNote, features, predictions);
    }

    /** The feature of that name, if the profile has it. */
    public Optional<FeatureProfile> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public String toJson() {
        return MonitoringJson.write(this);
    }

    /** Reads and checks a profile; every problem is a {@link MonitoringInputException}. */
    public static ReferenceProfile fromJson(String json) {
        return MonitoringJson.read(json, ReferenceProfile.class, "reference profile");
    }

    public static ReferenceProfile fromJson(InputStream json) {
        return MonitoringJson.read(json, ReferenceProfile.class, "reference profile");
    }

    private static void validate(int version, String modelRef, ProfileOrigin origin, List<FeatureProfile> features,
            PredictionHistogram predictions) {
        if (version != VERSION) {
            throw new MonitoringInputException("version", "version is " + version + "; only " + VERSION
                    + " is understood");
        }
        if (modelRef == null || modelRef.isBlank()) {
            throw new MonitoringInputException("modelRef", "modelRef is missing; name the model this profile "
                    + "belongs to, e.g. 'fraud-detector@3'");
        }
        if (origin == null) {
            throw new MonitoringInputException("origin", "origin is missing; it must be DP_TRAINING (released by "
                    + "a differentially private training run) or DECLARED_PUBLIC; a profile must never be "
                    + "computed from raw training data");
        }
        if (features == null || features.isEmpty()) {
            throw new MonitoringInputException("features", "features is empty; a profile needs at least one");
        }
        if (features.size() > MAX_FEATURES) {
            throw new MonitoringInputException("features", "the profile has " + features.size()
                    + " features; at most " + MAX_FEATURES + " are allowed");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            FeatureProfile f = features.get(i);
            String at = "features[" + i + "]";
            if (f == null) {
                throw new MonitoringInputException(at, at + " is null");
            }
            checkName(f.name(), at + ".name", at + ".name");
            if (!names.add(f.name())) {
                throw new MonitoringInputException(at + ".name", "feature '" + f.name() + "' is listed twice ("
                        + at + " repeats an earlier one); feature names must be unique");
            }
            String who = "feature '" + f.name() + "'";
            if (f.kind() == null) {
                throw new MonitoringInputException(at + ".kind", who + ": kind is missing; it must be NUMERIC or "
                        + "CATEGORICAL");
            }
            if (f.kind() == FeatureKind.NUMERIC) {
                validateNumeric(f, at, who);
            } else {
                validateCategorical(f, at, who);
            }
        }
        if (predictions != null) {
            validatePredictions(predictions);
        }
    }

    static void checkName(String name, String field, String what) {
        if (name == null || name.isBlank()) {
            throw new MonitoringInputException(field, what + " is missing or blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new MonitoringInputException(field, what + " is " + name.length() + " characters long; at most "
                    + MAX_NAME_LENGTH + " are allowed");
        }
    }

    private static void validateNumeric(FeatureProfile f, String at, String who) {
        if (f.categories() != null) {
            throw new MonitoringInputException(at + ".categories", who + " is NUMERIC; categories belong to "
                    + "CATEGORICAL features (give edges and counts instead)");
        }
        validateHistogram(f.edges(), f.counts(), at, who, false);
        if (f.mean() != null && !Double.isFinite(f.mean())) {
            throw new MonitoringInputException(at + ".mean", who + ": mean is " + f.mean() + "; it must be finite");
        }
        if (f.std() != null && !(Double.isFinite(f.std()) && f.std() >= 0)) {
            throw new MonitoringInputException(at + ".std", who + ": std is " + f.std()
                    + "; it must be finite and not negative");
        }
    }

    private static void validateCategorical(FeatureProfile f, String at, String who) {
        for (String numericOnly : new String[] {"edges", "counts", "mean", "std"}) {
            Object v = switch (numericOnly) {
                case "edges" -> f.edges();
                case "counts" -> f.counts();
                case "mean" -> f.mean();
                default -> f.std();
            };
            if (v != null) {
                throw new MonitoringInputException(at + "." + numericOnly, who + " is CATEGORICAL; " + numericOnly
                        + " belongs to NUMERIC features (give categories instead)");
            }
        }
        Map<String, Long> categories = f.categories();
        if (categories == null || categories.isEmpty()) {
            throw new MonitoringInputException(at + ".categories", who + ": categories is empty; give at least "
                    + "one category with its count");
        }
        if (categories.size() > MAX_CELLS) {
            throw new MonitoringInputException(at + ".categories", who + " has " + categories.size()
                    + " categories; at most " + MAX_CELLS + " are allowed");
        }
        long total = 0;
        for (Map.Entry<String, Long> e : categories.entrySet()) {
            String field = at + ".categories[" + e.getKey() + "]";
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new MonitoringInputException(at + ".categories", who + ": a category name is missing or "
                        + "blank; blank values count as missing, never as a category");
            }
            if (e.getKey().length() > MAX_NAME_LENGTH) {
                throw new MonitoringInputException(at + ".categories", who + ": a category name is "
                        + e.getKey().length() + " characters long; at most " + MAX_NAME_LENGTH + " are allowed");
            }
            total += checkCount(e.getValue(), field, who + ": the count of category '" + e.getKey() + "'");
        }
        if (total == 0) {
            throw new MonitoringInputException(at + ".categories", who + ": the category counts sum to 0; a "
                    + "reference needs at least one observation");
        }
    }

    private static void validatePredictions(PredictionHistogram p) {
        validateHistogram(p.edges(), p.counts(), "predictions", "predictions", true);
    }

    /** Edges and counts of a histogram; for predictions the edges must run from 0 to 1. */
    private static void validateHistogram(List<Double> edges, List<Long> counts, String at, String who,
            boolean probabilities) {
        if (edges == null || edges.size() < 2) {
            throw new MonitoringInputException(at + ".edges", who + ": edges needs at least two values (the "
                    + "lower and upper end of one bin), not " + (edges == null ? "none" : edges.size()));
        }
        if (edges.size() - 1 > MAX_CELLS) {
            throw new MonitoringInputException(at + ".edges", who + " has " + (edges.size() - 1)
                    + " bins; at most " + MAX_CELLS + " are allowed");
        }
        for (int i = 0; i < edges.size(); i++) {
            Double e = edges.get(i);
            String field = at + ".edges[" + i + "]";
            if (e == null || !Double.isFinite(e)) {
                throw new MonitoringInputException(field, who + ": edges[" + i + "] is " + e
                        + "; edges must be finite numbers");
            }
            if (i > 0 && !(e > edges.get(i - 1))) {
                throw new MonitoringInputException(field, who + ": edges[" + i + "] = " + e
                        + " is not above edges[" + (i - 1) + "] = " + edges.get(i - 1)
                        + "; edges must be sorted, strictly increasing");
            }
        }
        if (probabilities && (edges.get(0) != 0.0 || edges.get(edges.size() - 1) != 1.0)) {
            throw new MonitoringInputException(at + ".edges", who + ": edges run from " + edges.get(0) + " to "
                    + edges.get(edges.size() - 1) + "; prediction bins must cover exactly [0, 1]");
        }
        if (counts == null || counts.size() != edges.size() - 1) {
            throw new MonitoringInputException(at + ".counts", who + ": " + (counts == null ? "counts is missing"
                    : "counts has " + counts.size() + " values") + " but the " + edges.size()
                    + " edges make " + (edges.size() - 1) + " bins; give one count per bin");
        }
        long total = 0;
        for (int i = 0; i < counts.size(); i++) {
            total += checkCount(counts.get(i), at + ".counts[" + i + "]", who + ": counts[" + i + "]");
        }
        if (total == 0) {
            throw new MonitoringInputException(at + ".counts", who + ": counts sum to 0; a reference needs at "
                    + "least one observation");
        }
    }

    static long checkCount(Long count, String field, String what) {
        if (count == null || count < 0) {
            throw new MonitoringInputException(field, what + " is " + count + "; counts must be whole numbers, "
                    + "0 or more");
        }
        if (count > MAX_COUNT) {
            throw new MonitoringInputException(field, what + " is " + count + "; counts above " + MAX_COUNT
                    + " are not accepted");
        }
        return count;
    }
}
