package io.custos.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.custos.data.DataException;
import io.custos.data.quality.QualityAnalyzer;
import io.custos.data.quality.QualityRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "quality", mixinStandardHelpOptions = true,
        description = "Data quality report of a CSV file as JSON: completeness, uniqueness, validity, consistency,"
                + " outliers and a 0-100 score with each deduction explained.")
class DataQualityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.csv", description = "UTF-8 CSV with a header row.")
    Path file;

    @Option(names = "--rules", paramLabel = "rules.json",
            description = "Validity rules: {\"columns\":{\"age\":{\"min\":0,\"max\":120},\"email\":{\"regex\":\"...\"}}}.")
    Path rules;

    @Override
    public Integer call() throws Exception {
        QualityRules parsed = QualityRules.none();
        if (rules != null) {
            if (!Files.isRegularFile(rules)) {
                throw new ParameterException(spec.commandLine(), "--rules: no such file " + rules);
            }
            try {
                parsed = DpEpsilonCommand.JSON.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .readValue(rules.toFile(), QualityRules.class);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new ParameterException(spec.commandLine(), "--rules: " + e.getOriginalMessage());
            }
        }
        try {
            Object report = QualityAnalyzer.analyze(DataFiles.read(spec.commandLine(), file, "FILE.csv"), parsed);
            spec.commandLine().getOut().println(DpEpsilonCommand.JSON.writeValueAsString(report));
            return CustosCli.OK;
        } catch (DataException e) {
            spec.commandLine().getErr().println("error: " + e.field() + ": " + e.getMessage());
            return CustosCli.FAILURE;
        }
    }
}
