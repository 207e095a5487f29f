package io.custos.federation.rest;

import jakarta.validation.Valid;
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
 * feature, categories of categorical features) and list elements are checked by the service,
 * so that each error names its element as {@code featureSchema[2].categories[0]}.
 * Optional fields: {@code maxClients} (default max(100, minClients)), {@code roundTimeoutSeconds}
 * (default 600), {@code strategy} (default fedavg), {@code localEpochs} (default 1).
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
        Integer localEpochs) {

    public static final int DEFAULT_MAX_CLIENTS = 100;
    public static final int DEFAULT_ROUND_TIMEOUT_SECONDS = 600;
    public static final String DEFAULT_STRATEGY = "fedavg";
    public static final int DEFAULT_LOCAL_EPOCHS = 1;

    /** One input column: name, kind, and (for categorical features) the declared categories. */
    public record FeatureSpecRequest(
            @NotBlank @Size(max = 256, message = "must be at most 256 characters")
            String name,
            @NotNull @Pattern(regexp = "numeric|categorical", message = "must be one of: numeric, categorical")
            String kind,
            @Size(max = 10000, message = "must list at most 10000 categories")
            List<String> categories) {
    }
}
