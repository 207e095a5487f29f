package io.custos.data.drift;

import java.util.List;

/**
 * Drift between a baseline and a current table: one entry per compared column, the columns only
 * one table has, and an overall verdict (the worst column's, and at least WARNING when the two
 * tables' columns differ) with a one-line summary.
 */
public record DriftReport(DriftVerdict verdict, String summary, int baselineRows, int currentRows,
        List<ColumnDrift> columns, List<String> onlyInBaseline, List<String> onlyInCurrent) {

    public DriftReport {
        columns = List.copyOf(columns);
        onlyInBaseline = List.copyOf(onlyInBaseline);
        onlyInCurrent = List.copyOf(onlyInCurrent);
    }
}
