package io.custos.cli;

import io.custos.data.DataException;
import io.custos.data.drift.DriftAnalyzer;
import io.custos.data.drift.DriftOptions;
import io.custos.data.drift.DriftVerdict;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Drift between two CSV files as JSON: KS test (numeric), chi-square (categorical), PSI,"
                + " verdict per column. Exit code 1 when any column drifted.")
class DataDriftCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASELINE.csv", description = "The reference data.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT.csv", description = "The data to compare with it.")
    Path current;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Significance level (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--psi-warning", defaultValue = "0.1", description = "PSI of a warning (default ${DEFAULT-VALUE}).")
    double psiWarning;

    @Option(names = "--psi-drift", defaultValue = "0.25", description = "PSI of drift (default ${DEFAULT-VALUE}).")
    double psiDrift;

    @Option(names = "--columns", split = ",", paramLabel = "COL", description = "Columns to compare (default: all common).")
    List<String> columns;

    @Override
    public Integer call() throws Exception {
        try {
            var report = DriftAnalyzer.compare(DataFiles.read(spec.commandLine(), baseline, "BASELINE.csv"),
                    DataFiles.read(spec.commandLine(), current, "CURRENT.csv"),
                    new DriftOptions(alpha, psiWarning, psiDrift, columns));
            spec.commandLine().getOut().println(DpEpsilonCommand.JSON.writeValueAsString(report));
            return report.verdict() == DriftVerdict.DRIFT ? CustosCli.FAILURE : CustosCli.OK;
        } catch (DataException e) {
            spec.commandLine().getErr().println("error: " + e.field() + ": " + e.getMessage());
            return CustosCli.FAILURE;
        }
    }
}
