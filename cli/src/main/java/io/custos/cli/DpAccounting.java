package io.custos.cli;

import io.custos.ml.accountant.Conversion;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The delta and the RDP-to-(epsilon, delta) conversion that dp epsilon and dp noise share. */
class DpAccounting {

    @Option(names = "--delta", required = true, paramLabel = "D", description = "Target delta in (0, 1).")
    double delta;

    @Option(names = "--conversion", defaultValue = "improved", paramLabel = "C",
            description = "RDP to (eps, delta): improved (Balle et al. 2020, default) or classic (Mironov 2017).")
    String conversion;

    double delta(CommandSpec spec) {
        if (!(delta > 0 && delta < 1)) {
            throw new ParameterException(spec.commandLine(), "--delta must be in (0, 1), was " + delta);
        }
        return delta;
    }

    Conversion conversion(CommandSpec spec) {
        try {
            return Conversion.parse(conversion);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
    }
}
