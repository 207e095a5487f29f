package io.custos.bench;

import io.custos.data.drift.DriftAnalyzer;
import io.custos.data.drift.DriftOptions;
import io.custos.data.drift.DriftReport;
import io.custos.data.quality.QualityAnalyzer;
import io.custos.data.quality.QualityRules;
import io.custos.data.risk.RiskAnalyzer;
import io.custos.data.risk.RiskOptions;
import io.custos.data.risk.RiskReport;
import io.custos.data.table.DataTable;
import io.custos.data.transform.TransformContext;
import io.custos.data.transform.TransformResult;
import io.custos.data.transform.TransformSteps;
import io.custos.data.transform.Transformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The data-protection path on 1,000,000 rows x 20 columns ({@link PeopleCsv}, about 150 MB):
 * reading the CSV into columns, the full risk report (PII scan of every column, quasi-identifier
 * combinations, k-anonymity, l-diversity), a transform (redact, generalise to k, suppress) and the
 * quality report, and drift against a second table of the same shape. Single shots, each on a table read afresh (columns cache their counts and
 * schema after first use), in a JVM capped at 2 GB of heap.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class DataProtectionBenchmark {

    static final List<String> QUASI_IDENTIFIERS = List.of("zip", "age", "sex", "race");

    static final String STEPS = """
            [{"type":"redact_pii","columns":["email","phone","notes"],"mode":"mask"},
             {"type":"drop_columns","columns":["patient_id","full_name"]},
             {"type":"generalise","column":"date_of_birth","dateTruncation":"year"},
             {"type":"generalise_to_k","quasiIdentifiers":["zip","age","sex","race"],"k":5,
              "hierarchies":{"age":{"widths":[5,10,20,40]},"zip":{"postcodeKeep":[4,3,2,1]}}},
             {"type":"suppress_small_classes","quasiIdentifiers":["zip","age","sex","race"],"k":5,"mode":"drop"}]""";

    @Param("1000000")
    public int rows;

    Path file;
    DataTable table;

    @Setup(Level.Trial)
    public void setUp() {
        file = PeopleCsv.temporary(rows, 20261123L);
    }

    @Setup(Level.Iteration)
    public void freshTable() {
        table = DataTable.readCsv(file);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public DataTable readCsv() {
        return DataTable.readCsv(file);
    }

    @Benchmark
    public RiskReport riskReport() {
        return RiskAnalyzer.analyze(table, new RiskOptions(QUASI_IDENTIFIERS, "diagnosis", 5, null, 3, "US"));
    }

    @Benchmark
    public TransformResult transform() {
        return Transformer.apply(table, TransformSteps.parse(STEPS), new TransformContext(new byte[32], "US"));
    }

    @Benchmark
    public Object qualityReport() {
        return QualityAnalyzer.analyze(table, QualityRules.none());
    }

    /** A second table of the same shape from another seed, for drift. */
    @State(Scope.Benchmark)
    public static class Current {
        Path file;
        DataTable table;

        @Setup(Level.Trial)
        public void setUp(DataProtectionBenchmark baseline) {
            file = PeopleCsv.temporary(baseline.rows, 20261124L);
        }

        @Setup(Level.Iteration)
        public void freshTable() {
            table = DataTable.readCsv(file);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    @Benchmark
    public DriftReport drift(Current current) {
        return DriftAnalyzer.compare(table, current.table, DriftOptions.defaults());
    }
}
