package io.custos.data.quality;

import java.util.List;

/**
 * How one declared rule held: rows breaking it, their share of all rows, and the 1-based data
 * row numbers of the first few (never the values).
 *
 * @param rule required, number, min, max, regex or allowed
 * @param requirement what the rule asks, e.g. "&gt;= 18"
 */
public record RuleViolation(String rule, String requirement, long count, double share, List<Integer> sampleRows) {

    public RuleViolation {
        sampleRows = List.copyOf(sampleRows);
    }
}
