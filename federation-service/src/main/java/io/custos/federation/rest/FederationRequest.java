package io.custos.federation.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /api/federated/federations}. Single-field ranges are checked here;
 * rules across fields (max vs min clients, unique feature names, the target not being a
 * feature, bounds and categories of features, strategy parameters, client-level DP) and list
 * elements are checked by the service, so that each error names its element as
 * {@code featureSchema[2].categories[0]}.
 * Optional fields: {@code maxClients} (default max(100, minClients)), {@code roundTimeoutSeconds}
 * (default 600), {@code strategy} (default fedavg), {@code localEpochs} (default 1), and the
 * training and strategy settings with the defaults below. {@code secureAggregation} (default false)
 * makes the server learn only the sum of the clients' updates; it needs strategy fedavg.
 */
public record FederationRequest(
        @NotBlank @Size(max = 128, message = "must be at most 128 characters")
        @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may contain only letters, digits, '.', '_' and '-'")
        String name,
        @NotNull @Pattern(regexp = "logistic|svm|mlp", message = "must be one of: logistic, svm, mlp")
        String modelType,
        @NotNull @Size(min = 1, max = 1000, message = "must list between 1 and 1000 features")
        List<@Valid FeatureSpecRequest> featureSchema,
        @NotBlank @Size(max = 256, message = "must be at most 256 characters")
        String target,
        @NotNull @Min(value = 1, message = "must be between 1 and 1000") @Max(value = 1000, message = "must be between 1 and 1000")
        Integer rounds,
        @NotNull @Min(value = 2, message = "must be between 2 and 1000") @Max(value = 1000, message = "must be between 2 and 1000")
        Integer minClients,
        @Min(value = 2, message = "must be between 2 and 1000") @Max(value = 1000, message = "must be between 2 and 1000")
        Integer maxClients,
        @Min(value = 10, message = "must be between 10 and 86400 seconds")
        @Max(value = 86400, message = "must be between 10 and 86400 seconds")
        Integer roundTimeoutSeconds,
        @Pattern(regexp = "fedavg|median|trimmed-mean|krum|multi-krum",
                message = "must be one of: fedavg, median, trimmed-mean, krum, multi-krum")
        String strategy,
        @Min(value = 1, message = "must be between 1 and 100") @Max(value = 100, message = "must be between 1 and 100")
        Integer localEpochs,
        @Size(min = 1, max = 256, message = "must be between 1 and 256 characters")
        String positiveClass,
        @Min(value = 1, message = "must be between 1 and 1024") @Max(value = 1024, message = "must be between 1 and 1024")
        Integer hiddenUnits,
        @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and <= 100")
        @DecimalMax(value = "100", message = "must be > 0 and <= 100")
        Double learningRate,
        @Min(value = 1, message = "must be between 1 and 100000") @Max(value = 100000, message = "must be between 1 and 100000")
        Integer batchSize,
        @DecimalMin(value = "0", message = "must be between 0 and 1") @DecimalMax(value = "1", message = "must be between 0 and 1")
        Double l2,
        @Min(value = 1, message = "must be between 1 and 2^53 (9007199254740992)")
        @Max(value = 9007199254740992L, message = "must be between 1 and 2^53 (9007199254740992)")
        Long maxSamplesPerClient,
        @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and at most 1e6")
        @DecimalMax(value = "1e6", message = "must be > 0 and at most 1e6")
        Double serverClipNorm,
        @DecimalMin(value = "0", message = "must be >= 0 and < 0.5")
        @DecimalMax(value = "0.5", inclusive = false, message = "must be >= 0 and < 0.5")
        Double trimFraction,
        @Min(value = 0, message = "must be between 0 and 498") @Max(value = 498, message = "must be between 0 and 498")
        Integer byzantineClients,
        @Min(value = 1, message = "must be between 1 and 1000") @Max(value = 1000, message = "must be between 1 and 1000")
        Integer multiKrumSelect,
        @Valid
        ClientDpRequest clientDp,
        Boolean secureAggregation) {

    public static final int DEFAULT_MAX_CLIENTS = 100;
    public static final int DEFAULT_ROUND_TIMEOUT_SECONDS = 600;
    public static final String DEFAULT_STRATEGY = "fedavg";
    public static final int DEFAULT_LOCAL_EPOCHS = 1;
    public static final int DEFAULT_HIDDEN_UNITS = 16;
    public static final double DEFAULT_LEARNING_RATE = 0.5;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final long DEFAULT_MAX_SAMPLES_PER_CLIENT = 1_000_000;
    public static final double DEFAULT_TRIM_FRACTION = 0.1;

    /**
     * One input column: name, kind, the public bounds of a numeric feature, and the categories of a
     * categorical one. Every site encodes its rows with exactly these, so no statistic of any site's
     * data is needed (or leaked) to agree on the preprocessing.
     */
    public record FeatureSpecRequest(
            @NotBlank @Size(max = 256, message = "must be at most 256 characters")
            String name,
            @NotNull @Pattern(regexp = "numeric|categorical", message = "must be one of: numeric, categorical")
            String kind,
            Double lower,
            Double upper,
            @Size(max = 10000, message = "must list at most 10000 categories")
            List<String> categories) {
    }

    /**
     * Client-level differential privacy (DP-FedAvg, McMahan et al. 2018): each round samples clients
     * with probability {@code samplingRate}, clips every update to {@code clipNorm} (or an adaptive
     * norm) and adds Gaussian noise of multiplier {@code noiseMultiplier}.
     */
    public record ClientDpRequest(
            @NotNull @DecimalMin(value = "0", message = "must be between 0 and 1000")
            @DecimalMax(value = "1000", message = "must be between 0 and 1000")
            Double noiseMultiplier,
            @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and at most 1e6")
            @DecimalMax(value = "1e6", message = "must be > 0 and at most 1e6")
            Double clipNorm,
            @Valid
            AdaptiveClippingRequest adaptiveClipping,
            @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and <= 1")
            @DecimalMax(value = "1", message = "must be > 0 and <= 1")
            Double samplingRate,
            @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and < 1")
            @DecimalMax(value = "1", inclusive = false, message = "must be > 0 and < 1")
            Double delta) {
    }

    /**
     * Adaptive clipping (Andrew et al. 2021): the clip norm tracks the {@code targetQuantile} of the
     * update norms, starting from {@code initialClipNorm}. Defaults: the median, learning rate 0.2,
     * bit noise (expected clients per round) / 20.
     */
    public record AdaptiveClippingRequest(
            @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and at most 1e6")
            @DecimalMax(value = "1e6", message = "must be > 0 and at most 1e6")
            Double initialClipNorm,
            @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and < 1")
            @DecimalMax(value = "1", inclusive = false, message = "must be > 0 and < 1")
            Double targetQuantile,
            @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and at most 10")
            @DecimalMax(value = "10", message = "must be > 0 and at most 10")
            Double learningRate,
            @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and at most 1000")
            @DecimalMax(value = "1000", message = "must be > 0 and at most 1000")
            Double bitNoiseStd) {
    }
}
