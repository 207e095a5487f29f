package io.custos.privacy.rest;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Body of {@code POST /api/privacy/training-jobs}. Ranges here are the hard limits; the
 * configured epsilon range and delta below 1/n are checked against the dataset.
 */
public record TrainingJobRequest(
        @NotBlank @Size(max = 64) String datasetId,
        @NotBlank @Size(max = 256) String target,
        @Size(max = 256) String positiveClass,
        @NotNull @Pattern(regexp = "logistic|svm|mlp", message = "must be one of: logistic, svm, mlp")
        String modelType,
        @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        @DecimalMax(value = "100", message = "must be at most 100")
        Double epsilon,
        @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        @DecimalMax(value = "1", inclusive = false, message = "must be less than 1")
        Double delta,
        @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        @DecimalMax(value = "1000", message = "must be at most 1000")
        Double clippingNorm,
        @DecimalMin(value = "0.01", message = "must be between 0.01 and 1000")
        @DecimalMax(value = "1000", message = "must be between 0.01 and 1000")
        Double epochs,
        @Min(value = 1, message = "must be between 1 and 1000000") @Max(value = 1_000_000, message = "must be between 1 and 1000000")
        Integer expectedBatchSize,
        @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        @DecimalMax(value = "100", message = "must be at most 100")
        Double learningRate,
        @Min(value = 1, message = "must be between 1 and 1024") @Max(value = 1024, message = "must be between 1 and 1024")
        Integer hiddenUnits,
        List<String> features,
        JsonNode publicDeclarations,
        Long seed) {

    public double clip() {
        return clippingNorm == null ? 1.0 : clippingNorm;
    }

    public double epochsOrDefault() {
        return epochs == null ? 3 : epochs;
    }

    public int batch() {
        return expectedBatchSize == null ? 256 : expectedBatchSize;
    }

    public double lr() {
        return learningRate == null ? 1.0 : learningRate;
    }

    public int hidden() {
        return hiddenUnits == null ? 16 : hiddenUnits;
    }
}
