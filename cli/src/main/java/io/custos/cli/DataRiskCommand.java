package io.custos.cli;

import io.custos.data.DataException;
import io.custos.data.risk.RiskAnalyzer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "risk", mixinStandardHelpOptions = true,
        description = {"Re-identification risk report of a CSV file, as JSON (the report of",
            "GET /api/privacy/datasets/{id}/risk-report): uniqueness, PII counts and rows (never values),",
            "quasi-identifiers, k-anonymity, l-diversity, prosecutor and journalist risk, actions."})
class DataRiskCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.csv", description = "UTF-8 CSV with a header row.")
    Path file;

    @Mixin
    RiskOptionsMixin risk;

    @Option(names = "--population-fraction", paramLabel = "F",
            description = "Share of the population the file samples, for journalist risk (default: the whole population).")
    Double populationFraction;

    @Option(names = "--max-combination", defaultValue = "3",
            description = "Largest quasi-identifier combination reported (default ${DEFAULT-VALUE}).")
    int maxCombination;

    @Override
    public Integer call() throws Exception {
        try {
            Object report = RiskAnalyzer.analyze(DataFiles.read(spec.commandLine(), file, "FILE.csv"),
                    risk.options(populationFraction, maxCombination));
            spec.commandLine().getOut().println(DpEpsilonCommand.JSON.writeValueAsString(report));
            return CustosCli.OK;
        } catch (DataException e) {
            spec.commandLine().getErr().println("error: " + e.field() + ": " + e.getMessage());
            return CustosCli.FAILURE;
        }
    }
}
