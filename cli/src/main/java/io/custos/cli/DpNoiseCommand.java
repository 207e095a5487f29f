package io.custos.cli;

import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.RdpAccountant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "noise", mixinStandardHelpOptions = true,
        description = "The smallest noise multiplier that keeps DP-SGD within a target epsilon, as JSON.")
class DpNoiseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DpSchedule schedule;

    @Option(names = "--epsilon", required = true, paramLabel = "E", description = "Target epsilon > 0.")
    double epsilon;

    @Mixin
    DpAccounting accounting;

    @Override
    public Integer call() throws Exception {
        double q = schedule.q(spec);
        long steps = schedule.t(spec);
        if (!(epsilon > 0)) {
            throw new ParameterException(spec.commandLine(), "--epsilon must be > 0, was " + epsilon);
        }
        double delta = accounting.delta(spec);
        Conversion c = accounting.conversion(spec);
        double sigma = RdpAccountant.noiseMultiplier(epsilon, delta, q, steps, c);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("noiseMultiplier", sigma);
        out.put("epsilon", RdpAccountant.dpSgdEpsilon(q, sigma, steps, delta, c).epsilon());
        out.put("targetEpsilon", epsilon);
        out.put("delta", delta);
        out.put("sampleRate", q);
        out.put("steps", steps);
        out.put("conversion", c.name().toLowerCase());
        spec.commandLine().getOut().println(DpEpsilonCommand.JSON.writeValueAsString(out));
        return CustosCli.OK;
    }
}
