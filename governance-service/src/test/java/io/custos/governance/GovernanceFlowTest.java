package io.custos.governance;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.custos.governance.testing.ModelEvents;
import io.custos.events.CloudEventCodec;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.KafkaProbe;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** Custos models through the inventory: canonical record, annotations, compliance, lifecycle, audit, reports. */
@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class GovernanceFlowTest {

    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private final KafkaProbe kafka = KafkaProbe.shared();

    @Inject
    AgroalDataSource dataSource;

    private static String token(String tenant, String role) {
        return TestKeys.shared().token(role + "-user", tenant, role);
    }

    /** A training-completed then a model-registered for one job; returns the inventory id. */
    private String trainAndRegister(String tenant, String name, boolean trainingFirst) {
        ModelEvents events = ModelEvents.of(tenant, name);
        String jobId = events.jobId();
        String bundleId = events.bundleId();
        var training = events.training();
        var registered = events.registered();
        if (trainingFirst) {
            kafka.publish("training-completed", jobId, CODEC.encode(training));
            await().atMost(Duration.ofSeconds(30)).until(() -> logged(training.id()));
            kafka.publish("model-registered", bundleId, CODEC.encode(registered));
        } else {
            kafka.publish("model-registered", bundleId, CODEC.encode(registered));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token(tenant, "auditor"))
                    .get("/api/governance/models?q=" + name).then().body("$", hasSize(1)));
            kafka.publish("training-completed", jobId, CODEC.encode(training));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token(tenant, "auditor"))
                .get("/api/governance/models?q=" + name).then().body("[0].complete", equalTo(true)));
        return given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/models?q=" + name).then()
                .extract().path("[0].id");
    }

    @Test
    void aCustosModelGetsAllSixGroupsFromItsTwoEventsInEitherOrder() {
        for (boolean trainingFirst : new boolean[] {true, false}) {
            String name = "six-groups-" + trainingFirst + "-" + UUID.randomUUID().toString().substring(0, 6);
            String id = trainAndRegister("acme", name, trainingFirst);
            given().auth().oauth2(token("acme", "auditor")).get("/api/governance/models/" + id).then().statusCode(200)
                    .body("record.identity.owner", equalTo("alice"))
                    .body("record.identity.description", containsString("differential privacy"))
                    .body("record.lifecycle.stage", equalTo("NONE"))
                    .body("record.evidence.metrics.auc", equalTo(0.87f))
                    .body("record.evidence.hyperparameters.noiseMultiplier", equalTo("1.1"))
                    .body("record.lineage.datasetReference", equalTo("adult-v3"))
                    .body("record.lineage.datasetSha256", equalTo("cd".repeat(32)))
                    .body("record.risk.personalData", equalTo(true))
                    .body("record.risk.privacy.epsilon", equalTo(1.5f))
                    .body("record.artifacts.digests.onnx", equalTo("22".repeat(32)))
                    .body("record.artifacts.signingKeyId", startsWith("ed25519:"))
                    .body("record.completeness.complete", equalTo(true))
                    .body("summary.complianceStatus", equalTo("compliant"));
        }
    }

    @Test
    void annotationsFillGapsAndStageChangesAreLifecycleEvents() throws Exception {
        String name = "annotated-" + UUID.randomUUID().toString().substring(0, 6);
        String id = trainAndRegister("acme", name, true);
        String steward = token("acme", "data-steward");

        // Into production: the production rules now apply and find gaps.
        given().auth().oauth2(steward).contentType("application/json").body("{\"stage\":\"production\"}")
                .patch("/api/governance/models/" + id).then().statusCode(200)
                .body("summary.stage", equalTo("PRODUCTION"))
                .body("summary.complianceStatus", equalTo("non_compliant"))
                .body("compliance.outcomes.findAll { it.outcome == 'FAILED' }.ruleId",
                        hasItem("privacy-assessment-for-personal-data"))
                .body("compliance.outcomes.findAll { it.outcome == 'FAILED' }.ruleId",
                        hasItem("production-compliance-approver"))
                .body("lifecycle.find { it.kind == 'stage' }.from", equalTo("NONE"))
                .body("lifecycle.find { it.kind == 'stage' }.to", equalTo("PRODUCTION"));

        given().auth().oauth2(steward).contentType("application/json").body("""
                {"privacyAssessmentStatus":"approved","complianceApprover":"dpo@acme.example",
                 "businessPurpose":"income band estimation for benefit eligibility","dataSensitivity":"personal"}""")
                .patch("/api/governance/models/" + id).then().statusCode(200)
                .body("annotations.stage", equalTo("PRODUCTION"))
                .body("record.risk.complianceApprover", equalTo("dpo@acme.example"))
                .body("compliance.outcomes.find { it.ruleId == 'privacy-assessment-for-personal-data' }.outcome",
                        equalTo("PASSED"))
                .body("summary.complianceStatus", equalTo("compliant"));

        given().auth().oauth2(token("acme", "auditor")).get("/api/governance/models?stage=PRODUCTION&compliance=compliant")
                .then().statusCode(200).body("id", hasItem(id));

        // A typo is refused, naming the field, and nothing is written.
        long auditBefore = auditCount("acme");
        given().auth().oauth2(steward).contentType("application/json").body("{\"ownr\":\"bob\"}")
                .patch("/api/governance/models/" + id).then().statusCode(400).contentType("application/problem+json")
                .body(containsString("ownr"));
        given().auth().oauth2(steward).contentType("application/json").body("{\"stage\":\"LIVE\"}")
                .patch("/api/governance/models/" + id).then().statusCode(400).body(containsString("PRODUCTION"));
        assertEquals(auditBefore, auditCount("acme"));
        given().auth().oauth2(token("acme", "auditor")).contentType("application/json").body("{\"owner\":\"eve\"}")
                .patch("/api/governance/models/" + id).then().statusCode(403);
        given().auth().oauth2(token("globex", "data-steward")).contentType("application/json")
                .body("{\"owner\":\"eve\"}").patch("/api/governance/models/" + id).then().statusCode(404);
        given().auth().oauth2(token("acme", "auditor")).get("/api/governance/models?stage=LIVE").then().statusCode(400);
    }

    @Test
    void theAuditTrailIsAHashChainThatFindsTheFirstBrokenLink() throws Exception {
        String tenant = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        trainAndRegister(tenant, "chained-a", true);
        trainAndRegister(tenant, "chained-b", false);
        String auditor = token(tenant, "auditor");

        JsonPath entries = given().auth().oauth2(auditor).get("/api/governance/audit").then().statusCode(200)
                .extract().jsonPath();
        int n = entries.getList("$").size();
        assertTrue(n >= 3, "entries: " + n);
        assertEquals(AuditGenesis.GENESIS, entries.getString("[0].prevHash"));
        assertEquals(entries.getString("[0].hash"), entries.getString("[1].prevHash"));
        given().auth().oauth2(auditor).get("/api/governance/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true), "entriesChecked", equalTo(n));
        given().auth().oauth2(token(tenant, "ml-engineer")).get("/api/governance/audit").then().statusCode(403);

        // The trail refuses changes...
        SQLException refused = assertThrows(SQLException.class, () -> sql(
                "UPDATE governance.audit_log SET actor = 'mallory' WHERE tenant = '" + tenant + "' AND seq = 2"));
        assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        // ...and someone who gets past the trigger is still caught.
        sql("ALTER TABLE governance.audit_log DISABLE TRIGGER audit_log_no_update");
        try {
            sql("UPDATE governance.audit_log SET detail = replace(detail, 'chained', 'renamed') WHERE tenant = '"
                    + tenant + "' AND seq = 2");
        } finally {
            sql("ALTER TABLE governance.audit_log ENABLE TRIGGER audit_log_no_update");
        }
        given().auth().oauth2(auditor).get("/api/governance/audit/verify").then().statusCode(200)
                .body("valid", equalTo(false), "firstBrokenSeq", equalTo(2), "entriesChecked", equalTo(1))
                .body("reason", containsString("changed after it was written"));
        // Another tenant's chain is untouched.
        given().auth().oauth2(token("acme", "auditor")).get("/api/governance/audit/verify").then()
                .body("valid", equalTo(true));
    }

    @Test
    void complianceReportsComeInMarkdownAndPdfFromTheSameRecord() throws Exception {
        String name = "reported-" + UUID.randomUUID().toString().substring(0, 6);
        String id = trainAndRegister("acme", name, true);
        String auditor = token("acme", "auditor");

        String md = given().auth().oauth2(auditor).get("/api/governance/reports/" + id + "?format=md").then()
                .statusCode(200).contentType(containsString("text/markdown"))
                .header("Content-Disposition", containsString(name + "-1-compliance.md")).extract().asString();
        assertTrue(md.contains(name), md);
        assertTrue(md.contains("1.5"), "epsilon in the report");
        assertTrue(md.contains("model.recorded"), "audit excerpt");

        byte[] pdf = given().auth().oauth2(auditor).get("/api/governance/reports/" + id + "?format=pdf").then()
                .statusCode(200).contentType("application/pdf").extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains(name), text);
            assertTrue(text.contains("alice"), text);
        }
        given().auth().oauth2(auditor).get("/api/governance/reports/" + id + "?format=docx").then().statusCode(400)
                .body(containsString("md or pdf"));
        given().auth().oauth2(token("globex", "auditor")).get("/api/governance/reports/" + id).then().statusCode(404);
        given().auth().oauth2(auditor).get("/api/governance/audit?subject=" + id).then()
                .body("action", hasItem("report.generated"));
        given().auth().oauth2(auditor).get("/api/governance/compliance/rules").then().statusCode(200)
                .body("rules.id", hasItem("owner-required")).body("parameters.max_epsilon", equalTo(10.0f));
    }

    private boolean logged(String eventId) throws SQLException {
        try (Connection c = dataSource.getConnection(); var ps = c.prepareStatement(
                "SELECT count(*) FROM governance.event_log WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

    private long auditCount(String tenant) throws SQLException {
        try (Connection c = dataSource.getConnection(); var ps = c.prepareStatement(
                "SELECT count(*) FROM governance.audit_log WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** The chain's first previous hash. */
    static final class AuditGenesis {
        static final String GENESIS = "0".repeat(64);
    }
}
