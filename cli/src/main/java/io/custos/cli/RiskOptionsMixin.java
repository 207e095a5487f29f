package io.custos.cli;

import io.custos.data.risk.RiskOptions;
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
}
