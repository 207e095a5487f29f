package io.custos.data.quality;

import java.util.List;

/**
 * One column's profile.
 *
 * @param type the inferred {@code ColumnType}, by name
 * @param completeness present rows over all rows (1 for a table without rows)
 * @param distinct distinct present values
 * @param uniqueness distinct present values over present rows (0 when none is present)
 * @param constant more than one present row, all with the same value
 * @param typeMismatches present values that do not fit the inferred type
 * @param violations one entry per declared rule, also when nothing breaks it
 * @param outliers for numeric columns; null otherwise
 */
public record ColumnQuality(String column, String type, long present, long missing, double completeness,
        long distinct, double uniqueness, boolean constant, long typeMismatches, List<RuleViolation> violations,
        Outliers outliers) {

    public ColumnQuality {
        violations = List.copyOf(violations);
    }
}
