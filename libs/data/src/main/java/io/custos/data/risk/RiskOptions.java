package io.custos.data.risk;

import io.custos.data.table.DataTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a risk report looks at.
 *
 * @param quasiIdentifiers   the columns an attacker could know (age, postcode, ...); null to use the
 *                           detected candidates, empty for none
 * @param sensitive          the column whose values must not be learnt (diagnosis, ...), for
 *                           l-diversity; nullable
 * @param k                  the k of k-anonymity the data should meet, at least 2
 * @param populationFraction the share of the population the dataset is a sample of, in (0, 1], for
 *                           journalist risk; null when the dataset is the whole population
 * @param maxCombinationSize largest combination of quasi-identifiers whose uniqueness is reported, 1..4
 * @param phoneRegion        region for phone numbers without a country code (PII detection); null = "US"
 */
public record RiskOptions(List<String> quasiIdentifiers, String sensitive, int k, Double populationFraction,
        int maxCombinationSize, String phoneRegion) {

    public static final int DEFAULT_K = 5;
    public static final int DEFAULT_MAX_COMBINATION_SIZE = 3;
    public static final String DEFAULT_PHONE_REGION = "US";

    public RiskOptions {
        // Not List.copyOf: a null entry must reach validation, which names its index.
        quasiIdentifiers = quasiIdentifiers == null ? null
                : Collections.unmodifiableList(new ArrayList<>(quasiIdentifiers));
        phoneRegion = phoneRegion == null || phoneRegion.isBlank() ? DEFAULT_PHONE_REGION : phoneRegion;
    }

    public static RiskOptions defaults() {
        return new RiskOptions(null, null, DEFAULT_K, null, DEFAULT_MAX_COMBINATION_SIZE, DEFAULT_PHONE_REGION);
    }

    /**
     * These options for a table derived from the one they were meant for (a transform's output):
     * quasi-identifiers and a sensitive column it no longer has are left out.
     */
    public RiskOptions restrictedTo(DataTable table) {
        List<String> qis = quasiIdentifiers == null ? null : quasiIdentifiers.stream().filter(table::has).toList();
        String s = sensitive != null && table.has(sensitive) ? sensitive : null;
        return new RiskOptions(qis, s, k, populationFraction, maxCombinationSize, phoneRegion);
    }

    public RiskOptions withQuasiIdentifiers(List<String> columns) {
        return new RiskOptions(columns, sensitive, k, populationFraction, maxCombinationSize, phoneRegion);
    }

    public RiskOptions withSensitive(String column) {
        return new RiskOptions(quasiIdentifiers, column, k, populationFraction, maxCombinationSize, phoneRegion);
    }

    public RiskOptions withK(int newK) {
        return new RiskOptions(quasiIdentifiers, sensitive, newK, populationFraction, maxCombinationSize, phoneRegion);
    }

    public RiskOptions withPopulationFraction(Double fraction) {
        return new RiskOptions(quasiIdentifiers, sensitive, k, fraction, maxCombinationSize, phoneRegion);
    }

    public RiskOptions withMaxCombinationSize(int size) {
        return new RiskOptions(quasiIdentifiers, sensitive, k, populationFraction, size, phoneRegion);
    }
}
