package io.custos.packaging.rest;

import jakarta.validation.constraints.NotBlank;

/** Build the bundle of a finished training job. */
public record BuildBundleRequest(@NotBlank(message = "trainingJobId is required") String trainingJobId) {
}
