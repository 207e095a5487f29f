package io.custos.privacy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.custos.privacy.config.PrivacyConfig;
import io.custos.service.storage.BlobStore;
import io.custos.privacy.dataset.DatasetService;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class DatasetRegistryTest {

    private static final String DATASETS = "/api/privacy/datasets";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PrivacyConfig config;

    @Inject
    DatasetService datasets;

    @Inject
    BlobStore blobs;

    @TestHTTPResource("/api/privacy/datasets")
    URL datasetsUrl;

    private static String token(String tenant, String... roles) {
        return TestKeys.shared().token("alice", tenant, roles);
    }

    static String upload(String tenant, String name, String csv) {
        return given().auth().oauth2(token(tenant, "data-steward")).contentType("text/csv").body(csv)
                .post(DATASETS + "?name=" + name).then().statusCode(201).extract().path("id");
    }

    private static String people(int rows, int seed) {
        StringBuilder sb = new StringBuilder("age,sex,zip,score\n");
        for (int i = 0; i < rows; i++) {
            sb.append(20 + (i * 7 + seed) % 50).append(',').append(i % 2 == 0 ? "F" : "M").append(',')
                    .append(10000 + (i * 13) % 97).append(',').append(String.format("%.2f", (i * 31 + seed) % 100 / 10.0))
                    .append('\n');
        }
        return sb.toString();
    }

    @Test
    void uploadInfersTheSchemaAndStartsALineage() {
        String id = upload("acme", "people", people(40, 1));
        JsonPath body = given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + id).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(40, body.getInt("rowCount"));
        assertEquals(1, body.getInt("version"));
        assertEquals(id, body.getString("lineageRoot"));
        assertEquals(List.of("INTEGER", "CATEGORICAL", "INTEGER", "DECIMAL"), body.getList("schema.type"));
        assertEquals(64, body.getString("sha256").length());
        given().auth().oauth2(token("acme", "data-steward")).get(DATASETS + "/" + id + "/content").then()
                .statusCode(200).body(equalTo(people(40, 1)));
        given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + id + "/audit").then().statusCode(200)
                .body("action", equalTo(List.of("uploaded")));
    }

    @Test
    void uploadIsStreamedToDiskBeforeTheBodyEnds() throws Exception {
        Path staging = Path.of(config.storage().blobDir(), "staging");
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream reader = new PipedInputStream(writer, 64 * 1024);
        HttpRequest request = HttpRequest.newBuilder(URI.create(datasetsUrl + "?name=streamed"))
                .header("Authorization", "Bearer " + token("acme", "data-steward")).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> reader)).build();
        CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient().sendAsync(request,
                HttpResponse.BodyHandlers.ofString());
        byte[] first = people(20_000, 3).getBytes(StandardCharsets.UTF_8);
        writer.write(first);
        writer.flush();
        // The first ~300 KiB are on the server's disk while the client still holds the rest.
        await().atMost(Duration.ofSeconds(20)).until(() -> partSize(staging) > 64 * 1024);
        assertFalse(response.isDone());
        writer.write("99,F,10001,1.00\n".getBytes(StandardCharsets.UTF_8));
        writer.close();
        HttpResponse<String> done = response.get();
        assertEquals(201, done.statusCode(), done.body());
        assertTrue(done.body().contains("\"rowCount\":20001"), done.body());
        assertEquals(0, partSize(staging), "the staged file is moved into the store");
    }

    private static long partSize(Path staging) throws IOException {
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(staging)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void badFilesAreRefusedWithTheLineAndNothingIsWritten() throws Exception {
        long before = count("datasets");
        long blobs = blobCount();
        byte[] latin1 = "name,city\nAnn,Paris\nZoe,K\u00f6ln\n".getBytes(StandardCharsets.ISO_8859_1);
        given().auth().oauth2(token("acme", "data-steward")).contentType("text/csv").body(latin1)
                .post(DATASETS + "?name=latin1").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("file"))
                .body("errors[0].message", containsString("line 3 is not valid UTF-8"));
        given().auth().oauth2(token("acme", "data-steward")).contentType("text/csv").body("a,b\n1,2\n3,4\n5\n")
                .post(DATASETS + "?name=ragged").then().statusCode(400)
                .body("errors[0].message", equalTo("line 4 has 1 fields; the header has 2"));
        given().auth().oauth2(token("acme", "data-steward")).contentType("text/csv").body("a,b\n")
                .post(DATASETS + "?name=empty").then().statusCode(400)
                .body("errors[0].message", equalTo("the CSV has a header but no rows"));
        given().auth().oauth2(token("acme", "data-steward")).contentType("text/csv").body("a,b\n1,2\n")
                .post(DATASETS + "?name=bad/name").then().statusCode(400).body("errors[0].field", equalTo("name"));
        given().auth().oauth2(token("acme", "data-steward")).contentType("text/csv").body("a,b\n1,2\n")
                .post(DATASETS + "?name=x&retentionDays=0").then().statusCode(400)
                .body("errors[0].field", equalTo("retentionDays"))
                .body("errors[0].message", containsString("between 1 and 36500"));
        byte[] tooBig = new byte[(int) config.storage().maxUploadBytes() + 1];
        java.util.Arrays.fill(tooBig, (byte) '1');
        tooBig[0] = 'a';
        tooBig[1] = '\n';
        given().auth().oauth2(token("acme", "data-steward")).contentType("text/csv").body(tooBig)
                .post(DATASETS + "?name=big").then().statusCode(413)
                .body("detail", containsString("exceeds the limit of " + config.storage().maxUploadBytes()));
        assertEquals(before, count("datasets"));
        assertEquals(blobs, blobCount());
        assertEquals(0, partSize(Path.of(config.storage().blobDir(), "staging")));
    }

    @Test
    void erasureDryRunChangesNothingThenErasesTheVersionAndItsDescendants() throws Exception {
        String csv = people(30, 5);
        String v1 = upload("acme", "to-erase", csv);
        String v2 = given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"steps\":[{\"type\":\"drop_columns\",\"columns\":[\"zip\"]}]}")
                .post(DATASETS + "/" + v1 + "/transform").then().statusCode(201).extract().path("dataset.id");
        String sha1 = given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + v1).then().extract()
                .path("sha256");
        String sha2 = given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + v2).then().extract()
                .path("sha256");
        // The same bytes uploaded again by another tenant: their copy must survive our erasure.
        String other = upload("globex", "same-bytes", csv);

        JsonPath dry = given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"reason\":\"subject request 42\",\"dryRun\":true}").post(DATASETS + "/" + v1 + "/erasure")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(v1, v2), dry.getList("versions.id"));
        assertEquals(List.of(sha2), dry.getList("blobsDeleted"));
        assertEquals(List.of(sha1), dry.getList("blobsKeptInUse"));
        given().auth().oauth2(token("acme", "data-steward")).get(DATASETS + "/" + v2 + "/content").then()
                .statusCode(200);

        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON)
                .body("{\"reason\":\"x\"}").post(DATASETS + "/" + v1 + "/erasure").then().statusCode(403);
        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"dryRun\":false}").post(DATASETS + "/" + v1 + "/erasure").then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));

        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"reason\":\"subject request 42\"}").post(DATASETS + "/" + v1 + "/erasure").then()
                .statusCode(200).body("dryRun", equalTo(false));
        for (String v : List.of(v1, v2)) {
            given().auth().oauth2(token("acme", "data-steward")).get(DATASETS + "/" + v + "/content").then()
                    .statusCode(410).body("detail", containsString("subject request 42"));
            given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + v).then().statusCode(200)
                    .body("erasedAt", notNullValue());
            given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + v + "/risk-report").then()
                    .statusCode(410);
        }
        assertFalse(Files.exists(blobs.path(sha2)), "content only the erased versions held is deleted");
        assertTrue(Files.exists(blobs.path(sha1)), "content another live dataset holds is kept");
        given().auth().oauth2(token("globex", "data-steward")).get(DATASETS + "/" + other + "/content").then()
                .statusCode(200).body(equalTo(csv));
        given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + v2 + "/audit").then().statusCode(200)
                .body("action", equalTo(List.of("transformed", "erased")));
    }

    @Test
    void retentionSweepErasesExpiredDatasets() {
        String id = upload("acme", "short-lived", people(25, 9));
        given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON).body("{\"days\":3}")
                .put(DATASETS + "/" + id + "/retention").then().statusCode(200).body("[0].retentionDays", equalTo(3));
        datasets.sweepRetention(OffsetDateTime.now().plusDays(2));
        given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + id).then().body("erasedAt", nullValue());
        datasets.sweepRetention(OffsetDateTime.now().plusDays(4));
        given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + id).then()
                .body("erasedAt", notNullValue()).body("erasureReason", equalTo("retention period of 3 days ended"));
    }

    @Test
    void versionsShareTheirLineageRootsBudget() {
        String v1 = upload("acme", "budgeted", TrainingJobResourceTest.syntheticCsv(11));
        String v2 = given().auth().oauth2(token("acme", "data-steward")).contentType(ContentType.JSON)
                .body("{\"steps\":[{\"type\":\"drop_columns\",\"columns\":[\"grade\"]}]}")
                .post(DATASETS + "/" + v1 + "/transform").then().statusCode(201).body("dataset.version", equalTo(2))
                .body("dataset.parentId", equalTo(v1)).extract().path("dataset.id");
        given().auth().oauth2(token("acme", "ml-engineer")).contentType(ContentType.JSON).body(String.format(
                java.util.Locale.ROOT, """
                {"datasetId":"%s","target":"label","modelType":"logistic","epsilon":1.5,"delta":1e-6,
                 "epochs":1,"expectedBatchSize":100,"seed":3,
                 "publicDeclarations":{"columns":{"x1":{"min":-3,"max":3},"x2":{"min":-3,"max":3},
                 "colour":{"categories":["red","blue"]}}}}""", v2))
                .post("/api/privacy/training-jobs").then().statusCode(202);
        // Reserved against the first upload: a new version is not a fresh budget for the same people.
        for (String v : List.of(v1, v2)) {
            given().auth().oauth2(token("acme", "auditor")).get("/api/privacy/budget/" + v).then().statusCode(200)
                    .body("datasetId", equalTo(v1));
        }
        given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + v2 + "/lineage").then().statusCode(200)
                .body("$", hasSize(2)).body("[0].dataset.id", equalTo(v1)).body("[0].transform", nullValue())
                .body("[1].transform.steps[0].type", equalTo("drop_columns"))
                .body("[1].dataset.columns", equalTo(List.of("x1", "x2", "colour", "label")));
        given().auth().oauth2(token("acme", "auditor")).get(DATASETS + "/" + v1 + "/versions").then()
                .body("version", equalTo(List.of(1, 2)));
    }

    @Test
    void otherTenantsSeeNothing() {
        String id = upload("acme", "private", people(20, 2));
        for (String path : List.of("", "/versions", "/lineage", "/audit", "/content", "/risk-report",
                "/quality-report")) {
            given().auth().oauth2(token("globex", "admin")).get(DATASETS + "/" + id + path).then().statusCode(404);
        }
        given().auth().oauth2(token("globex", "admin")).contentType(ContentType.JSON).body("{\"reason\":\"x\"}")
                .post(DATASETS + "/" + id + "/erasure").then().statusCode(404);
        given().auth().oauth2(token("globex", "admin")).contentType(ContentType.JSON)
                .body("{\"steps\":[{\"type\":\"drop_columns\",\"columns\":[\"zip\"]}]}")
                .post(DATASETS + "/" + id + "/transform").then().statusCode(404);
        String mine = upload("globex", "mine", people(20, 2));
        given().auth().oauth2(token("globex", "admin")).contentType(ContentType.JSON)
                .body("{\"baselineId\":\"" + mine + "\",\"currentId\":\"" + id + "\"}").post("/api/privacy/drift")
                .then().statusCode(404);
    }

    private long blobCount() throws IOException {
        Path dir = Path.of(config.storage().blobDir());
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getParent().endsWith("staging")).count();
        }
    }

    private long count(String table) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM privacy." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
