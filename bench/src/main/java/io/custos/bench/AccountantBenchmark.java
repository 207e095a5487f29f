package io.custos.bench;

import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.RdpAccountant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to account 100,000 DP-SGD steps over the default orders, and to search the noise for a
 * target epsilon over them (target: under 100 ms and 2 s respectively).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AccountantBenchmark {

    @Benchmark
    public double epsilonOf100kSteps() {
        return RdpAccountant.dpSgdEpsilon(0.001, 1.1, 100_000, 1e-6, Conversion.IMPROVED).epsilon();
    }

    @Benchmark
    public double noiseFor100kSteps() {
        return RdpAccountant.noiseMultiplier(3.0, 1e-6, 0.001, 100_000, Conversion.IMPROVED);
    }
}
