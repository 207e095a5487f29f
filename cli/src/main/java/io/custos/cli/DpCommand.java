package io.custos.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "dp", mixinStandardHelpOptions = true,
        description = "Differential privacy: the accountant and local DP training.",
        subcommands = {DpEpsilonCommand.class, DpNoiseCommand.class, DpTrainCommand.class})
class DpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CustosCli.USAGE;
    }
}
