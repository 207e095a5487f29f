package io.custos.federation.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.federated.aggregation.AggregationConfig;
import io.custos.federated.dp.DpFedAvgConfig;
import io.custos.federation.domain.ClientDpSettings;
import io.custos.federation.domain.FeatureDefinition;
import io.custos.federation.domain.Federation;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.ColumnDeclaration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan a federation trains by, from its stored settings: model shape, preprocessing, strategy, DP. */
class TrainingPlanTest {

    private static final List<FeatureDefinition> FEATURES = List.of(
            new FeatureDefinition("age", "numeric", 0.0, 100.0, null),
            new FeatureDefinition("ward", "categorical", null, null, List.of("a", "b", "c")));

    private static Federation federation(String modelType, String strategy) {
        Federation f = new Federation();
        f.modelType = modelType;
        f.strategy = strategy;
        f.hiddenUnits = "mlp".equals(modelType) ? 4 : 0;
        f.target = "readmitted";
        f.positiveClass = "yes";
        f.maxSamplesPerClient = 500;
        f.trimFraction = 0.2;
        f.byzantineClients = 1;
        f.multiKrumSelect = "multi-krum".equals(strategy) ? 2 : null;
        return f;
    }

    @Test
    void theModelHasOneParameterPerEncodedInputPlusBias() {
        assertEquals(1 + 3 + 1, new TrainingPlan(federation("logistic", "fedavg"), FEATURES, null).dimension());
        assertEquals(1 + 3 + 1, new TrainingPlan(federation("svm", "fedavg"), FEATURES, null).dimension());
        // 4 hidden units over 4 inputs: 4 x 4 weights + 4 biases + 4 output weights + 1 output bias.
        assertEquals(4 * 4 + 2 * 4 + 1, new TrainingPlan(federation("mlp", "fedavg"), FEATURES, null).dimension());
    }

    @Test
    void strategiesCarryTheirParameters() {
        Map<String, String> expected = Map.of("fedavg", "FEDAVG", "median", "MEDIAN", "trimmed-mean",
                "TRIMMED_MEAN(trimFraction=0.2)", "krum", "KRUM(f=1)", "multi-krum", "MULTI_KRUM(f=1, m=2)");
        expected.forEach((strategy, described) -> assertEquals(described,
                new TrainingPlan(federation("logistic", strategy), FEATURES, null).strategy().describe()));
        Federation clipped = federation("logistic", "fedavg");
        clipped.serverClipNorm = 2.5;
        AggregationConfig config = new TrainingPlan(clipped, FEATURES, null).aggregationConfig(7);
        assertEquals(7, config.expectedClients());
        assertEquals(500, config.maxSamplesPerClient());
        assertEquals(2.5, config.clipBound().getAsDouble());
        assertFalse(new TrainingPlan(federation("logistic", "fedavg"), FEATURES, null).aggregationConfig(3).clipBound()
                .isPresent());
    }

    @Test
    void dpFedAvgDividesByTheExpectedNumberOfClients() {
        TrainingPlan none = new TrainingPlan(federation("logistic", "fedavg"), FEATURES, null);
        assertTrue(none.dpConfig(10).isEmpty());

        TrainingPlan fixed = new TrainingPlan(federation("logistic", "fedavg"), FEATURES,
                new ClientDpSettings(1.1, 0.5, null, 0.3, 1e-5));
        DpFedAvgConfig c = fixed.dpConfig(20).orElseThrow();
        assertEquals(0.3 * 20, c.expectedClientsPerRound(), 1e-12);
        assertEquals(0.5, c.clipNorm());
        assertFalse(c.isAdaptive());

        TrainingPlan adaptive = new TrainingPlan(federation("logistic", "fedavg"), FEATURES,
                new ClientDpSettings(1.0, 2.0, new ClientDpSettings.Adaptive(0.5, 0.2, 1.5), 1.0, 1e-5));
        DpFedAvgConfig a = adaptive.dpConfig(10).orElseThrow();
        assertTrue(a.isAdaptive());
        assertEquals(2.0, a.adaptiveClipping().initialClipNorm());
        assertTrue(a.updateNoiseMultiplier() > 1.0, "the clipping count takes part of the noise budget");
    }

    @Test
    void theArtifactIsTheDeclaredPreprocessingAndReadsBack() throws Exception {
        TrainingPlan plan = new TrainingPlan(federation("logistic", "fedavg"), FEATURES, null);
        double[] params = {0.5, -1, 2, 0, 0.25};
        byte[] bytes = TrainingPlan.serialize(plan.artifact(params, null, null), new ObjectMapper());
        ModelArtifact read = ModelArtifact.parse(bytes);
        assertArrayEquals(params, read.parameters());
        assertEquals("readmitted", read.target());
        assertEquals("yes", read.positiveClass());
        assertEquals(ColumnDeclaration.Kind.NUMERIC, read.features().get(0).kind());
        assertEquals(100.0, read.features().get(0).upper());
        assertEquals(List.of("a", "b", "c"), read.features().get(1).categories());
        assertEquals(1, read.features().get(1).sourceIndex());
        // A site's row in feature-schema order is scored as the training code scores it.
        double p = read.predictor().probability(Map.of("age", "50", "ward", "b"));
        double logit = 0.5 * 0.5 + (-1) * 0 + 2 * 1 + 0 * 0 + 0.25;
        assertEquals(1 / (1 + Math.exp(-logit)), p, 1e-12);
        assertEquals(List.of("age", "ward"), plan.featureSpecs().stream().map(f -> f.name()).toList());
    }
}
