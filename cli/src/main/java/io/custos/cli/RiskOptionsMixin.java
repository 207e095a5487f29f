package io.custos.cli;

import io.custos.data.risk.RiskOptions;
import io.custos.data.table.DataTable;
import java.util.List;
import picocli.CommandLine.Option;

/** The risk-report options that data risk and data transform share. */
class RiskOptionsMixin {

    @Option(names = "--qi", split = ",", paramLabel = "COL",
            description = "Quasi-identifier columns (default: the detected candidates).")
    List<String> quasiIdentifiers;

    @Option(names = "--sensitive", paramLabel = "COL", description = "Sensitive column for l-diversity.")
    String sensitive;

    @Option(names = "--k", defaultValue = "5", description = "k to check against (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--phone-region", defaultValue = "US",
            description = "Region of phone numbers without a country code (default ${DEFAULT-VALUE}).")
    String phoneRegion;

    RiskOptions options(Double populationFraction, int maxCombination) {
        return new RiskOptions(quasiIdentifiers, sensitive, k, populationFraction, maxCombination, phoneRegion);
    }

    /** The same options for a transformed table: columns it no longer has are left out. */
    RiskOptions optionsAfter(DataTable table) {
        List<String> qis = quasiIdentifiers == null ? null : quasiIdentifiers.stream().filter(table::has).toList();
        String s = sensitive != null && table.has(sensitive) ? sensitive : null;
        return new RiskOptions(qis, s, k, null, RiskOptions.DEFAULT_MAX_COMBINATION_SIZE, phoneRegion);
    }
}
