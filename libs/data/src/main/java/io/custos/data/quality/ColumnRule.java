package io.custos.data.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one column's values must be; every part is optional (null: not checked). Rules apply to
 * present values, except {@code required}, which says no value may be missing.
 *
 * @param min least allowed number (non-numbers then break the implied "number" rule)
 * @param max greatest allowed number
 * @param regex Java regular expression the whole value must match
 * @param allowed the only values allowed, compared exactly
 * @param required true when no row may miss a value
 */
public record ColumnRule(Double min, Double max, String regex, List<String> allowed, Boolean required) {

    public ColumnRule {
        // A copy that may hold nulls, so that validation can name them instead of failing here.
        allowed = allowed == null ? null : Collections.unmodifiableList(new ArrayList<>(allowed));
    }
}
