package io.custos.privacy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Risk, transforms, quality and drift through the REST API, on a table whose answers are known:
 * equivalence classes on (age, sex, zip) of sizes 4, 3, 2, 1 and 2; diagnoses that make three of
 * those classes 1-diverse; an e-mail in every row, two more in the notes and one phone number.
 */
@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class DataProtectionResourceTest {

    private static final String DATASETS = "/api/privacy/datasets";

    static final String PATIENTS = """
            patient_name,email,age,sex,zip,diagnosis,notes
            Jane Roe,jane.roe@example.org,34,F,10001,flu,routine
            Mary Major,mary.major@example.org,34,F,10001,flu,routine
            Ann Lee,ann.lee@example.org,34,F,10001,asthma,write to ann.lee@mail.example
            Eve Stone,eve.stone@example.org,34,F,10001,flu,routine
            Bob Ray,bob.ray@example.org,45,M,10002,diabetes,routine
            Tom Hale,tom.hale@example.org,45,M,10002,diabetes,call +1 212-736-5000 after 5
            Sam Vey,sam.vey@example.org,45,M,10002,diabetes,routine
            Lia Moss,lia.moss@example.org,52,F,10003,flu,copy to lia@clinic.example
            Ida Fox,ida.fox@example.org,52,F,10003,asthma,routine
            Ned Park,ned.park@example.org,61,M,10004,flu,routine
            Kai Wren,kai.wren@example.org,34,M,10001,asthma,routine
            Leo Dunn,leo.dunn@example.org,34,M,10001,asthma,routine
            """;

    private static final String RISK_OPTIONS = "{\"quasiIdentifiers\":[\"age\",\"sex\",\"zip\"],"
            + "\"sensitive\":\"diagnosis\",\"k\":2}";

    @Inject
    AgroalDataSource dataSource;

    private static String token(String tenant, String... roles) {
        return TestKeys.shared().token("alice", tenant, roles);
    }

    @Test
    void riskReportHasTheKnownAnswersAndNoValues() throws Exception {
        String id = DatasetRegistryTest.upload("acme", "patients", PATIENTS);
        String raw = given().auth().oauth2(token("acme", "auditor"))
                .get(DATASETS + "/" + id + "/risk-report?qi=age,sex,zip&sensitive=diagnosis&k=2").then()
                .statusCode(200).extract().asString();
        JsonPath r = JsonPath.from(raw).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals(12, r.getInt("rows"));
        assertEquals(List.of("age", "sex", "zip"), r.getList("quasiIdentifiers"));
        assertEquals(1, r.getInt("kAnonymity.k"));
        assertEquals(5, r.getInt("kAnonymity.classes"));
        assertEquals(1, r.getInt("kAnonymity.singletonRecords"));
        assertEquals(1, r.getInt("kAnonymity.recordsBelowK"));
        assertEquals(1, r.getInt("lDiversity.distinctL"));
        assertEquals(3, r.getInt("lDiversity.classesViolating"));
        assertEquals(5.0 / 12, r.getDouble("prosecutorRisk.average"), 1e-9);
        assertEquals(1.0, r.getDouble("prosecutorRisk.max"), 1e-9);
        assertEquals(12, r.getInt("columns.find { it.name == 'email' }.pii.find { it.type == 'EMAIL' }.count"));
        assertEquals(12, r.getInt(
                "columns.find { it.name == 'patient_name' }.pii.find { it.type == 'PERSON_NAME' }.count"));
        assertEquals(List.of(3, 8), r.getList("columns.find { it.name == 'notes' }.pii.find { it.type == 'EMAIL' }"
                + ".sampleRows"));
        assertEquals(List.of(6), r.getList("columns.find { it.name == 'notes' }.pii.find { it.type == 'PHONE' }"
                + ".sampleRows"));
        for (String value : List.of("jane.roe", "Jane Roe", "lia@clinic", "736-5000", "diabetes")) {
            assertFalse(raw.contains(value), "the report must not carry data values: " + value);
        }
        String cached = "SELECT count(*) FROM privacy.risk_reports r JOIN privacy.datasets d ON d.sha256 = r.sha256"
                + " WHERE d.id = '" + id + "'";
        long reports = count(cached);
        assertTrue(reports >= 1, "the report is cached under the content hash");
        String again = given().auth().oauth2(token("acme", "auditor"))
                .get(DATASETS + "/" + id + "/risk-report?qi=age,sex,zip&sensitive=diagnosis&k=2").then()
                .statusCode(200).extract().asString();
        assertEquals(r.getMap("kAnonymity"), JsonPath.from(again).using(
                new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)).getMap("kAnonymity"));
        assertEquals(reports, count(cached), "the second request is answered from the cache");
    }

    @Test
    void riskOptionsAreValidated() {
        String id = DatasetRegistryTest.upload("acme", "patients", PATIENTS);
        given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + id + "/risk-report?qi=age,height")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("quasiIdentifiers[1]"))
                .body("errors[0].message", containsString("height"));
        given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + id + "/risk-report?k=1").then()
                .statusCode(400).body("errors[0].field", equalTo("k"));
    }

    @Test
    void transformMakesANewVersionAndReportsRiskBeforeAndAfter() throws Exception {
        String id = DatasetRegistryTest.upload("acme", "patients", PATIENTS);
        String steps = """
                [{"type":"redact_pii","columns":["notes"],"mode":"mask"},
                 {"type":"drop_columns","columns":["patient_name","email"]},
                 {"type":"generalise","column":"age","bins":{"width":20}},
                 {"type":"suppress_small_classes","quasiIdentifiers":["age","sex","zip"],"k":2,"mode":"drop"}]""";
        JsonPath out = given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"steps\":" + steps + ",\"risk\":" + RISK_OPTIONS + "}")
                .post(DATASETS + "/" + id + "/transform").then().statusCode(201)
                .header("Location", containsString("/api/privacy/datasets/")).extract().jsonPath();
        assertEquals(2, out.getInt("dataset.version"));
        assertEquals(id, out.getString("dataset.parentId"));
        assertEquals(11, out.getInt("dataset.rowCount"));
        assertEquals(List.of("age", "sex", "zip", "diagnosis", "notes"), out.getList("dataset.columns"));
        assertEquals(1, out.getInt("riskBefore.kAnonymity.k"));
        assertEquals(2, out.getInt("riskAfter.kAnonymity.k"));
        assertEquals(4, out.getList("steps").size());
        String v2 = out.getString("dataset.id");
        String csv = given().auth().oauth2(token("acme", "data-steward")).get(DATASETS + "/" + v2 + "/content").then()
                .statusCode(200).extract().asString();
        assertFalse(csv.contains("@"), csv);
        assertFalse(csv.contains("736-5000"), csv);
        assertTrue(csv.contains("\"[20,40)\"") || csv.contains("[20,40)"), csv);
        given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + v2 + "/lineage").then().statusCode(200)
                .body("[1].transform.steps[2].bins.width", equalTo(20))
                .body("[1].transform.parentSha256", not(equalTo(out.getString("dataset.sha256"))));
    }

    @Test
    void theRiskAfterATransformLeavesOutTheColumnsItDropped() {
        String id = DatasetRegistryTest.upload("acme", "patients", PATIENTS);
        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"steps\":[{\"type\":\"drop_columns\",\"columns\":[\"diagnosis\"]}],"
                        + "\"risk\":{\"sensitive\":\"diagnosis\",\"k\":2}}")
                .post(DATASETS + "/" + id + "/transform").then().statusCode(201)
                .body("riskBefore.lDiversity.sensitive", equalTo("diagnosis"))
                .body("riskAfter.lDiversity", equalTo(null));
    }

    @Test
    void aBadStepFailsTheWholeTransformAndWritesNothing() throws Exception {
        String id = DatasetRegistryTest.upload("acme", "patients", PATIENTS);
        long versions = count("SELECT count(*) FROM privacy.datasets");
        String steps = """
                [{"type":"redact_pii","columns":["notes"]},
                 {"type":"drop_columns","columns":["email"]},
                 {"type":"generalise","column":"height","bins":{"width":10}}]""";
        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"steps\":" + steps + "}").post(DATASETS + "/" + id + "/transform").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", startsWith("steps[2]"))
                .body("errors[0].message", containsString("height"));
        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"steps\":[{\"type\":\"shuffle\"}]}").post(DATASETS + "/" + id + "/transform").then()
                .statusCode(400).body("errors[0].field", startsWith("steps[0]"));
        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"steps\":[]}").post(DATASETS + "/" + id + "/transform").then().statusCode(400)
                .body("errors[0].field", equalTo("steps"));
        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"steps\":[{\"type\":\"drop_columns\",\"columns\":[\"email\"]}],\"risk\":{\"kk\":3}}")
                .post(DATASETS + "/" + id + "/transform").then().statusCode(400)
                .body("errors[0].field", equalTo("risk.kk"));
        given().auth().oauth2(token("acme", "auditor")).contentType(ContentType.JSON)
                .body("{\"steps\":[{\"type\":\"drop_columns\",\"columns\":[\"email\"]}]}")
                .post(DATASETS + "/" + id + "/transform").then().statusCode(403);
        assertEquals(versions, count("SELECT count(*) FROM privacy.datasets"));
    }

    @Test
    void formatPreservingRedactionKeepsTheShapeAndIsStablePerTenant() {
        String csv = "id,card\n1,4111 1111 1111 1111\n2,5500-0000-0000-0004\n3,4111 1111 1111 1111\n";
        String id = DatasetRegistryTest.upload("acme", "cards", csv);
        String body = "{\"steps\":[{\"type\":\"redact_pii\",\"columns\":[\"card\"],\"mode\":\"format_preserving\"}]}";
        String v2 = given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON).body(body)
                .post(DATASETS + "/" + id + "/transform").then().statusCode(201).extract().path("dataset.id");
        String out = given().auth().oauth2(token("acme", "data-steward")).get(DATASETS + "/" + v2 + "/content").then()
                .statusCode(200).extract().asString();
        String[] lines = out.strip().split("\n");
        String first = lines[1].split(",")[1];
        String second = lines[2].split(",")[1];
        assertTrue(first.matches("\\d{4} \\d{4} \\d{4} \\d{4}"), first);
        assertTrue(second.matches("\\d{4}-\\d{4}-\\d{4}-\\d{4}"), second);
        assertFalse(out.contains("4111 1111 1111 1111"), out);
        assertEquals(first, lines[3].split(",")[1], "the same value gets the same pseudonym");
    }

    @Test
    void qualityReportChecksDeclaredRulesAndRefusesBadOnes() {
        String id = DatasetRegistryTest.upload("acme", "patients", PATIENTS);
        JsonPath plain = given().auth().oauth2(token("acme", "ml-engineer")).get(DATASETS + "/" + id
                + "/quality-report").then().statusCode(200).extract().jsonPath();
        assertEquals(12, plain.getInt("rows"));
        JsonPath ruled = given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body("{\"columns\":{\"age\":{\"min\":0,\"max\":50},\"sex\":{\"allowed\":[\"F\"]}}}")
                .post(DATASETS + "/" + id + "/quality-report").then().statusCode(200).extract().jsonPath();
        // ages 52, 52 and 61 break max 50 (rows 8, 9, 10); six rows are not F
        assertEquals(3, ruled.getInt("byColumn.find { it.column == 'age' }.violations.find { it.rule == 'max' }"
                + ".count"));
        assertEquals(List.of(8, 9, 10), ruled.getList("byColumn.find { it.column == 'age' }.violations"
                + ".find { it.rule == 'max' }.sampleRows"));
        assertEquals(6, ruled.getInt("byColumn.find { it.column == 'sex' }.violations.find { it.rule == 'allowed' }"
                + ".count"));
        assertTrue(ruled.getDouble("score") < plain.getDouble("score"), "broken rules cost points");
        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body("{\"columns\":{\"age\":{\"regex\":\"[\"}}}").post(DATASETS + "/" + id + "/quality-report")
                .then().statusCode(400).body("errors[0].field", equalTo("rules.columns.age.regex"));
        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body("{\"columns\":{\"age\":{\"minimum\":3}}}").post(DATASETS + "/" + id + "/quality-report")
                .then().statusCode(400).body("errors[0].field", equalTo("rules.columns.age.minimum"));
    }

    @Test
    void driftComparesTwoVersionsColumnByColumn() {
        StringBuilder base = new StringBuilder("score,group\n");
        StringBuilder shifted = new StringBuilder("score,group\n");
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            base.append(String.format(java.util.Locale.ROOT, "%.3f,%s%n", rnd.nextGaussian(), i % 2 == 0 ? "a" : "b"));
            shifted.append(String.format(java.util.Locale.ROOT, "%.3f,%s%n", 1 + rnd.nextGaussian(),
                    i % 2 == 0 ? "a" : "b"));
        }
        String b = DatasetRegistryTest.upload("acme", "baseline", base.toString());
        String c = DatasetRegistryTest.upload("acme", "current", shifted.toString());
        given().auth().oauth2(token("acme", "auditor")).contentType(ContentType.JSON)
                .body("{\"baselineId\":\"" + b + "\",\"currentId\":\"" + c + "\"}").post("/api/privacy/drift").then()
                .statusCode(200).body("verdict", equalTo("DRIFT"))
                .body("columns.find { it.column == 'score' }.verdict", equalTo("DRIFT"))
                .body("columns.find { it.column == 'score' }.test", equalTo("KS"))
                .body("columns.find { it.column == 'group' }.verdict", equalTo("STABLE"));
        given().auth().oauth2(token("acme", "auditor")).contentType(ContentType.JSON)
                .body("{\"baselineId\":\"" + b + "\",\"currentId\":\"" + c + "\",\"alpha\":2}")
                .post("/api/privacy/drift").then().statusCode(400).body("errors[0].field", equalTo("options.alpha"));
        given().auth().oauth2(token("acme", "auditor")).contentType(ContentType.JSON)
                .body("{\"baselineId\":\"" + b + "\"}").post("/api/privacy/drift").then().statusCode(400)
                .body("errors[0].field", equalTo("currentId"));
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
