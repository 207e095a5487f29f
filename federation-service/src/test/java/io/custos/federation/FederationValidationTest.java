package io.custos.federation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of a federation: each violation is a 400 naming the field and the allowed range; nothing is written. */
@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class FederationValidationTest {

    private static final String FEDERATIONS = FederationResourceTest.FEDERATIONS;

    private static final String AGE = "{\"name\":\"age\",\"kind\":\"numeric\",\"lower\":0,\"upper\":120}";
    private static final String WARD = "{\"name\":\"ward\",\"kind\":\"categorical\",\"categories\":[\"a\",\"b\"]}";

    @Inject
    AgroalDataSource dataSource;

    private long federationsBefore;
    private long outboxBefore;

    @BeforeEach
    void countRows() throws Exception {
        federationsBefore = count("federations");
        outboxBefore = count("outbox");
    }

    @AfterEach
    void nothingWasWritten() throws Exception {
        assertEquals(federationsBefore, count("federations"), "no federation row written");
        assertEquals(outboxBefore, count("outbox"), "no event written");
    }

    /** A valid body with some top-level members replaced (raw JSON values). */
    private static String body(Map<String, String> overrides) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("name", "\"v-" + UUID.randomUUID().toString().substring(0, 8) + "\"");
        fields.put("modelType", "\"svm\"");
        fields.put("target", "\"readmitted\"");
        fields.put("featureSchema", "[" + AGE + "," + WARD + "]");
        fields.put("rounds", "5");
        fields.put("minClients", "2");
        fields.put("maxClients", "10");
        fields.put("roundTimeoutSeconds", "120");
        fields.put("strategy", "\"fedavg\"");
        fields.put("localEpochs", "1");
        fields.putAll(overrides);
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (v != null) {
                json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v);
            }
        });
        return json.append('}').toString();
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("minClients below 2", Map.of("minClients", "1"), "minClients", "must be between 2 and 1000"),
                Arguments.of("minClients above 1000", Map.of("minClients", "1001", "maxClients", "1000"), "minClients",
                        "must be between 2 and 1000"),
                Arguments.of("maxClients below minClients", Map.of("minClients", "5", "maxClients", "3"), "maxClients",
                        "must be between minClients (5) and 1000"),
                Arguments.of("maxClients above 1000", Map.of("maxClients", "1001"), "maxClients",
                        "must be between 2 and 1000"),
                Arguments.of("no rounds", Map.of("rounds", "0"), "rounds", "must be between 1 and 1000"),
                Arguments.of("too many rounds", Map.of("rounds", "1001"), "rounds", "must be between 1 and 1000"),
                Arguments.of("round timeout too short", Map.of("roundTimeoutSeconds", "9"), "roundTimeoutSeconds",
                        "must be between 10 and 86400 seconds"),
                Arguments.of("round timeout too long", Map.of("roundTimeoutSeconds", "86401"), "roundTimeoutSeconds",
                        "must be between 10 and 86400 seconds"),
                Arguments.of("no local epochs", Map.of("localEpochs", "0"), "localEpochs", "must be between 1 and 100"),
                Arguments.of("too many local epochs", Map.of("localEpochs", "101"), "localEpochs",
                        "must be between 1 and 100"),
                Arguments.of("duplicate feature name",
                        Map.of("featureSchema", "[" + AGE + "," + WARD + ",{\"name\":\"age\",\"kind\":\"numeric\"}]"),
                        "featureSchema[2].name", "duplicate feature name 'age' (already featureSchema[0])"),
                Arguments.of("categorical with one category",
                        Map.of("featureSchema", "[" + AGE + "," + WARD
                                + ",{\"name\":\"sex\",\"kind\":\"categorical\",\"categories\":[\"f\"]}]"),
                        "featureSchema[2].categories", "needs at least 2 distinct categories"),
                Arguments.of("categorical without categories",
                        Map.of("featureSchema", "[" + AGE + ",{\"name\":\"sex\",\"kind\":\"categorical\"}]"),
                        "featureSchema[1].categories", "needs at least 2 distinct categories"),
                Arguments.of("categorical with a repeated category",
                        Map.of("featureSchema", "[{\"name\":\"sex\",\"kind\":\"categorical\",\"categories\":[\"f\",\"f\"]}]"),
                        "featureSchema[0].categories", "needs at least 2 distinct categories"),
                Arguments.of("numeric with categories",
                        Map.of("featureSchema", "[{\"name\":\"x\",\"kind\":\"numeric\",\"categories\":[\"f\",\"m\"]}]"),
                        "featureSchema[0].categories", "only categorical features take categories"),
                Arguments.of("target is a feature", Map.of("target", "\"ward\""), "target",
                        "must not be one of the features (it is featureSchema[1])"),
                Arguments.of("unknown feature kind",
                        Map.of("featureSchema", "[" + AGE + ",{\"name\":\"t\",\"kind\":\"text\"}]"),
                        "featureSchema[1].kind", "must be one of: numeric, categorical"),
                Arguments.of("blank feature name",
                        Map.of("featureSchema", "[" + AGE + ",{\"name\":\" \",\"kind\":\"numeric\"}]"),
                        "featureSchema[1].name", "must not be blank"),
                Arguments.of("a null feature", Map.of("featureSchema", "[" + AGE + ",null]"), "featureSchema[1]",
                        "must be a feature object"),
                Arguments.of("a blank category",
                        Map.of("featureSchema", "[{\"name\":\"sex\",\"kind\":\"categorical\",\"categories\":[\"f\",\" \",\"m\"]}]"),
                        "featureSchema[0].categories[1]", "must not be blank"),
                Arguments.of("no features", Map.of("featureSchema", "[]"), "featureSchema",
                        "must list between 1 and 1000 features"),
                Arguments.of("unknown model type", Map.of("modelType", "\"tree\""), "modelType",
                        "must be one of: logistic, svm, mlp"),
                Arguments.of("unknown strategy", Map.of("strategy", "\"mean\""), "strategy",
                        "must be one of: fedavg, median, trimmed-mean, krum, multi-krum"),
                Arguments.of("bad name", Map.of("name", "\"two words\""), "name",
                        "may contain only letters, digits"),
                Arguments.of("rounds not a number", Map.of("rounds", "\"ten\""), "rounds", "not a valid"),
                Arguments.of("numeric feature without bounds",
                        Map.of("featureSchema", "[{\"name\":\"x\",\"kind\":\"numeric\"}]"),
                        "featureSchema[0]", "a numeric feature needs public bounds lower and upper"),
                Arguments.of("numeric bounds reversed",
                        Map.of("featureSchema", "[{\"name\":\"x\",\"kind\":\"numeric\",\"lower\":5,\"upper\":5}]"),
                        "featureSchema[0].upper", "bounds must be finite with lower < upper, were [5.0, 5.0]"),
                Arguments.of("categorical with bounds",
                        Map.of("featureSchema", "[{\"name\":\"s\",\"kind\":\"categorical\",\"categories\":[\"f\",\"m\"],"
                                + "\"lower\":0}]"),
                        "featureSchema[0]", "only numeric features take lower and upper bounds"),
                Arguments.of("hidden units of a linear model", Map.of("hiddenUnits", "8"), "hiddenUnits",
                        "only mlp models have hidden units"),
                Arguments.of("too many hidden units", Map.of("modelType", "\"mlp\"", "hiddenUnits", "2000"),
                        "hiddenUnits", "must be between 1 and 1024"),
                Arguments.of("trim fraction without trimmed mean", Map.of("trimFraction", "0.2"), "trimFraction",
                        "only the trimmed-mean strategy takes a trim fraction"),
                Arguments.of("trim fraction of one half", Map.of("strategy", "\"trimmed-mean\"", "trimFraction", "0.5"),
                        "trimFraction", "must be >= 0 and < 0.5"),
                Arguments.of("krum with too few clients", Map.of("strategy", "\"krum\"", "byzantineClients", "1",
                        "minClients", "4"), "minClients", "needs at least 2f+3 = 5 updates per round"),
                Arguments.of("multi-krum selecting too many", Map.of("strategy", "\"multi-krum\"", "minClients", "5",
                        "byzantineClients", "1", "multiKrumSelect", "5"), "multiKrumSelect",
                        "must be at most minClients - byzantineClients (4)"),
                Arguments.of("byzantine clients without krum", Map.of("byzantineClients", "1"), "byzantineClients",
                        "only krum and multi-krum take byzantineClients"),
                Arguments.of("learning rate zero", Map.of("learningRate", "0"), "learningRate", "must be > 0 and <= 100"),
                Arguments.of("batch size zero", Map.of("batchSize", "0"), "batchSize", "must be between 1 and 100000"),
                Arguments.of("sample cap zero", Map.of("maxSamplesPerClient", "0"), "maxSamplesPerClient",
                        "must be between 1 and 2^53"),
                Arguments.of("server clip norm zero", Map.of("serverClipNorm", "0"), "serverClipNorm",
                        "must be > 0 and at most 1e6"),
                Arguments.of("client DP with a robust strategy", Map.of("strategy", "\"median\"", "clientDp",
                        "{\"noiseMultiplier\":1,\"clipNorm\":1,\"delta\":1e-5}"), "clientDp",
                        "client-level DP (DP-FedAvg) needs strategy fedavg"),
                Arguments.of("client DP with server clipping", Map.of("serverClipNorm", "1", "clientDp",
                        "{\"noiseMultiplier\":1,\"clipNorm\":1,\"delta\":1e-5}"), "serverClipNorm",
                        "with clientDp, updates are clipped to clientDp.clipNorm"),
                Arguments.of("client DP delta of 1", Map.of("clientDp", "{\"noiseMultiplier\":1,\"clipNorm\":1,\"delta\":1}"),
                        "clientDp.delta", "must be > 0 and < 1"),
                Arguments.of("client DP sampling rate above 1", Map.of("clientDp",
                        "{\"noiseMultiplier\":1,\"clipNorm\":1,\"delta\":1e-5,\"samplingRate\":1.5}"),
                        "clientDp.samplingRate", "must be > 0 and <= 1"),
                Arguments.of("client DP without a clip norm", Map.of("clientDp", "{\"noiseMultiplier\":1,\"delta\":1e-5}"),
                        "clientDp.clipNorm", "give exactly one of clientDp.clipNorm"),
                Arguments.of("adaptive clipping with too little bit noise", Map.of("clientDp",
                        "{\"noiseMultiplier\":1,\"delta\":1e-5,\"adaptiveClipping\":{\"initialClipNorm\":1,"
                                + "\"bitNoiseStd\":0.4}}"),
                        "clientDp.adaptiveClipping.bitNoiseStd", "must exceed noiseMultiplier / 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void eachViolationIsA400NamingTheField(String label, Map<String, String> overrides, String field, String message) {
        given().auth().oauth2(token()).contentType(ContentType.JSON).body(body(overrides))
                .post(FEDERATIONS).then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400), "errors.field", hasItem(field),
                        "errors.find { it.field == '" + field + "' }.message", containsString(message),
                        "detail", containsString(field + ": "));
    }

    @Test
    void severalViolationsAreReportedTogether() {
        given().auth().oauth2(token()).contentType(ContentType.JSON)
                .body("{\"modelType\":\"tree\",\"featureSchema\":[],\"rounds\":0,\"minClients\":1,\"localEpochs\":500}")
                .post(FEDERATIONS).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("name", "modelType", "featureSchema", "target", "rounds",
                        "minClients", "localEpochs"));

        Map<String, String> crossField = new java.util.HashMap<>();
        crossField.put("minClients", "8");
        crossField.put("maxClients", "4");
        crossField.put("target", "\"age\"");
        crossField.put("featureSchema", "[" + AGE + ",{\"name\":\"age\",\"kind\":\"categorical\",\"categories\":[\"x\"]}]");
        given().auth().oauth2(token()).contentType(ContentType.JSON).body(body(crossField))
                .post(FEDERATIONS).then().statusCode(400)
                .body("errors.field", hasItems("maxClients", "featureSchema[1].name", "featureSchema[1].categories",
                        "target"));
    }

    @Test
    void missingOrMalformedBodiesAre400s() {
        given().auth().oauth2(token()).contentType(ContentType.JSON).post(FEDERATIONS).then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(token()).contentType(ContentType.JSON).body("{not json").post(FEDERATIONS).then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("not valid JSON"));
        given().auth().oauth2(token()).contentType(ContentType.JSON).body(body(Map.of("featureSchema", "{\"a\":1}")))
                .post(FEDERATIONS).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("featureSchema"));
    }

    private static String token() {
        return TestKeys.shared().token("alice", "acme", "ml-engineer");
    }

    private long count(String table) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM federation." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
