package io.custos.privacy.rest;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/privacy/training-jobs}. */
public record TrainingJobRequest(
        @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may contain only letters, digits, '.', '_' and '-'")
        String datasetId,
        @NotBlank @Size(max = 256)
        String target,
        @NotNull @Pattern(regexp = "logistic|svm|mlp", message = "must be one of: logistic, svm, mlp")
        String modelType,
        @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        @DecimalMax(value = "100", message = "must be at most 100")
        Double epsilon,
        @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        @DecimalMax(value = "1", inclusive = false, message = "must be less than 1")
        Double delta) {
}
