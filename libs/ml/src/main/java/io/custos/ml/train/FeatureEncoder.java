package io.custos.ml.train;

import io.custos.ml.data.ColumnDeclaration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a raw row into model input using only public (declared or privately estimated)
 * parameters: numeric values are clipped to their bounds and scaled to [0, 1] (missing values
 * take the middle); categorical values become one-hot vectors (unknown or missing: all zeros).
 * Being part of the model, it is exported with it.
 */
public final class FeatureEncoder {

    /** One input column as the encoder uses it. */
    public record Column(String name, int sourceIndex, ColumnDeclaration.Kind kind, double lower, double upper,
            List<String> categories) {
    }

    private final List<Column> columns;
    private final List<Map<String, Integer>> categoryIndex = new ArrayList<>();
    private final int dimension;

    public FeatureEncoder(List<Column> columns) {
        this.columns = List.copyOf(columns);
        int d = 0;
        for (Column c : this.columns) {
            Map<String, Integer> index = new HashMap<>();
            if (c.kind() == ColumnDeclaration.Kind.CATEGORICAL) {
                for (int i = 0; i < c.categories().size(); i++) {
                    index.put(c.categories().get(i), i);
                }
                d += c.categories().size();
            } else {
                d += 1;
            }
            categoryIndex.add(index);
        }
        this.dimension = d;
    }

    public List<Column> columns() {
        return columns;
    }

    public int dimension() {
        return dimension;
    }

    public double[] encode(String[] row) {
        double[] x = new double[dimension];
        int offset = 0;
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            String raw = row[col.sourceIndex()];
            raw = raw == null ? "" : raw.strip();
            if (col.kind() == ColumnDeclaration.Kind.NUMERIC) {
                x[offset++] = scale(raw, col);
            } else {
                Integer i = categoryIndex.get(c).get(raw);
                if (i != null) {
                    x[offset + i] = 1;
                }
                offset += col.categories().size();
            }
        }
        return x;
    }

    private static double scale(String raw, Column col) {
        double v;
        try {
            v = raw.isEmpty() ? Double.NaN : Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (Double.isNaN(v)) {
            return 0.5;
        }
        double clipped = Math.min(col.upper(), Math.max(col.lower(), v));
        return (clipped - col.lower()) / (col.upper() - col.lower());
    }
}
