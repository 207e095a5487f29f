package io.custos.ml.accountant;

/**
 * An (epsilon, delta) guarantee derived from an RDP curve, with the order that achieved it.
 * {@code optimalOrderAtBoundary} warns that a wider range of orders could give a smaller epsilon.
 */
public record EpsilonResult(double epsilon, double delta, double optimalOrder, Conversion conversion,
        boolean optimalOrderAtBoundary) {
}
