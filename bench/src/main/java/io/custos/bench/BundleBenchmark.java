package io.custos.bench;

import io.custos.bundle.build.BuildRequest;
import io.custos.bundle.build.BuiltBundle;
import io.custos.bundle.build.BundleBuilder;
import io.custos.bundle.onnx.OnnxParity;
import io.custos.bundle.onnx.OnnxRunner;
import io.custos.bundle.validate.BundleValidator;
import io.custos.bundle.validate.ValidationReport;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.artifact.Predictor;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.onnx.OnnxExporter;
import io.custos.ml.train.FeatureEncoder;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packaging an Adult-shaped MLP (6 numeric and 8 categorical features, 100 inputs after one-hot,
 * 32 hidden units): building and signing a bundle (ONNX export, 512-row parity in ONNX Runtime,
 * ML-BOM, provenance, zip), validating it (every check, ONNX Runtime included), and scoring
 * 10,000 raw rows with ONNX Runtime against our own Java predictor. Targets: a bundle builds and
 * validates in under a second each; ONNX Runtime scores at least as fast as the Java predictor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class BundleBenchmark {

    static final int HIDDEN = 32;

    ModelArtifact artifact;
    byte[] artifactJson;
    Ed25519PrivateKey key;
    byte[] zip;
    List<Map<String, String>> rows;
    Predictor predictor;
    OnnxRunner runner;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        List<FeatureEncoder.Column> features = new ArrayList<>();
        int index = 0;
        int dimension = 0;
        for (String numeric : List.of("age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours")) {
            features.add(new FeatureEncoder.Column(numeric, index++, ColumnDeclaration.Kind.NUMERIC, 0, 100, List.of()));
            dimension++;
        }
        int[] sizes = {8, 16, 7, 14, 6, 5, 2, 36};
        for (int c = 0; c < sizes.length; c++) {
            List<String> categories = new ArrayList<>();
            for (int k = 0; k < sizes[c]; k++) {
                categories.add("c" + c + "-" + k);
            }
            features.add(new FeatureEncoder.Column("cat" + c, index++, ColumnDeclaration.Kind.CATEGORICAL, 0, 0,
                    categories));
            dimension += sizes[c];
        }
        Random random = new Random(7);
        double[] parameters = new double[HIDDEN * dimension + 2 * HIDDEN + 1];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = random.nextGaussian() * 0.3;
        }
        artifact = new ModelArtifact(ModelArtifact.FORMAT, "mlp", HIDDEN, parameters, features, "income", ">50K",
                "ab".repeat(32), null, "seeded:7");
        artifactJson = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(artifact);
        key = Ed25519PrivateKey.generate();
        zip = build().zip();
        rows = OnnxParity.sampleRows(artifact, 10_000, 11);
        predictor = artifact.predictor();
        runner = new OnnxRunner(OnnxExporter.export(artifact, "bench"));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runner.close();
    }

    @Benchmark
    public BuiltBundle build() {
        return BundleBuilder.build(new BuildRequest("5b0e8f4a-2c1d-4e3f-9a8b-7c6d5e4f3a2b", "mlp-income", "1", "job",
                artifactJson, null, "adult", Map.of("accuracy", 0.8), "bench", null, Instant.EPOCH,
                new BuildRequest.Builder("https://custos.local/packaging-service", "bench")), key);
    }

    @Benchmark
    public ValidationReport validate() {
        return BundleValidator.validate(new ByteArrayInputStream(zip),
                BundleValidator.Options.validate(Map.of(key.publicKey().keyId(), key.publicKey())));
    }

    @Benchmark
    public int onnxRuntime10kRows() {
        return runner.predict(rows).size();
    }

    @Benchmark
    public double javaPredictor10kRows() {
        double s = 0;
        for (Map<String, String> row : rows) {
            s += predictor.probability(row);
        }
        return s;
    }
}
