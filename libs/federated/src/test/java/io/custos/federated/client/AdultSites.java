package io.custos.federated.client;

import io.custos.data.table.DataTable;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.data.Table;
import io.custos.ml.model.Model;
import io.custos.ml.model.ModelType;
import io.custos.ml.train.FeatureEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * UCI Adult (the repository's data/adult_labeled.csv, the same file as shared/data/) as a
 * federation would see it: a feature schema declared public, an initial global model, a held-out
 * test set (the last 6,000 rows, as libs/ml's tests use) and non-IID sites cut from the rest by
 * household relationship.
 */
final class AdultSites {

    static final Path ADULT_FILE = Path.of("../../data/adult_labeled.csv");
    static final Table ALL = Table.readCsv(ADULT_FILE);
    static final Table TRAINING_PART = new Table(ALL.header(), ALL.rows().subList(0, ALL.size() - 6000));
    static final Table TEST = new Table(ALL.header(), ALL.rows().subList(ALL.size() - 6000, ALL.size()));

    /** The federation's feature list, in its order (not the CSV's). */
    static final List<String> FEATURES = List.of("age", "workclass", "education-num", "marital-status", "occupation",
            "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week");

    /** Adult's documented numeric ranges, declared public. */
    static final Map<String, double[]> NUMERIC_BOUNDS = Map.of(
            "age", new double[] {17, 90},
            "education-num", new double[] {1, 16},
            "capital-gain", new double[] {0, 100000},
            "capital-loss", new double[] {0, 4500},
            "hours-per-week", new double[] {1, 99});

    /** The sites: married (mostly high income), single, and dependants (hardly any high income). */
    static final Map<String, Set<String>> SITES_BY_RELATIONSHIP = new java.util.LinkedHashMap<>(Map.of());

    static {
        SITES_BY_RELATIONSHIP.put("married", Set.of("Husband", "Wife"));
        SITES_BY_RELATIONSHIP.put("single", Set.of("Not-in-family", "Unmarried"));
        SITES_BY_RELATIONSHIP.put("dependants", Set.of("Own-child", "Other-relative"));
    }

    private AdultSites() {
    }

    /**
     * The global model before round 1, as the server makes it: zeros for a linear model, the
     * declared bounds, and categories from Adult's public codebook (here read off the public file).
     * {@code sourceIndex} is the position in {@link #FEATURES}.
     */
    static ModelArtifact initialModel() {
        List<FeatureEncoder.Column> columns = new ArrayList<>();
        for (int i = 0; i < FEATURES.size(); i++) {
            String name = FEATURES.get(i);
            double[] bounds = NUMERIC_BOUNDS.get(name);
            if (bounds != null) {
                columns.add(new FeatureEncoder.Column(name, i, ColumnDeclaration.Kind.NUMERIC, bounds[0], bounds[1],
                        null));
            } else {
                int idx = ALL.columnIndex(name);
                List<String> categories = ALL.rows().stream().map(r -> r[idx].strip()).filter(v -> !v.isEmpty())
                        .distinct().sorted().toList();
                columns.add(new FeatureEncoder.Column(name, i, ColumnDeclaration.Kind.CATEGORICAL, 0, 1, categories));
            }
        }
        Model model = Model.create(ModelType.LOGISTIC, new FeatureEncoder(columns).dimension(), 0);
        return new ModelArtifact(ModelArtifact.FORMAT, "logistic", 0, model.initialParameters(new io.custos.ml.noise.SeededRandomSource(0)), columns,
                "income", "large", null, null, null).validate();
    }

    /** The first {@code rows} rows of the training part whose relationship is one of the site's. */
    static Table site(String name, int rows) {
        Set<String> relationships = SITES_BY_RELATIONSHIP.get(name);
        int idx = ALL.columnIndex("relationship");
        return new Table(ALL.header(), TRAINING_PART.rows().stream()
                .filter(r -> relationships.contains(r[idx].strip())).limit(rows).toList());
    }

    /**
     * Writes the site's rows as its own CSV (all of Adult's columns, in the file's order) through
     * libs/data's CSV writer, as a site would hold them.
     */
    static Path writeSite(String name, int rows, Path file) {
        Set<String> relationships = SITES_BY_RELATIONSHIP.get(name);
        int idx = ALL.columnIndex("relationship");
        boolean[] keep = new boolean[ALL.size()];
        int kept = 0;
        for (int i = 0; i < TRAINING_PART.size() && kept < rows; i++) {
            if (relationships.contains(ALL.rows().get(i)[idx].strip())) {
                keep[i] = true;
                kept++;
            }
        }
        DataTable.readCsv(ADULT_FILE).keepRows(keep).writeCsv(file);
        return file;
    }

    static ModelArtifact withParameters(ModelArtifact a, double[] parameters) {
        return new ModelArtifact(a.format(), a.modelType(), a.hiddenUnits(), parameters, a.features(), a.target(),
                a.positiveClass(), a.datasetSha256(), a.privacy(), a.randomness());
    }
}
