package io.custos.privacy.rest;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Bodies of the accountant endpoints: DP-SGD given by (sampleRate, steps). */
public final class AccountantRequests {

    private AccountantRequests() {
    }

    public record EpsilonRequest(
            @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be in (0, 1]")
            @DecimalMax(value = "1", message = "must be in (0, 1]") Double sampleRate,
            @NotNull @Min(value = 1, message = "must be between 1 and 100000000")
            @Max(value = 100_000_000, message = "must be between 1 and 100000000") Long steps,
            @NotNull @DecimalMin(value = "0", message = "must be >= 0") Double noiseMultiplier,
            @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be in (0, 1)")
            @DecimalMax(value = "1", inclusive = false, message = "must be in (0, 1)") Double delta,
            @Pattern(regexp = "improved|classic", message = "must be improved or classic") String conversion) {
    }

    public record NoiseRequest(
            @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be in (0, 1]")
            @DecimalMax(value = "1", message = "must be in (0, 1]") Double sampleRate,
            @NotNull @Min(value = 1, message = "must be between 1 and 100000000")
            @Max(value = 100_000_000, message = "must be between 1 and 100000000") Long steps,
            @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
            @DecimalMax(value = "100", message = "must be at most 100") Double epsilon,
            @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be in (0, 1)")
            @DecimalMax(value = "1", inclusive = false, message = "must be in (0, 1)") Double delta,
            @Pattern(regexp = "improved|classic", message = "must be improved or classic") String conversion) {
    }

    public record EpsilonResponse(double epsilon, double delta, double optimalOrder, boolean optimalOrderAtBoundary,
            String conversion, double noiseMultiplier, double sampleRate, long steps, String accountant) {
    }

    public record NoiseResponse(double noiseMultiplier, double epsilon, double targetEpsilon, double delta,
            double sampleRate, long steps, String conversion) {
    }
}
