package io.custos.bench;

import io.custos.ml.model.Model;
import io.custos.ml.model.ModelType;
import io.custos.ml.noise.SecureRandomSource;
import io.custos.ml.train.DpSgdTrainer;
import io.custos.ml.train.SgdOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Examples per second of DP-SGD (three epochs, so the per-run precomputation amortises as in real runs) against the same model trained without privacy on
 * the same data with the same Poisson sampling (target: DP costs at most 1.5x). Both use the
 * secure random source, which the private run needs for sampling and noise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DpSgdBenchmark {

    static final int N = 30_000;
    static final int D = 100;

    @Param({"logistic", "svm", "mlp"})
    public String model;

    SyntheticData data;
    /** One DRBG per trial, as a training job has one; instantiating it per call would measure OS seeding. */
    SecureRandomSource random;
    Model m;
    SgdOptions priv;
    SgdOptions plain;

    @Setup
    public void setUp() {
        data = new SyntheticData(N, D, 1);
        m = Model.create(ModelType.parse(model), D, 16);
        priv = new SgdOptions(3, 256, 0.5, 1.0, 1.1, 0, true);
        plain = new SgdOptions(3, 256, 0.5, 1.0, 0, 0, false);
        random = new SecureRandomSource();
    }

    @Benchmark
    @OperationsPerInvocation(3 * N)
    public double[] dpSgdEpoch() {
        return DpSgdTrainer.train(m, data.x, data.y, priv, random, null).parameters();
    }

    @Benchmark
    @OperationsPerInvocation(3 * N)
    public double[] nonPrivateEpoch() {
        return DpSgdTrainer.train(m, data.x, data.y, plain, random, null).parameters();
    }
}
