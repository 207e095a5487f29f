package io.custos.governance.core.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One feature of a production batch, in the shape of the reference: for a NUMERIC feature,
 * {@code counts} over the reference's bins plus the values that fell {@code belowRange} (under the
 * first edge) or {@code aboveRange} (over the last); for a CATEGORICAL feature, {@code categories}
 * with a count per category, including categories the reference never saw. {@code missing} counts
 * rows without a usable value (absent, blank, or not a number for a numeric feature); they are
 * reported but not compared.
 *
 * <p>Canonical form, so that two equal batches are equal records: a numeric feature's out-of-range
 * counts are never null (0), a categorical feature's are null, and categories with count 0 are
 * dropped (an absent category counts 0). Checked when put into a {@link ProductionBatch}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureCounts(String name, List<Long> counts, Long belowRange, Long aboveRange,
        Map<String, Long> categories, long missing) {

    public FeatureCounts {
        counts = counts == null ? null : Collections.unmodifiableList(new ArrayList<>(counts));
        if (counts != null) {
            belowRange = belowRange == null ? 0L : belowRange;
            aboveRange = aboveRange == null ? 0L : aboveRange;
        } else {
            belowRange = Objects.equals(belowRange, 0L) ? null : belowRange;
            aboveRange = Objects.equals(aboveRange, 0L) ? null : aboveRange;
        }
        if (categories != null) {
            Map<String, Long> kept = new LinkedHashMap<>();
            categories.forEach((k, v) -> {
                if (!Objects.equals(v, 0L)) {
                    kept.put(k, v);
                }
            });
            categories = Collections.unmodifiableMap(kept);
        }
    }

    /** A numeric feature's counts over the reference bins, and what fell outside them. */
    public static FeatureCounts numeric(String name, List<Long> counts, long belowRange, long aboveRange,
            long missing) {
        return new FeatureCounts(name, counts, belowRange, aboveRange, null, missing);
    }

    /** A categorical feature's counts per category. */
    public static FeatureCounts categorical(String name, Map<String, Long> categories, long missing) {
        return new FeatureCounts(name, null, null, null, categories, missing);
    }
}
