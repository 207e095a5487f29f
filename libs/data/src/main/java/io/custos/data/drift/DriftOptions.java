package io.custos.data.drift;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How to compare two tables.
 *
 * @param alpha significance level of the KS and chi-square tests, in (0, 1)
 * @param psiWarning PSI from which a column is at least a WARNING
 * @param psiDrift PSI from which a column is a DRIFT; at least {@code psiWarning}
 * @param columns the columns to compare, all of them in both tables; null for every column the
 *     two tables share
 */
public record DriftOptions(double alpha, double psiWarning, double psiDrift, List<String> columns) {

    public DriftOptions {
        // A copy that may hold nulls, so that validation can name them instead of failing here.
        columns = columns == null ? null : Collections.unmodifiableList(new ArrayList<>(columns));
    }

    /** alpha 0.05, PSI warning 0.1 and drift 0.25 (the usual rule of thumb), all common columns. */
    public static DriftOptions defaults() {
        return new DriftOptions(0.05, 0.1, 0.25, null);
    }
}
