package io.custos.federated.client;

import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.BinaryTarget;
import io.custos.ml.data.DataException;
import io.custos.ml.data.Table;
import io.custos.ml.train.FeatureEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A site's rows encoded exactly as the global model encodes its input. The global model's
 * features carry the federation's declared bounds and categories, and their {@code sourceIndex}
 * is a position in the federation's feature list, not in this site's CSV: each feature is found
 * in the CSV by name, so sites may order (and add) columns as they like. No statistic of the
 * local data enters the encoding.
 *
 * @param encoder   the global model's preprocessing, reading this site's CSV columns
 * @param x         encoded rows
 * @param y         0/1 labels
 * @param positives how many rows are labelled 1
 */
public record LocalDataset(FeatureEncoder encoder, double[][] x, int[] y, int positives) {

    /** Reads a UTF-8 CSV with a header row and encodes it for {@code global}. */
    public static LocalDataset read(Path csv, ModelArtifact global) {
        return encode(Table.readCsv(csv), global);
    }

    /**
     * Encodes every row of {@code table} for {@code global}.
     *
     * @throws DataException if a feature or the target is not a column, the table is empty, or a
     *                       row's target is empty or (for a numeric target) not 0/1; the message
     *                       names the column and the header, or the line
     */
    public static LocalDataset encode(Table table, ModelArtifact global) {
        FeatureEncoder encoder = encoderFor(table.header(), global);
        int target = columnOf(table.header(), global.target(), "the federation's target");
        if (table.size() == 0) {
            throw new DataException("the data has no rows");
        }
        double[][] x = new double[table.size()][];
        int[] y = new int[table.size()];
        int positives = 0;
        for (int i = 0; i < x.length; i++) {
            String[] row = table.rows().get(i);
            y[i] = label(row[target], global, i + 2); // line 1 is the header
            positives += y[i];
            x[i] = encoder.encode(row);
        }
        return new LocalDataset(encoder, x, y, positives);
    }

    /**
     * The global model's encoder with each feature reading the CSV column of the same name.
     *
     * @throws DataException naming the first feature the header lacks
     */
    public static FeatureEncoder encoderFor(List<String> header, ModelArtifact global) {
        List<FeatureEncoder.Column> columns = new ArrayList<>();
        for (FeatureEncoder.Column f : global.features()) {
            int index = columnOf(header, f.name(), "a feature of the global model");
            columns.add(new FeatureEncoder.Column(f.name(), index, f.kind(), f.lower(), f.upper(), f.categories()));
        }
        return new FeatureEncoder(columns);
    }

    /**
     * Fails early, before any model is at hand, when the header lacks a column the federation
     * needs (its features and target).
     */
    public static void requireColumns(List<String> header, Collection<String> names) {
        for (String name : names) {
            columnOf(header, name, "required by the federation");
        }
    }

    public int size() {
        return x.length;
    }

    /** True when this data was encoded with exactly {@code global}'s features (positions aside). */
    public boolean fits(ModelArtifact global) {
        List<FeatureEncoder.Column> mine = encoder.columns();
        List<FeatureEncoder.Column> theirs = global.features();
        if (mine.size() != theirs.size()) {
            return false;
        }
        for (int i = 0; i < mine.size(); i++) {
            FeatureEncoder.Column a = mine.get(i);
            FeatureEncoder.Column b = theirs.get(i);
            if (!a.name().equals(b.name()) || a.kind() != b.kind() || Double.compare(a.lower(), b.lower()) != 0
                    || Double.compare(a.upper(), b.upper()) != 0
                    || !java.util.Objects.equals(a.categories(), b.categories())) {
                return false;
            }
        }
        return true;
    }

    private static int columnOf(List<String> header, String name, String role) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new DataException("the data has no column '" + name + "' (" + role + "); its header is " + header);
        }
        return i;
    }

    private static int label(String raw, ModelArtifact global, int line) {
        String value = raw == null ? "" : raw.strip();
        // BinaryTarget maps every value but the positive class to 0; an empty cell is an unlabelled
        // row (e.g. Adult's test file), not a negative one, so it is refused rather than learnt from.
        Integer label = value.isEmpty() ? null : BinaryTarget.label(value, global.positiveClass());
        if (label == null) {
            throw new DataException("line " + line + ": target '" + global.target() + "' is "
                    + (value.isEmpty() ? "empty" : "'" + value + "', not 0 or 1")
                    + (global.positiveClass() == null ? " (the federation's target is numeric 0/1)"
                            : " (the positive class is '" + global.positiveClass() + "')"));
        }
        return label;
    }
}
