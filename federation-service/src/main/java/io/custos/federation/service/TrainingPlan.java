package io.custos.federation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.events.FeatureSpec;
import io.custos.federated.aggregation.AggregationConfig;
import io.custos.federated.aggregation.AggregationStrategy;
import io.custos.federated.dp.AdaptiveClipping;
import io.custos.federated.dp.DpFedAvgConfig;
import io.custos.federation.domain.ClientDpSettings;
import io.custos.federation.domain.FeatureDefinition;
import io.custos.federation.domain.Federation;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.model.Model;
import io.custos.ml.model.ModelType;
import io.custos.ml.report.TrainingReport;
import io.custos.ml.train.FeatureEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a federation trains and how, derived from its stored settings: the model and its
 * preprocessing (from the declared public bounds and categories, identical at every site), the
 * aggregation strategy, and the DP-FedAvg configuration. Plain Java, so the rules are unit-tested.
 *
 * <p>The global model travels as a {@code custos-model/v1} artifact whose features' source index is
 * their position in the federation's feature schema; each site maps them to its CSV by name.
 */
public final class TrainingPlan {

    private final Federation federation;
    private final List<FeatureDefinition> features;
    private final ClientDpSettings dp;
    private final ModelType modelType;
    private final List<FeatureEncoder.Column> columns;
    private final Model model;

    public TrainingPlan(Federation federation, List<FeatureDefinition> features, ClientDpSettings dp) {
        this.federation = federation;
        this.features = List.copyOf(features);
        this.dp = dp;
        this.modelType = ModelType.valueOf(federation.modelType.toUpperCase(java.util.Locale.ROOT));
        List<FeatureEncoder.Column> cols = new ArrayList<>();
        for (int i = 0; i < this.features.size(); i++) {
            FeatureDefinition f = this.features.get(i);
            cols.add(f.numeric()
                    ? new FeatureEncoder.Column(f.name(), i, ColumnDeclaration.Kind.NUMERIC, f.lower(), f.upper(), null)
                    : new FeatureEncoder.Column(f.name(), i, ColumnDeclaration.Kind.CATEGORICAL, 0, 1,
                            List.copyOf(f.categories())));
        }
        this.columns = List.copyOf(cols);
        int inputs = new FeatureEncoder(columns).dimension();
        this.model = Model.create(modelType, inputs, modelType == ModelType.MLP ? federation.hiddenUnits : 0);
    }

    public Model model() {
        return model;
    }

    /** Number of model parameters: the length of every update. */
    public int dimension() {
        return model.parameterCount();
    }

    public Optional<ClientDpSettings> clientDp() {
        return Optional.ofNullable(dp);
    }

    /** The strategy the federation declared, with its parameters. */
    public AggregationStrategy strategy() {
        return switch (federation.strategy) {
            case "fedavg" -> AggregationStrategy.fedAvg();
            case "median" -> AggregationStrategy.median();
            case "trimmed-mean" -> AggregationStrategy.trimmedMean(federation.trimFraction);
            case "krum" -> AggregationStrategy.krum(federation.byzantineClients);
            case "multi-krum" -> AggregationStrategy.multiKrum(federation.byzantineClients,
                    federation.multiKrumSelect == null ? 1 : federation.multiKrumSelect);
            default -> throw new IllegalStateException("unknown strategy " + federation.strategy);
        };
    }

    public AggregationConfig aggregationConfig(int expectedClients) {
        AggregationConfig config = AggregationConfig.of(dimension(), federation.maxSamplesPerClient)
                .withExpectedClients(expectedClients);
        return federation.serverClipNorm == null ? config : config.withClipBound(federation.serverClipNorm);
    }

    /**
     * DP-FedAvg for a population of {@code populationSize} registered clients: the fixed denominator
     * of the average is qN (McMahan et al. 2018).
     */
    public Optional<DpFedAvgConfig> dpConfig(int populationSize) {
        if (dp == null) {
            return Optional.empty();
        }
        double expected = dp.samplingRate() * populationSize;
        if (dp.adaptive() == null) {
            return Optional.of(DpFedAvgConfig.fixedClipping(dp.clipNorm(), dp.noiseMultiplier(), expected,
                    dp.samplingRate(), dp.delta()));
        }
        AdaptiveClipping adaptive = new AdaptiveClipping(dp.adaptive().targetQuantile(), dp.adaptive().learningRate(),
                dp.adaptive().bitNoiseStd(), dp.clipNorm());
        return Optional.of(DpFedAvgConfig.adaptiveClipping(adaptive, dp.noiseMultiplier(), expected,
                dp.samplingRate(), dp.delta()));
    }

    /** The global model with these parameters, as the artifact clients download and packaging signs. */
    public ModelArtifact artifact(double[] parameters, TrainingReport.Privacy privacy, String datasetSha256) {
        return new ModelArtifact(ModelArtifact.FORMAT, modelType.id(),
                modelType == ModelType.MLP ? federation.hiddenUnits : 0, parameters.clone(), columns,
                federation.target, federation.positiveClass, datasetSha256, privacy,
                "SecureRandom (server: initial model, client sampling and DP noise)").validate();
    }

    public static byte[] serialize(ModelArtifact artifact, ObjectMapper json) {
        try {
            return json.writeValueAsBytes(artifact);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the global model", e);
        }
    }

    /** The feature schema as events describe it. */
    public List<FeatureSpec> featureSpecs() {
        return features.stream().map(f -> new FeatureSpec(f.name(), f.kind(), f.categories())).toList();
    }
}
