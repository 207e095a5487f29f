package io.custos.governance.core.monitoring;

import java.util.Arrays;
import java.util.List;

/** Puts values into a reference histogram's bins: [e_i, e_i+1), the last bin closed. */
final class Binning {

    /** Marker for a value under the first edge. */
    static final int BELOW = -1;

    private Binning() {
    }

    /** Edges as an array for {@link #binOf}, with -0.0 read as 0.0. */
    static double[] edges(List<Double> edges) {
        double[] out = new double[edges.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = edges.get(i) + 0.0;
        }
        return out;
    }

    /**
     * The bin of {@code v} among the {@code edges.length - 1} bins, {@link #BELOW}, or
     * {@code edges.length - 1} (one past the last bin) for a value above the last edge.
     */
    static int binOf(double[] edges, double v) {
        int bins = edges.length - 1;
        // + 0.0 turns -0.0 into 0.0, which binarySearch would otherwise order below an edge at 0.
        int at = Arrays.binarySearch(edges, v + 0.0);
        if (at >= 0) {
            // On an edge: the bin it opens, except the last edge, which closes the last bin.
            return Math.min(at, bins - 1);
        }
        int insertion = -at - 1;
        if (insertion == 0) {
            return BELOW;
        }
        return insertion > bins ? bins : insertion - 1;
    }
}
