package io.custos.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "fl", mixinStandardHelpOptions = true,
        description = "Federated learning from a site: make the site's key (keygen), then take part in a "
                + "federation with local data that never leaves the site (join).",
        subcommands = {FlKeygenCommand.class, FlJoinCommand.class})
class FlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    CustosCli cli;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CustosCli.USAGE;
    }
}
