package io.custos.bundle.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas (draft 2020-12) bundle documents are checked against, shipped in this library
 * so validation works offline: MLmodel, MLflow column signatures, W3C PROV-JSON, in-toto
 * Statement v1, SLSA Provenance v1 and DSSE envelopes.
 */
public final class JsonSchemas {

    public static final String MLMODEL = "mlmodel.schema.json";
    public static final String MLFLOW_COLSPEC = "mlflow-colspec.schema.json";
    public static final String PROV_JSON = "prov-json.schema.json";
    public static final String INTOTO_STATEMENT = "in-toto-statement-v1.schema.json";
    public static final String SLSA_PROVENANCE = "slsa-provenance-v1.schema.json";
    public static final String DSSE_ENVELOPE = "dsse-envelope.schema.json";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    /** The schema violations of {@code document}, each with its JSON path; empty when valid. */
    public static List<String> validate(String schema, JsonNode document) {
        return CACHE.computeIfAbsent(schema, JsonSchemas::load).validate(document).stream()
                .map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema load(String name) {
        try (InputStream in = JsonSchemas.class.getResourceAsStream("/io/custos/bundle/schemas/" + name)) {
            if (in == null) {
                throw new IllegalStateException("schema " + name + " is not on the class path");
            }
            return FACTORY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
