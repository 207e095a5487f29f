package io.custos.packaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.bundle.fixtures.SyntheticModels;
import io.custos.crypto.Sha256;
import io.custos.events.CloudEventCodec;
import io.custos.events.EventEnvelope;
import io.custos.events.EventTypes;
import io.custos.events.ModelRegistered;
import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.KafkaProbe;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ArtifactServer.class, restrictToAnnotatedClass = false)
class TrainingToBundleTest {

    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private final KafkaProbe kafka = KafkaProbe.shared();

    private static String auditor(String tenant) {
        return TestKeys.shared().token("audrey", tenant, "auditor");
    }

    @Test
    void aFinishedTrainingJobBecomesOneRegisteredBundleAndAnEvent() throws Exception {
        String jobId = UUID.randomUUID().toString();
        byte[] artifact = SyntheticModels.json(SyntheticModels.artifact("logistic", true, 7));
        String sha = Sha256.hex(artifact);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        EventEnvelope event = Trainings.event(jobId, "acme", Trainings.serve(jobId, artifact), sha,
                "00-" + traceId + "-0102030405060708-01");

        kafka.publish("training-completed", jobId, CODEC.encode(event));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(auditor("acme"))
                .get("/api/packaging/bundles").then().statusCode(200)
                .body("findAll { it.trainingJobId == '" + jobId + "' }", hasSize(1)));
        String bundleId = given().auth().oauth2(auditor("acme")).get("/api/packaging/bundles").then()
                .extract().path("find { it.trainingJobId == '" + jobId + "' }.id");
        given().auth().oauth2(auditor("acme")).get("/api/packaging/bundles/" + bundleId).then().statusCode(200)
                .body("digests.model", equalTo(sha), "modelName", equalTo("logistic-income"),
                        "traceId", equalTo(traceId), "status", equalTo("SIGNED"),
                        "metadata.privacy.epsilon", equalTo(1.25f), "metadata.trainingJobId", equalTo(jobId));

        // The artifact was fetched with a service token for the event's tenant.
        String auth = ArtifactServer.AUTHORIZATIONS.get(ArtifactServer.AUTHORIZATIONS.size() - 1);
        JsonNode claims = CloudEventCodec.MAPPER.readTree(Base64.getUrlDecoder().decode(auth.split("\\.")[1]));
        assertEquals("acme", claims.get("tenant").asText());
        assertEquals("service", claims.get("groups").get(0).asText());
        assertEquals(1, claims.get("groups").size());

        ConsumerRecord<String, byte[]> record = kafka.awaitRecord("model-registered",
                r -> bundleId.equals(r.key()), Duration.ofSeconds(30));
        EventEnvelope registered = CODEC.decode(record.value());
        assertEquals(EventTypes.MODEL_REGISTERED_V1, registered.type());
        assertEquals("acme", registered.tenant());
        assertTrue(registered.traceparent().contains(traceId), "trace continues: " + registered.traceparent());
        ModelRegistered data = registered.dataAs(ModelRegistered.class);
        assertEquals(jobId, data.trainingJobId());
        assertEquals(sha, data.digests().model());
        // Every digest the event carries is the digest of what the API serves.
        byte[] zip = given().auth().oauth2(auditor("acme")).get("/api/packaging/bundles/" + bundleId + "/download")
                .then().statusCode(200).contentType("application/zip").extract().asByteArray();
        assertEquals(data.digests().bundle(), Sha256.hex(zip));
        assertEquals(data.digests().onnx(), Sha256.hex(given().auth().oauth2(auditor("acme"))
                .get("/api/packaging/bundles/" + bundleId + "/onnx").then().statusCode(200).extract().asByteArray()));
        assertEquals(data.digests().sbom(), Sha256.hex(given().auth().oauth2(auditor("acme"))
                .get("/api/packaging/bundles/" + bundleId + "/sbom").then().statusCode(200)
                .contentType("application/vnd.cyclonedx+json").extract().asByteArray()));
        assertEquals(data.digests().provenance(), Sha256.hex(given().auth().oauth2(auditor("acme"))
                .get("/api/packaging/bundles/" + bundleId + "/provenance").then().statusCode(200).extract()
                .asByteArray()));
        assertTrue(data.signingKeyId().startsWith("ed25519:"), data.signingKeyId());
        assertEquals("1", data.version(), "first version of logistic-income in this tenant");
        assertEquals(1.0, data.privacy().epsilon(), "the event's privacy is passed on");

        // Redelivery of the same event, and a second event for the same job, change nothing.
        kafka.publish("training-completed", jobId, CODEC.encode(event));
        kafka.publish("training-completed", jobId, CODEC.encode(Trainings.event(jobId, "acme",
                Trainings.serve(jobId, artifact), sha, null)));
        Thread.sleep(3_000);
        given().auth().oauth2(auditor("acme")).get("/api/packaging/bundles").then()
                .body("findAll { it.trainingJobId == '" + jobId + "' }", hasSize(1));

        // Another tenant sees nothing of it.
        given().auth().oauth2(auditor("globex")).get("/api/packaging/bundles").then().statusCode(200)
                .body("findAll { it.trainingJobId == '" + jobId + "' }", hasSize(0));
        given().auth().oauth2(auditor("globex")).get("/api/packaging/bundles/" + bundleId).then().statusCode(404);
    }

    @Test
    void anArtifactWhoseDigestDiffersIsRefusedAndDeadLettered() {
        String jobId = UUID.randomUUID().toString();
        byte[] artifact = "tampered".getBytes(StandardCharsets.UTF_8);
        EventEnvelope event = Trainings.event(jobId, "acme", Trainings.serve(jobId, artifact), "00".repeat(32), null);

        kafka.publish("training-completed", jobId, CODEC.encode(event));

        ConsumerRecord<String, byte[]> dead = kafka.awaitRecord("training-completed.dlt",
                r -> jobId.equals(r.key()), Duration.ofSeconds(30));
        String reason = KafkaProbe.header(dead, "custos-dlt-reason");
        assertTrue(reason.contains("SHA-256"), reason);
        given().auth().oauth2(auditor("acme")).get("/api/packaging/bundles").then()
                .body("findAll { it.trainingJobId == '" + jobId + "' }", hasSize(0));
    }

    @Test
    void anEventCannotPointTheServiceAtAnArbitraryUrl() {
        String jobId = UUID.randomUUID().toString();
        EventEnvelope event = Trainings.event(jobId, "acme", "http://169.254.169.254/latest/meta-data", "00".repeat(32),
                null);

        kafka.publish("training-completed", jobId, CODEC.encode(event));

        ConsumerRecord<String, byte[]> dead = kafka.awaitRecord("training-completed.dlt",
                r -> jobId.equals(r.key()), Duration.ofSeconds(30));
        assertTrue(KafkaProbe.header(dead, "custos-dlt-reason").contains("not under a configured Custos service URL"));
    }

    @Test
    void bundlesNeedAToken() {
        given().get("/api/packaging/bundles").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.shared().token("f", "acme", "fl-client")).get("/api/packaging/bundles")
                .then().statusCode(403);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
