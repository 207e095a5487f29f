package io.custos.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Data protection on local CSV files: the same reports and transforms as privacy-service.",
        subcommands = {DataRiskCommand.class, DataTransformCommand.class, DataQualityCommand.class,
            DataDriftCommand.class})
class DataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CustosCli.USAGE;
    }
}
