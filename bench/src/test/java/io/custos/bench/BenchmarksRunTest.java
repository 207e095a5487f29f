package io.custos.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each benchmark body runs once, so make test catches a broken benchmark (figures come from make bench). */
class BenchmarksRunTest {

    @Test
    void benchmarkBodiesRun() {
        DpSgdBenchmark b = new DpSgdBenchmark();
        b.model = "mlp";
        b.setUp();
        assertEquals(b.m.parameterCount(), b.dpSgdEpoch().length);
        assertEquals(b.m.parameterCount(), b.nonPrivateEpoch().length);
        AccountantBenchmark a = new AccountantBenchmark();
        double eps = a.epsilonOf100kSteps();
        assertTrue(eps > 0 && Double.isFinite(eps));
        double sigma = a.noiseFor100kSteps();
        assertTrue(sigma > 0);
    }
}
