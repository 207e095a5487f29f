package io.custos.data.transform;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.custos.data.pii.PiiType;
import java.util.List;
import java.util.Map;

/**
 * One transform step, as JSON: an object whose "type" names the step. Absent optional fields take
 * their defaults in the constructors, so a parsed step serialises back with every parameter it ran
 * with. Shapes are checked by {@link TransformSteps#parse}; columns and data types by
 * {@link Transformer#apply} before any step runs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(TransformStep.RedactPii.class),
    @JsonSubTypes.Type(TransformStep.ClipOutliers.class),
    @JsonSubTypes.Type(TransformStep.DropColumns.class),
    @JsonSubTypes.Type(TransformStep.DropHighUniqueness.class),
    @JsonSubTypes.Type(TransformStep.Generalise.class),
    @JsonSubTypes.Type(TransformStep.GeneraliseToK.class),
    @JsonSubTypes.Type(TransformStep.SuppressSmallClasses.class)
})
public sealed interface TransformStep {

    /**
     * Redacts personal data found by the PII scanner: {@code {"type":"redact_pii","columns":["notes"],
     * "types":["EMAIL","PHONE"],"mode":"mask","maskChar":"*"}}.
     *
     * @param columns  columns to scan; null = every column
     * @param types    kinds to redact; null = every kind
     * @param mode     mask (replace each character of a match) or format_preserving (FF1)
     * @param maskChar one character, not a letter or digit; default "*"
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonTypeName("redact_pii")
    record RedactPii(List<String> columns, List<PiiType> types, RedactionMode mode, String maskChar)
            implements TransformStep {
        public RedactPii {
            mode = mode == null ? RedactionMode.MASK : mode;
            maskChar = maskChar == null ? "*" : maskChar;
        }
    }

    /**
     * Clips numbers to bounds computed from the column: {@code {"type":"clip_outliers",
     * "columns":["income"],"method":"iqr","factor":1.5}}.
     *
     * @param method std: mean ± factor x sample standard deviation (default factor 3); iqr: Tukey's
     *               fences Q1 - factor x IQR, Q3 + factor x IQR (default factor 1.5)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonTypeName("clip_outliers")
    record ClipOutliers(List<String> columns, ClipMethod method, Double factor) implements TransformStep {
        public ClipOutliers {
            method = method == null ? ClipMethod.STD : method;
            factor = factor == null ? method.defaultFactor() : factor;
        }
    }

    /** {@code {"type":"drop_columns","columns":["ssn","name"]}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonTypeName("drop_columns")
    record DropColumns(List<String> columns) implements TransformStep {
    }

    /**
     * Drops columns whose distinct values are at least {@code threshold} of their present values:
     * {@code {"type":"drop_high_uniqueness","threshold":0.9,"exclude":["visit_date"]}}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonTypeName("drop_high_uniqueness")
    record DropHighUniqueness(Double threshold, List<String> exclude) implements TransformStep {
        public static final double DEFAULT_THRESHOLD = 0.9;

        public DropHighUniqueness {
            threshold = threshold == null ? DEFAULT_THRESHOLD : threshold;
            exclude = exclude == null ? List.of() : exclude;
        }
    }

    /**
     * Generalises one column by exactly one of: {@code bins} (numbers to "[20,30)"),
     * {@code dateTruncation} (ISO dates to "2020-05" or "2020"), {@code postcodeKeep} (first n
     * characters, then '*'), {@code groups} (categories to labels; unlisted values stay, or become
     * {@code otherLabel} when it is given). Examples:
     * <pre>
     * {"type":"generalise","column":"age","bins":{"width":10,"origin":0}}
     * {"type":"generalise","column":"age","bins":{"edges":[0,18,65,120]}}
     * {"type":"generalise","column":"admitted","dateTruncation":"month"}
     * {"type":"generalise","column":"zip","postcodeKeep":3}
     * {"type":"generalise","column":"diagnosis","groups":{"cardio":["I10","I20"]},"otherLabel":"other"}
     * </pre>
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonTypeName("generalise")
    record Generalise(String column, Bins bins, DateTruncation dateTruncation, Integer postcodeKeep,
            Map<String, List<String>> groups, String otherLabel) implements TransformStep {
    }

    /**
     * Numeric bins: either {@code width} (with {@code origin}, default 0) for [origin + i x width,
     * origin + (i+1) x width), or strictly increasing {@code edges} for [e0,e1), [e1,e2), ... with
     * "&lt;e0" below the first and "&gt;=eN" from the last edge.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Bins(Double width, Double origin, List<Double> edges) {
    }

    /**
     * Generalises quasi-identifiers just enough to reach k: {@code {"type":"generalise_to_k",
     * "quasiIdentifiers":["age","zip","sex"],"k":5,"maxSuppression":0.05,"hierarchies":{
     * "age":{"widths":[5,10,20,50]},"zip":{"postcodeKeep":[4,3,2,1]},"admitted":{"dates":["month","year"]},
     * "ethnicity":{"groups":[{"asian":["chinese","indian"]}]}}}}. A quasi-identifier without a
     * hierarchy keeps its values.
     *
     * @param maxSuppression share of rows that may be dropped to reach k, in [0, 1); default 0.05
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonTypeName("generalise_to_k")
    record GeneraliseToK(List<String> quasiIdentifiers, Integer k, Map<String, Hierarchy> hierarchies,
            Double maxSuppression) implements TransformStep {
        public static final double DEFAULT_MAX_SUPPRESSION = 0.05;

        public GeneraliseToK {
            hierarchies = hierarchies == null ? Map.of() : hierarchies;
            maxSuppression = maxSuppression == null ? DEFAULT_MAX_SUPPRESSION : maxSuppression;
        }
    }

    /**
     * The levels a column can be generalised through, level 0 being the values as they are; exactly
     * one of: {@code widths} (numeric bins of increasing width, with {@code origin}), {@code dates}
     * (["month","year"]), {@code postcodeKeep} (decreasing character counts), {@code groups} (each
     * level groups the previous level's values; a last level "*" is added).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Hierarchy(List<Double> widths, Double origin, List<DateTruncation> dates, List<Integer> postcodeKeep,
            List<Map<String, List<String>>> groups) {
    }

    /**
     * Removes or masks rows in equivalence classes smaller than k: {@code {"type":"suppress_small_classes",
     * "quasiIdentifiers":["age","zip"],"k":5,"mode":"drop"}}.
     *
     * @param mode drop (remove the rows) or mask (replace their quasi-identifier values with "*")
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonTypeName("suppress_small_classes")
    record SuppressSmallClasses(List<String> quasiIdentifiers, Integer k, SuppressionMode mode)
            implements TransformStep {
        public SuppressSmallClasses {
            mode = mode == null ? SuppressionMode.DROP : mode;
        }
    }

    enum RedactionMode {
        @JsonProperty("mask") MASK,
        @JsonProperty("format_preserving") FORMAT_PRESERVING
    }

    enum ClipMethod {
        @JsonProperty("std") STD,
        @JsonProperty("iqr") IQR;

        double defaultFactor() {
            return this == STD ? 3.0 : 1.5;
        }
    }

    enum DateTruncation {
        @JsonProperty("month") MONTH,
        @JsonProperty("year") YEAR
    }

    enum SuppressionMode {
        @JsonProperty("drop") DROP,
        @JsonProperty("mask") MASK
    }
}
