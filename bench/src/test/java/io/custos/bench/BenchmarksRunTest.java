package io.custos.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each benchmark body runs once, so make test catches a broken benchmark (figures come from make bench). */
class BenchmarksRunTest {

    @Test
    void benchmarkBodiesRun() throws Exception {
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

        AggregationBenchmark aggregation = new AggregationBenchmark();
        aggregation.dimension = 1000;
        aggregation.setUp();
        double[] fedAvg = aggregation.fedAvgRound();
        double[] plain = aggregation.memoryBandwidthBaseline();
        assertEquals(1000, fedAvg.length);
        assertTrue(Math.abs(fedAvg[7] - plain[7] / AggregationBenchmark.CLIENTS) < 1e-3, "a weighted mean of the same updates");

        BundleBenchmark bundle = new BundleBenchmark();
        bundle.setUp();
        try {
            assertTrue(bundle.validate().valid(), () -> bundle.validate().failures().toString());
            assertEquals(10_000, bundle.onnxRuntime10kRows());
            assertTrue(bundle.javaPredictor10kRows() > 0);
        } finally {
            bundle.tearDown();
        }

        DataProtectionBenchmark d = new DataProtectionBenchmark();
        d.rows = 3000;
        d.setUp();
        try {
            d.freshTable();
            assertEquals(3000, d.readCsv().rows());
            assertEquals(20, d.table.columns().size());
            assertEquals(3000, d.riskReport().rows());
            assertTrue(d.transform().table().rows() > 0);
            assertTrue(d.qualityReport() != null);
            DataProtectionBenchmark.Current current = new DataProtectionBenchmark.Current();
            current.setUp(d);
            current.freshTable();
            assertEquals(20, d.drift(current).columns().size());
            current.tearDown();
        } finally {
            d.tearDown();
        }
    }
}
