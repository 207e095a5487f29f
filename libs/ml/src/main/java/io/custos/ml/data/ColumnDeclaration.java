package io.custos.ml.data;

import java.util.List;

/**
 * What the user declares public about a column. A numeric column with bounds, or a categorical
 * column with its categories, costs no privacy to preprocess; anything left undeclared is
 * estimated from the data with a DP mechanism and charged to the run.
 *
 * @param lower      declared lower bound of a numeric column, or null
 * @param upper      declared upper bound of a numeric column, or null
 * @param categories declared categories of a categorical column, or null
 */
public record ColumnDeclaration(String name, Kind kind, Double lower, Double upper, List<String> categories) {

    public enum Kind { NUMERIC, CATEGORICAL }

    public ColumnDeclaration {
        if (categories != null) {
            categories = List.copyOf(categories);
        }
        if (lower != null && upper != null && !(lower < upper)) {
            throw new DataException("column '" + name + "': lower bound " + lower + " must be below upper bound " + upper);
        }
    }

    public static ColumnDeclaration numeric(String name, double lower, double upper) {
        return new ColumnDeclaration(name, Kind.NUMERIC, lower, upper, null);
    }

    public static ColumnDeclaration categorical(String name, List<String> categories) {
        return new ColumnDeclaration(name, Kind.CATEGORICAL, null, null, categories);
    }

    public boolean boundsDeclared() {
        return lower != null && upper != null;
    }

    public boolean categoriesDeclared() {
        return categories != null && !categories.isEmpty();
    }
}
