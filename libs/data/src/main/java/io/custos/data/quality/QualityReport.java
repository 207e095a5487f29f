package io.custos.data.quality;

import java.util.List;

/**
 * A table's data quality: its size, rows repeating an earlier row, one profile per column in
 * header order, and a score from 0 to 100 that is 100 minus the sum of the deductions (floored
 * at 0). See {@link QualityAnalyzer} for how deductions are computed.
 */
public record QualityReport(int rows, int columns, long duplicateRows, double score, List<Deduction> deductions,
        List<ColumnQuality> byColumn) {

    public QualityReport {
        deductions = List.copyOf(deductions);
        byColumn = List.copyOf(byColumn);
    }
}
