package io.custos.bench;

import io.custos.federated.aggregation.AggregationConfig;
import io.custos.federated.aggregation.AggregationStrategy;
import io.custos.federated.aggregation.Aggregator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One federated round: 100 client updates of 1M parameters aggregated by streaming FedAvg (with
 * validation and the compensated weighted sum), against a plain memory-bandwidth baseline in the
 * same run: summing the same 100 vectors with a bare loop. Updates come from a pool of 8 distinct
 * vectors, so the heap holds 64 MB of inputs instead of 800 MB; every add still streams the whole
 * vector from memory. Target: FedAvg within 4x of the bare loop (it does more arithmetic per value:
 * the compensated sum, the finiteness check).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class AggregationBenchmark {

    static final int CLIENTS = 100;
    static final int POOL = 8;

    @Param("1000000")
    public int dimension;

    double[][] pool;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(5);
        pool = new double[POOL][dimension];
        for (double[] update : pool) {
            for (int i = 0; i < dimension; i++) {
                update[i] = random.nextGaussian() * 0.01;
            }
        }
    }

    /** One round of streaming FedAvg over 100 updates (validation, sample cap, weighted compensated sum). */
    @Benchmark
    public double[] fedAvgRound() {
        Aggregator a = AggregationStrategy.fedAvg().create(AggregationConfig.of(dimension, 1_000_000));
        for (int c = 0; c < CLIENTS; c++) {
            a.add("client-" + c, pool[c % POOL], 1000 + c);
        }
        return a.result();
    }

    /** The baseline: the same 100 vectors summed by a bare loop (reads the same bytes). */
    @Benchmark
    public double[] memoryBandwidthBaseline() {
        double[] sum = new double[dimension];
        for (int c = 0; c < CLIENTS; c++) {
            double[] u = pool[c % POOL];
            for (int i = 0; i < dimension; i++) {
                sum[i] += u[i];
            }
        }
        return sum;
    }
}
