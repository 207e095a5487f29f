package io.custos.data.risk;

import io.custos.data.pii.PiiFinding;
import io.custos.data.table.ColumnType;
import java.util.List;

/**
 * A re-identification risk report. It holds counts, shares, column names and row numbers, never a
 * data value, so it can be stored and shown to people who may not see the data.
 *
 * @param rows                   data rows
 * @param columns                per column: type, uniqueness, PII, quasi-identifier candidacy, level, actions
 * @param quasiIdentifiers       the quasi-identifiers the k-anonymity figures are about
 * @param quasiIdentifierSource  "given" (from the options) or "detected" (the candidates below)
 * @param requestedK             the k asked for
 * @param combinations           uniqueness of quasi-identifier combinations, riskiest first (at most
 *                               {@value RiskAnalyzer#REPORTED_COMBINATIONS})
 * @param combinationsEvaluated  how many combinations were evaluated (capped at
 *                               {@value RiskAnalyzer#MAX_COMBINATIONS})
 * @param combinationsPossible   how many combinations of 1..maxCombinationSize quasi-identifiers exist
 * @param kAnonymity             null when there are no quasi-identifiers
 * @param lDiversity             null without a sensitive column or quasi-identifiers
 * @param prosecutorRisk         null when there are no quasi-identifiers
 * @param journalistRisk         null when there are no quasi-identifiers
 * @param overall                level, 0-100 score and the factors behind it
 * @param recommendedActions     what to do, most urgent first, naming the transform step that does it
 * @param notes                  how figures were computed where a reader could assume otherwise
 */
public record RiskReport(long rows, List<ColumnRisk> columns, List<String> quasiIdentifiers,
        String quasiIdentifierSource, int requestedK, List<QiCombination> combinations, int combinationsEvaluated,
        long combinationsPossible, KAnonymity kAnonymity, LDiversity lDiversity, ProsecutorRisk prosecutorRisk,
        JournalistRisk journalistRisk, OverallRisk overall, List<String> recommendedActions, List<String> notes) {

    /**
     * One column.
     *
     * @param distinct                 distinct present values
     * @param missing                  rows without a value
     * @param uniqueness               share of rows whose value no other row has
     * @param rowsWithPii              rows in which the PII scanner found something
     * @param pii                      the scanner's findings (types, counts, sample row numbers)
     * @param quasiIdentifierCandidate whether the column looks like a quasi-identifier
     * @param quasiIdentifierReason    why it is or is not one
     */
    public record ColumnRisk(String name, ColumnType type, long distinct, long missing, double uniqueness,
            long rowsWithPii, List<PiiFinding> pii, boolean quasiIdentifierCandidate, String quasiIdentifierReason,
            RiskLevel level, List<String> actions) {
    }

    /** Rows that no other row matches on these columns. */
    public record QiCombination(List<String> columns, int classes, long uniqueRows, double uniqueShare) {
    }

    /**
     * k-anonymity on the quasi-identifiers.
     *
     * @param k                  size of the smallest equivalence class (the k the data has)
     * @param satisfied          whether k reaches the requested k
     * @param singletonRecords   records alone in their class
     * @param recordsBelowK      records in classes smaller than the requested k
     */
    public record KAnonymity(int k, int requestedK, boolean satisfied, int classes, long singletonRecords,
            double singletonShare, int classesBelowK, long recordsBelowK, double recordsBelowKShare) {
    }

    /**
     * l-diversity of the sensitive column within the equivalence classes. A class violates when it
     * has fewer than {@code requiredL} distinct sensitive values (always 2: a class with one value
     * discloses it to anyone who can place a person in the class). A missing value counts as a value.
     *
     * @param distinctL the fewest distinct sensitive values in a class
     * @param entropyL  exp of the lowest entropy (natural log) of the sensitive values in a class;
     *                  a table is entropy-l-diverse for every l up to this
     */
    public record LDiversity(String sensitive, int requiredL, int distinctL, double entropyL, int classesViolating,
            long recordsInViolatingClasses, double recordsInViolatingClassesShare) {
    }

    /**
     * Risk for an attacker who knows the person is in the data: 1 / size of their class.
     *
     * @param max                      1 / smallest class size
     * @param average                  classes / rows (the mean over records of 1 / class size)
     * @param threshold                1 / requested k
     * @param recordsAboveThreshold    records whose risk exceeds the threshold (those in classes below k)
     */
    public record ProsecutorRisk(double max, double average, double threshold, long recordsAboveThreshold,
            double recordsAboveThresholdShare) {
    }

    /**
     * Risk for an attacker who does not know whether the person is in the data (a sample). Each
     * class's population size is estimated as max(size, size / populationFraction) and a record's
     * risk is 1 / that; a simple estimate, not a super-population model. Without a
     * populationFraction the dataset is taken to be the population and this equals prosecutor risk.
     */
    public record JournalistRisk(Double populationFraction, boolean equalsProsecutorRisk, double max, double average,
            double threshold, long recordsAboveThreshold, double recordsAboveThresholdShare, String estimate) {
    }

    /** The overall verdict: the score is the highest factor's points (0-100). */
    public record OverallRisk(RiskLevel level, int score, List<RiskFactor> factors) {
    }

    /** One reason for the overall score, with the points it is worth on its own. */
    public record RiskFactor(String factor, int points, String reason) {
    }
}
