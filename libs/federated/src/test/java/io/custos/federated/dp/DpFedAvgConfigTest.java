package io.custos.federated.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DpFedAvgConfigTest {

    private static void refused(String field, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().startsWith(field) || e.getMessage().contains(field + " "),
                "message names " + field + ": " + e.getMessage());
    }

    @Test
    void refusesInvalidFixedConfigsNamingTheField() {
        refused("clipNorm", () -> DpFedAvgConfig.fixedClipping(0, 1, 10, 0.1, 1e-5));
        refused("clipNorm", () -> DpFedAvgConfig.fixedClipping(Double.NaN, 1, 10, 0.1, 1e-5));
        refused("clipNorm", () -> DpFedAvgConfig.fixedClipping(Double.POSITIVE_INFINITY, 1, 10, 0.1, 1e-5));
        refused("noiseMultiplier", () -> DpFedAvgConfig.fixedClipping(1, -0.1, 10, 0.1, 1e-5));
        refused("noiseMultiplier", () -> DpFedAvgConfig.fixedClipping(1, Double.NaN, 10, 0.1, 1e-5));
        refused("expectedClientsPerRound", () -> DpFedAvgConfig.fixedClipping(1, 1, 0, 0.1, 1e-5));
        refused("samplingRate", () -> DpFedAvgConfig.fixedClipping(1, 1, 10, 0, 1e-5));
        refused("samplingRate", () -> DpFedAvgConfig.fixedClipping(1, 1, 10, 1.01, 1e-5));
        refused("targetDelta", () -> DpFedAvgConfig.fixedClipping(1, 1, 10, 0.1, 0));
        refused("targetDelta", () -> DpFedAvgConfig.fixedClipping(1, 1, 10, 0.1, 1));
        refused("populationSize", () -> DpFedAvgConfig.forPopulation(0, 1, 1, 0.1, 1e-5));
    }

    @Test
    void refusesInvalidAdaptiveConfigsNamingTheField() {
        refused("targetQuantile", () -> new AdaptiveClipping(0, 0.2, 1, 1));
        refused("targetQuantile", () -> new AdaptiveClipping(1, 0.2, 1, 1));
        refused("learningRate", () -> new AdaptiveClipping(0.5, 0, 1, 1));
        refused("bitNoiseStd", () -> new AdaptiveClipping(0.5, 0.2, -1, 1));
        refused("initialClipNorm", () -> new AdaptiveClipping(0.5, 0.2, 1, 0));
        refused("adaptiveClipping.bitNoiseStd",
                () -> DpFedAvgConfig.adaptiveClipping(new AdaptiveClipping(0.5, 0.2, 1, 1), 2.0, 10, 0.1, 1e-5));
        refused("clipNorm", () -> new DpFedAvgConfig(3.0, new AdaptiveClipping(0.5, 0.2, 1, 1), 1, 10, 0.1, 1e-5));
    }

    @Test
    void derivedValues() {
        DpFedAvgConfig fixed = DpFedAvgConfig.forPopulation(1000, 1.5, 1.1, 0.05, 1e-4);
        assertEquals(50, fixed.expectedClientsPerRound(), 1e-12);
        assertEquals(1.1, fixed.updateNoiseMultiplier());
        DpFedAvgConfig adaptive = DpFedAvgConfig.adaptiveClipping(new AdaptiveClipping(0.5, 0.2, 1, 0.3), 1.0, 10, 0.1,
                1e-5);
        assertTrue(adaptive.isAdaptive());
        assertEquals(0.3, adaptive.clipNorm());
        assertEquals(2 / Math.sqrt(3), adaptive.updateNoiseMultiplier(), 1e-12);
    }
}
