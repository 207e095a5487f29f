package io.custos.ml.onnx;

import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.data.Table;
import io.custos.ml.model.ModelType;
import io.custos.ml.noise.SeededRandomSource;
import io.custos.ml.report.TrainingReport;
import io.custos.ml.train.FeatureEncoder;
import io.custos.ml.train.SgdOptions;
import io.custos.ml.train.TrainingPipeline;
import io.custos.ml.train.TrainingRequest;
import io.custos.ml.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Models over the Adult schema for the export tests: trained with the real pipeline (DP-SGD, some
 * bounds and vocabularies estimated privately, as a service run would), or with random, larger
 * parameters that stress the numerics more than a trained model does. Plus rows to score: real
 * rows, and real rows damaged the ways serving traffic is (missing, out-of-range, unknown values).
 */
final class AdultModels {

    static final Table ADULT = Table.readCsv(Path.of("../../data/adult_labeled.csv"));
    static final List<String> FEATURES = List.of("age", "workclass", "fnlwgt", "education-num", "marital-status",
            "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week",
            "native-country");
    private static final Map<ModelType, TrainingResult> TRAINED = new java.util.EnumMap<>(ModelType.class);

    private AdultModels() {
    }

    /** fnlwgt and native-country are left undeclared: their bounds and vocabulary are paid for. */
    private static Map<String, ColumnDeclaration> declarations() {
        Map<String, ColumnDeclaration> d = new HashMap<>();
        d.put("age", ColumnDeclaration.numeric("age", 17, 90));
        d.put("education-num", ColumnDeclaration.numeric("education-num", 1, 16));
        d.put("capital-gain", ColumnDeclaration.numeric("capital-gain", 0, 100000));
        d.put("capital-loss", ColumnDeclaration.numeric("capital-loss", 0, 4500));
        d.put("hours-per-week", ColumnDeclaration.numeric("hours-per-week", 1, 99));
        for (String c : List.of("workclass", "marital-status", "occupation", "relationship", "race", "sex")) {
            int idx = ADULT.columnIndex(c);
            d.put(c, ColumnDeclaration.categorical(c, ADULT.rows().stream().map(r -> r[idx].strip())
                    .filter(v -> !v.isEmpty()).distinct().sorted().toList()));
        }
        return d;
    }

    /** A DP-SGD run on 8,000 Adult rows (cached: the three tests classes share them). */
    static synchronized TrainingResult trained(ModelType type) {
        return TRAINED.computeIfAbsent(type, t -> {
            Table train = new Table(ADULT.header(), ADULT.rows().subList(0, 8000));
            TrainingRequest request = new TrainingRequest("income", "large", FEATURES, declarations(), t, 8,
                    new SgdOptions(2, 256, t == ModelType.SVM ? 2.0 : 1.0, 1.0, 0, 1e-5, true), 4, 1e-6, 0.2);
            return TrainingPipeline.run(train, request, new SeededRandomSource(11));
        });
    }

    /** The artifact privacy-service would write for a run. */
    static ModelArtifact artifact(TrainingResult r) {
        TrainingReport report = TrainingReport.of(r);
        int hidden = r.model() instanceof io.custos.ml.model.MlpModel mlp ? mlp.hiddenUnits() : 0;
        return new ModelArtifact(ModelArtifact.FORMAT, report.modelType(), hidden, r.parameters(), report.features(),
                "income", "large", "ab".repeat(32), report.privacy(), r.randomness());
    }

    static ModelArtifact trainedArtifact(ModelType type) {
        return artifact(trained(type));
    }

    /** The trained model's schema with N(0, 3^2) parameters: logits far from 0, saturated tanh units. */
    static ModelArtifact randomArtifact(ModelType type, long seed) {
        ModelArtifact base = trainedArtifact(type);
        Random random = new Random(seed);
        double[] p = new double[base.parameters().length];
        for (int i = 0; i < p.length; i++) {
            p[i] = 3 * random.nextGaussian();
        }
        return new ModelArtifact(base.format(), base.modelType(), base.hiddenUnits(), p, base.features(),
                base.target(), base.positiveClass(), base.datasetSha256(), base.privacy(), base.randomness());
    }

    /**
     * {@code n} rows keyed by feature name: real Adult rows from the end of the file (not trained
     * on), about a third of them with values damaged: empty, NaN, unparsable or infinite numbers,
     * numbers below, at and above the bounds, unknown and empty categories. Categories are passed
     * trimmed, as the ONNX graph requires.
     */
    static List<Map<String, String>> rows(ModelArtifact artifact, int n, long seed) {
        Random random = new Random(seed);
        List<Map<String, String>> rows = new ArrayList<>();
        List<String[]> source = ADULT.rows().subList(ADULT.size() - n, ADULT.size());
        for (String[] csv : source) {
            Map<String, String> row = new LinkedHashMap<>();
            for (FeatureEncoder.Column c : artifact.features()) {
                String v = csv[ADULT.columnIndex(c.name())].strip();
                if (random.nextDouble() < 0.35) {
                    v = damaged(c, random);
                }
                row.put(c.name(), v);
            }
            rows.add(row);
        }
        return rows;
    }

    private static String damaged(FeatureEncoder.Column c, Random random) {
        if (c.kind() == ColumnDeclaration.Kind.CATEGORICAL) {
            return switch (random.nextInt(3)) {
                case 0 -> "";
                case 1 -> "no-such-category";
                default -> c.categories().get(random.nextInt(c.categories().size()));
            };
        }
        double span = c.upper() - c.lower();
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> "NaN";
            case 2 -> "n/a";
            case 3 -> Double.toString(c.lower() - span * random.nextDouble());
            case 4 -> Double.toString(c.upper() + span * random.nextDouble());
            case 5 -> Double.toString(c.lower());
            case 6 -> Double.toString(c.upper());
            case 7 -> random.nextBoolean() ? "Infinity" : "-1e300";
            default -> Double.toString(c.lower() + span * random.nextDouble());
        };
    }
}
