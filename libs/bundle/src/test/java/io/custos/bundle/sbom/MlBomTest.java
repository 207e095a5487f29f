package io.custos.bundle.sbom;

import static io.custos.bundle.sbom.MlBomFixtures.DATASET_SHA;
import static io.custos.bundle.sbom.MlBomFixtures.ONNX_SHA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class MlBomTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode tree(byte[] bom) throws IOException {
        return JSON.readTree(bom);
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }

    private static String property(JsonNode properties, String name) {
        for (JsonNode p : properties) {
            if (p.path("name").asText().equals(name)) {
                return p.path("value").asText();
            }
        }
        return null;
    }

    @Test
    void privateModelBomIsValid() {
        assertEquals(List.of(), MlBomValidator.validate(MlBom.build(MlBomFixtures.privateModel())));
    }

    @Test
    void nonPrivateModelBomIsValid() {
        assertEquals(List.of(), MlBomValidator.validate(MlBom.build(MlBomFixtures.nonPrivateModel())));
    }

    @Test
    void bytesAreDeterministic() {
        Map<String, Double> reversed = new LinkedHashMap<>();
        List<Map.Entry<String, Double>> entries = new ArrayList<>(MlBomFixtures.metrics().entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
            reversed.put(entries.get(i).getKey(), entries.get(i).getValue());
        }
        byte[] first = MlBom.build(MlBomFixtures.privateModel());
        assertArrayEquals(first, MlBom.build(MlBomFixtures.privateModel()));
        assertArrayEquals(first, MlBom.build(MlBomFixtures.input(MlBomFixtures.privateModel().privacy(), reversed)),
                "metric order in the input map does not matter");
    }

    @Test
    void headerAndMetadata() throws IOException {
        JsonNode bom = tree(MlBom.build(MlBomFixtures.privateModel()));
        assertEquals("CycloneDX", bom.path("bomFormat").asText());
        assertEquals("1.6", bom.path("specVersion").asText());
        assertEquals("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", bom.path("serialNumber").asText());
        assertEquals(1, bom.path("version").asInt());
        JsonNode metadata = bom.path("metadata");
        assertEquals("2025-03-04T05:06:07Z", metadata.path("timestamp").asText());
        JsonNode tool = metadata.path("tools").path("components").path(0);
        assertEquals("custos-packaging", tool.path("name").asText());
        assertEquals("0.1.0", tool.path("version").asText());
    }

    @Test
    void modelComponent() throws IOException {
        JsonNode model = tree(MlBom.build(MlBomFixtures.privateModel())).path("metadata").path("component");
        assertEquals("machine-learning-model", model.path("type").asText());
        assertEquals("income-classifier", model.path("name").asText());
        assertEquals("3", model.path("version").asText());
        assertEquals("pkg:generic/income-classifier@3", model.path("purl").asText());
        assertEquals(model.path("purl").asText(), model.path("bom-ref").asText());
        assertEquals("SHA-256", model.path("hashes").path(0).path("alg").asText());
        assertEquals(ONNX_SHA, model.path("hashes").path(0).path("content").asText());
        JsonNode properties = model.path("properties");
        assertEquals("logistic", property(properties, "custos:model-type"));
        assertEquals("income", property(properties, "custos:target"));
        assertEquals(">50K", property(properties, "custos:positive-class"));
        assertEquals(MlBomFixtures.ARTIFACT_SHA, property(properties, "custos:model-artifact-sha256"));
    }

    @Test
    void modelCardParametersAndMetrics() throws IOException {
        JsonNode bom = tree(MlBom.build(MlBomFixtures.privateModel()));
        JsonNode card = bom.path("metadata").path("component").path("modelCard");
        JsonNode parameters = card.path("modelParameters");
        assertEquals("supervised", parameters.path("approach").path("type").asText());
        assertEquals("binary-classification", parameters.path("task").asText());
        assertEquals("linear model", parameters.path("architectureFamily").asText());
        assertEquals("logistic regression", parameters.path("modelArchitecture").asText());
        assertEquals(List.of("dataset:adult-2025"), texts(parameters.path("datasets"), "ref"));
        assertEquals(List.of("age: numeric, string", "workclass: categorical, string",
                "hours-per-week: numeric, string"), texts(parameters.path("inputs"), "format"));
        assertTrue(parameters.path("outputs").path(0).path("format").asText().startsWith("probability"));
        JsonNode metrics = card.path("quantitativeAnalysis").path("performanceMetrics");
        assertEquals(List.of("accuracy", "auc", "logLoss"), texts(metrics, "type"));
        assertEquals(List.of("0.8", "0.8812", "0.3921"), texts(metrics, "value"));
    }

    @Test
    void privacyIsStatedForPeopleAndMachines() throws IOException {
        JsonNode card = tree(MlBom.build(MlBomFixtures.privateModel())).path("metadata").path("component")
                .path("modelCard");
        String limitations = card.path("considerations").path("technicalLimitations").toString();
        String expected = "(epsilon = 1.5, delta = 0.00001)-differential privacy for each training record, computed by"
                + " the rdp accountant from noise multiplier 1.1, sampling rate 0.01, 3000 steps and per-example"
                + " gradient clip norm 1.";
        assertTrue(limitations.contains(expected), limitations);
        assertTrue(limitations.contains("Binary classifier"), limitations);
        assertTrue(limitations.contains("trimmed"), limitations);
        JsonNode risk = card.path("considerations").path("ethicalConsiderations").path(0);
        assertTrue(risk.path("mitigationStrategy").asText().contains(expected), risk.toString());
        assertFalse(card.path("considerations").path("performanceTradeoffs").isEmpty());
        JsonNode properties = card.path("properties");
        assertEquals("differential-privacy", property(properties, "custos:privacy"));
        assertEquals("1.5", property(properties, "custos:dp:epsilon"));
        assertEquals("0.00001", property(properties, "custos:dp:delta"));
        assertEquals("rdp", property(properties, "custos:dp:accountant"));
        assertEquals("1.1", property(properties, "custos:dp:noise-multiplier"));
        assertEquals("0.01", property(properties, "custos:dp:sampling-rate"));
        assertEquals("3000", property(properties, "custos:dp:steps"));
        assertEquals("1", property(properties, "custos:dp:clip-norm"));
    }

    /** A federated model's guarantee is per site (client-level DP-FedAvg), counted in rounds. */
    @Test
    void clientLevelPrivacyOfAFederatedModelIsStatedPerSite() throws IOException {
        JsonNode card = tree(MlBom.build(MlBomFixtures.input(new ModelCardInput.Privacy(2.25, 1e-5, "rdp-client-level",
                1.1, 0.5, 10, 0.5), Map.of()))).path("metadata").path("component").path("modelCard");
        String limitations = card.path("considerations").path("technicalLimitations").toString();
        assertTrue(limitations.contains("(epsilon = 2.25, delta = 0.00001)-differential privacy for each participating"
                + " site (all of its records together), computed by the rdp-client-level accountant from noise"
                + " multiplier 1.1, client sampling rate 0.5, 10 rounds and per-site update clip norm 0.5."),
                limitations);
        assertFalse(limitations.contains("per-example"), limitations);
        assertEquals("rdp-client-level", property(card.path("properties"), "custos:dp:accountant"));
    }

    @Test
    void nonPrivateModelSaysSo() throws IOException {
        JsonNode model = tree(MlBom.build(MlBomFixtures.nonPrivateModel())).path("metadata").path("component");
        JsonNode considerations = model.path("modelCard").path("considerations");
        assertTrue(considerations.path("technicalLimitations").toString().contains("without differential privacy"));
        assertTrue(considerations.path("ethicalConsiderations").path(0).path("mitigationStrategy").asText()
                .startsWith("None: trained without differential privacy"));
        assertTrue(considerations.path("performanceTradeoffs").isMissingNode());
        assertEquals("none", property(model.path("modelCard").path("properties"), "custos:privacy"));
        assertFalse(model.path("description").asText().contains("Differentially private"));
    }

    @Test
    void datasetComponentHasHashButNoContents() throws IOException {
        JsonNode dataset = tree(MlBom.build(MlBomFixtures.privateModel())).path("components").path(0);
        assertEquals("data", dataset.path("type").asText());
        assertEquals("dataset:adult-2025", dataset.path("bom-ref").asText());
        assertEquals("adult-2025", dataset.path("name").asText());
        assertEquals(DATASET_SHA, dataset.path("hashes").path(0).path("content").asText());
        JsonNode data = dataset.path("data").path(0);
        assertEquals("dataset", data.path("type").asText());
        assertEquals("confidential", data.path("classification").asText());
        assertTrue(data.path("contents").isMissingNode());
    }

    @Test
    void librariesAndDependencies() throws IOException {
        JsonNode bom = tree(MlBom.build(MlBomFixtures.privateModel()));
        List<JsonNode> libraries = StreamSupport.stream(bom.path("components").spliterator(), false)
                .filter(c -> c.path("type").asText().equals("library")).toList();
        List<String> purls = RuntimeLibraries.python().stream().map(RuntimeLibrary::purl).toList();
        assertEquals(purls, libraries.stream().map(l -> l.path("purl").asText()).toList());
        for (int i = 0; i < libraries.size(); i++) {
            JsonNode l = libraries.get(i);
            RuntimeLibrary expected = RuntimeLibraries.python().get(i);
            assertEquals(expected.name(), l.path("name").asText());
            assertEquals(expected.version(), l.path("version").asText());
            assertEquals("required", l.path("scope").asText());
            assertEquals(expected.license(), l.path("licenses").path(0).path("license").path("id").asText());
            assertEquals(expected.purl(), l.path("bom-ref").asText());
        }
        JsonNode dependencies = bom.path("dependencies");
        assertEquals(1, dependencies.size());
        assertEquals("pkg:generic/income-classifier@3", dependencies.path(0).path("ref").asText());
        assertEquals(purls, StreamSupport.stream(dependencies.path(0).path("dependsOn").spliterator(), false)
                .map(JsonNode::asText).toList());
        assertEquals("incomplete_first_party_only", bom.path("compositions").path(0).path("aggregate").asText());
    }

    @Test
    void cycloneDxLibraryReadsItBack() throws Exception {
        Bom bom = new JsonParser().parse(MlBom.build(MlBomFixtures.privateModel()));
        assertNotNull(bom.getMetadata().getComponent().getModelCard());
        assertEquals(6, bom.getComponents().size());
    }

    @Test
    void modelTypesMapToArchitectures() throws IOException {
        for (String[] t : new String[][] {{"svm", "linear model", "linear support vector machine (hinge loss)"},
                {"mlp", "neural network", "multilayer perceptron (one hidden layer)"}}) {
            ModelCardInput base = MlBomFixtures.privateModel();
            ModelCardInput in = new ModelCardInput(base.serialNumber(), base.created(), base.modelName(),
                    base.modelVersion(), t[0], base.onnxSha256(), base.modelArtifactSha256(), base.datasetId(),
                    base.datasetSha256(), base.target(), base.positiveClass(), base.features(), base.metrics(),
                    base.privacy(), base.producerName(), base.producerVersion(), base.libraries());
            byte[] bytes = MlBom.build(in);
            JsonNode parameters = tree(bytes).path("metadata").path("component").path("modelCard")
                    .path("modelParameters");
            assertEquals(t[1], parameters.path("architectureFamily").asText());
            assertEquals(t[2], parameters.path("modelArchitecture").asText());
            assertEquals(List.of(), MlBomValidator.validate(bytes));
        }
    }

    @Test
    void invalidInputIsRejectedNamingTheField() {
        ModelCardInput ok = MlBomFixtures.nonPrivateModel();
        IllegalArgumentException badHash = assertThrows(IllegalArgumentException.class,
                () -> new ModelCardInput(ok.serialNumber(), ok.created(), ok.modelName(), ok.modelVersion(),
                        ok.modelType(), "not-a-hash", ok.modelArtifactSha256(), ok.datasetId(), ok.datasetSha256(),
                        ok.target(), ok.positiveClass(), ok.features(), ok.metrics(), null, ok.producerName(),
                        ok.producerVersion(), ok.libraries()));
        assertTrue(badHash.getMessage().contains("onnxSha256"), badHash.getMessage());
        IllegalArgumentException badType = assertThrows(IllegalArgumentException.class,
                () -> new ModelCardInput(ok.serialNumber(), ok.created(), ok.modelName(), ok.modelVersion(),
                        "forest", ok.onnxSha256(), ok.modelArtifactSha256(), ok.datasetId(), ok.datasetSha256(),
                        ok.target(), ok.positiveClass(), ok.features(), ok.metrics(), null, ok.producerName(),
                        ok.producerVersion(), ok.libraries()));
        assertTrue(badType.getMessage().contains("modelType"), badType.getMessage());
        IllegalArgumentException badSerial = assertThrows(IllegalArgumentException.class,
                () -> new ModelCardInput("bundle-7", ok.created(), ok.modelName(), ok.modelVersion(),
                        ok.modelType(), ok.onnxSha256(), ok.modelArtifactSha256(), ok.datasetId(), ok.datasetSha256(),
                        ok.target(), ok.positiveClass(), ok.features(), ok.metrics(), null, ok.producerName(),
                        ok.producerVersion(), ok.libraries()));
        assertTrue(badSerial.getMessage().contains("serialNumber"), badSerial.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelCardInput.Feature("age", "text"));
        assertThrows(IllegalArgumentException.class,
                () -> new ModelCardInput.Privacy(1, 1.5, "rdp", 1, 0.01, 10, 1));
    }

    @Test
    void numbersDoNotDependOnDoubleToString() {
        assertEquals("0.3", MlBom.number(0.1 + 0.2));
        assertEquals("0.00001", MlBom.number(1e-5));
        assertEquals("1", MlBom.number(1.0));
        assertEquals("0", MlBom.number(-0.0));
        assertEquals("12345678", MlBom.number(12345678));
        assertEquals("NaN", MlBom.number(Double.NaN));
    }

    @Test
    void runtimeLibrariesArePinnedPythonPackages() {
        List<RuntimeLibrary> python = RuntimeLibraries.python();
        assertEquals(List.of("mlflow@2.17.2", "onnx@1.17.0", "onnxruntime@1.20.1", "numpy@1.26.4", "pandas@2.2.3"),
                python.stream().map(l -> l.name() + "@" + l.version()).toList());
        assertEquals(List.of("Apache-2.0", "Apache-2.0", "MIT", "BSD-3-Clause", "BSD-3-Clause"),
                python.stream().map(RuntimeLibrary::license).toList());
        python.forEach(l -> {
            assertEquals("PyPI", l.ecosystem());
            assertEquals("pkg:pypi/" + l.name() + "@" + l.version(), l.purl());
        });
        assertThrows(UnsupportedOperationException.class, () -> python.add(python.get(0)));
    }
}
