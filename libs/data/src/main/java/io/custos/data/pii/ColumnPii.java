package io.custos.data.pii;

import java.util.List;

/**
 * The personal data found in one column: rows holding at least one kind of it, and one finding
 * per kind found, in {@link PiiType} order (empty when the column is clean).
 */
public record ColumnPii(String column, long rowsWithPii, List<PiiFinding> findings) {

    public ColumnPii {
        findings = List.copyOf(findings);
    }
}
