package io.custos.data.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Declared rules by column name; columns without a rule are only profiled. */
public record QualityRules(Map<String, ColumnRule> columns) {

    public QualityRules {
        columns = columns == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public static QualityRules none() {
        return new QualityRules(Map.of());
    }
}
