package io.custos.ml.train;

import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.data.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Adult data split once: the first rows train, the last 6,000 are a public evaluation set. */
final class AdultFixture {

    static final Table ALL = load();
    static final Table TRAIN = new Table(ALL.header(), ALL.rows().subList(0, ALL.size() - 6000));
    static final Table EVAL = new Table(ALL.header(), ALL.rows().subList(ALL.size() - 6000, ALL.size()));

    /** Public knowledge about Adult's numeric columns (documented ranges), as a user would declare it. */
    static final Map<String, ColumnDeclaration> NUMERIC_BOUNDS = Map.of(
            "age", ColumnDeclaration.numeric("age", 17, 90),
            "education-num", ColumnDeclaration.numeric("education-num", 1, 16),
            "capital-gain", ColumnDeclaration.numeric("capital-gain", 0, 100000),
            "capital-loss", ColumnDeclaration.numeric("capital-loss", 0, 4500),
            "hours-per-week", ColumnDeclaration.numeric("hours-per-week", 1, 99));

    /**
     * Bounds plus the categories of Adult's categorical columns, which its public codebook lists
     * (here taken from the file itself, which is public).
     */
    static final Map<String, ColumnDeclaration> ALL_DECLARED = allDeclared();

    static final List<String> FEATURES = List.of("age", "workclass", "education-num", "marital-status", "occupation",
            "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week");

    private AdultFixture() {
    }

    private static Map<String, ColumnDeclaration> allDeclared() {
        Map<String, ColumnDeclaration> d = new java.util.HashMap<>(NUMERIC_BOUNDS);
        for (String c : List.of("workclass", "marital-status", "occupation", "relationship", "race", "sex")) {
            int idx = ALL.columnIndex(c);
            d.put(c, ColumnDeclaration.categorical(c, ALL.rows().stream().map(r -> r[idx].strip())
                    .filter(v -> !v.isEmpty()).distinct().sorted().toList()));
        }
        return Map.copyOf(d);
    }

    /** The repository's copy of Adult (data/), found from the module directory Maven runs tests in. */
    private static Table load() {
        return Table.readCsv(Path.of("../../data/adult_labeled.csv"));
    }

    /** Exact accuracy of a trained model on the public evaluation rows. */
    static double evalAccuracy(TrainingResult r) {
        int target = EVAL.columnIndex("income");
        double[][] x = new double[EVAL.size()][];
        int[] y = new int[EVAL.size()];
        List<String[]> rows = new ArrayList<>(EVAL.rows());
        for (int i = 0; i < rows.size(); i++) {
            x[i] = r.encoder().encode(rows.get(i));
            y[i] = rows.get(i)[target].strip().equals("large") ? 1 : 0;
        }
        return Evaluation.exact(r.model(), r.parameters(), x, y).accuracy();
    }
}
