package io.custos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.custos.ml.accountant.EpsilonResult;
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

@Command(name = "epsilon", mixinStandardHelpOptions = true,
        description = "Epsilon of DP-SGD (Poisson-subsampled Gaussian, RDP accountant), as JSON.")
class DpEpsilonCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    DpSchedule schedule;

    @Option(names = "--noise", required = true, paramLabel = "SIGMA", description = "Noise multiplier sigma.")
    double noise;

    @Mixin
    DpAccounting accounting;

    @Override
    public Integer call() throws Exception {
        double q = schedule.q(spec);
        long steps = schedule.t(spec);
        if (!(noise >= 0)) {
            throw new ParameterException(spec.commandLine(), "--noise must be >= 0, was " + noise);
        }
        double delta = accounting.delta(spec);
        EpsilonResult r = RdpAccountant.dpSgdEpsilon(q, noise, steps, delta, accounting.conversion(spec));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("epsilon", r.epsilon());
        out.put("delta", delta);
        out.put("optimalOrder", r.optimalOrder());
        out.put("optimalOrderAtBoundary", r.optimalOrderAtBoundary());
        out.put("conversion", r.conversion().name().toLowerCase());
        out.put("noiseMultiplier", noise);
        out.put("sampleRate", q);
        out.put("steps", steps);
        out.put("accountant", "rdp (Poisson-subsampled Gaussian)");
        spec.commandLine().getOut().println(JSON.writeValueAsString(out));
        return CustosCli.OK;
    }
}
