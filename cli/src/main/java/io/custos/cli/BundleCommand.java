package io.custos.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "Check model bundles offline: every check (validate) or integrity and signature only (verify).",
        subcommands = {BundleValidateCommand.class, BundleVerifyCommand.class})
class BundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CustosCli.USAGE;
    }
}
