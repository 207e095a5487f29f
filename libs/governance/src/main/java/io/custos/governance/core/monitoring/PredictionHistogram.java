package io.custos.governance.core.monitoring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The model's predicted probabilities on its reference data, binned: {@code edges} run strictly
 * upwards from 0 to 1 and {@code counts} has one count per bin, with the same bin rule as numeric
 * features ([edges[i], edges[i+1]), the last bin closed so that a probability of 1 is counted).
 * Checked when put into a {@link ReferenceProfile}.
 */
public record PredictionHistogram(List<Double> edges, List<Long> counts) {

    public PredictionHistogram {
        edges = edges == null ? null : Collections.unmodifiableList(new ArrayList<>(edges));
        counts = counts == null ? null : Collections.unmodifiableList(new ArrayList<>(counts));
    }

    /** {@code bins} bins of equal width over [0, 1], e.g. 10 for deciles of probability. */
    public static List<Double> uniformEdges(int bins) {
        if (bins < 1) {
            throw new MonitoringInputException("predictions.edges", "bins is " + bins + "; it must be at least 1");
        }
        List<Double> edges = new ArrayList<>(bins + 1);
        for (int i = 0; i <= bins; i++) {
            edges.add(i == bins ? 1.0 : (double) i / bins);
        }
        return edges;
    }
}
