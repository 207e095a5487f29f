package io.custos.federation.domain;

import java.util.List;

/**
 * One input column of a federation's model as stored: numeric features carry their public bounds,
 * categorical ones their categories.
 */
public record FeatureDefinition(String name, String kind, Double lower, Double upper, List<String> categories) {

    public static final String NUMERIC = "numeric";
    public static final String CATEGORICAL = "categorical";

    public boolean numeric() {
        return NUMERIC.equals(kind);
    }
}
