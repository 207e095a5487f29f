package io.custos.ml.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a user declares public about a dataset's columns, the same document for the CLI
 * ({@code --public-bounds FILE}) and the service:
 *
 * <pre>{"columns": {"age": {"min": 17, "max": 90},
 *              "workclass": {"categories": ["Private", "State-gov"]}}}</pre>
 */
public final class PublicDeclarations {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PublicDeclarations() {
    }

    public static Map<String, ColumnDeclaration> read(InputStream in) throws IOException {
        return parse(MAPPER.readTree(in));
    }

    public static Map<String, ColumnDeclaration> parse(JsonNode root) {
        Map<String, ColumnDeclaration> out = new LinkedHashMap<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return out;
        }
        JsonNode columns = root.path("columns");
        if (!columns.isObject()) {
            throw new DataException("declarations: \"columns\" must be an object of column name to declaration");
        }
        var fields = columns.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            String name = e.getKey();
            JsonNode d = e.getValue();
            boolean hasBounds = d.has("min") || d.has("max");
            boolean hasCategories = d.has("categories");
            if (hasBounds == hasCategories) {
                throw new DataException("declarations.columns." + name + ": give either min and max (numeric) or"
                        + " categories (categorical)");
            }
            if (hasBounds) {
                if (!d.path("min").isNumber() || !d.path("max").isNumber()) {
                    throw new DataException("declarations.columns." + name + ": min and max must both be numbers");
                }
                out.put(name, ColumnDeclaration.numeric(name, d.get("min").asDouble(), d.get("max").asDouble()));
            } else {
                JsonNode cats = d.get("categories");
                if (!cats.isArray() || cats.isEmpty()) {
                    throw new DataException("declarations.columns." + name + ".categories must be a non-empty array");
                }
                List<String> list = new ArrayList<>();
                cats.forEach(c -> list.add(c.asText()));
                if (list.stream().distinct().count() != list.size()) {
                    throw new DataException("declarations.columns." + name + ".categories has duplicates");
                }
                out.put(name, ColumnDeclaration.categorical(name, list));
            }
        }
        return out;
    }
}
