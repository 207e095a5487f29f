package io.custos.governance.core.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference distribution of one feature, as aggregate counts only.
 *
 * <p>NUMERIC: {@code edges} are k + 1 strictly increasing finite numbers and {@code counts} the k
 * bin counts; bin i holds values in [edges[i], edges[i+1]), the last bin also its right edge.
 * {@code mean} and {@code std} are optional, for display. CATEGORICAL: {@code categories} maps each
 * category to its count. Counts are whole and non-negative (DP counts must be post-processed to
 * that, which costs no privacy).
 *
 * <p>A profile on its own may be inconsistent; it is checked, with the feature's position in the
 * path, when it is put into a {@link ReferenceProfile}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureProfile(String name, FeatureKind kind, List<Double> edges, List<Long> counts, Double mean,
        Double std, Map<String, Long> categories) {

    public FeatureProfile {
        // Copies that may still hold nulls, so that validation can name them rather than fail here.
        edges = edges == null ? null : Collections.unmodifiableList(new ArrayList<>(edges));
        counts = counts == null ? null : Collections.unmodifiableList(new ArrayList<>(counts));
        categories = categories == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(categories));
    }

    /** A numeric feature's histogram. */
    public static FeatureProfile numeric(String name, List<Double> edges, List<Long> counts) {
        return new FeatureProfile(name, FeatureKind.NUMERIC, edges, counts, null, null, null);
    }

    /** A numeric feature's histogram with its (public or DP) mean and standard deviation. */
    public static FeatureProfile numeric(String name, List<Double> edges, List<Long> counts, Double mean, Double std) {
        return new FeatureProfile(name, FeatureKind.NUMERIC, edges, counts, mean, std, null);
    }

    /** A categorical feature's counts, in the map's iteration order. */
    public static FeatureProfile categorical(String name, Map<String, Long> categories) {
        return new FeatureProfile(name, FeatureKind.CATEGORICAL, null, null, null, null, categories);
    }

    /** Numeric bins (valid profiles only). */
    int binCount() {
        return counts.size();
    }
}
