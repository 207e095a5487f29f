package io.custos.bundle.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.bundle.BundleJson;
import io.custos.bundle.BundleLayout;
import io.custos.bundle.archive.ArchiveLimits;
import io.custos.bundle.archive.BundleFiles;
import io.custos.bundle.archive.HostileBundleException;
import io.custos.bundle.archive.SafeYaml;
import io.custos.bundle.build.BundleMetadata;
import io.custos.bundle.build.Manifest;
import io.custos.bundle.build.MlflowFiles;
import io.custos.bundle.onnx.OnnxParity;
import io.custos.bundle.onnx.OnnxRunner;
import io.custos.bundle.onnx.ParityResult;
import io.custos.bundle.sbom.MlBomValidator;
import io.custos.bundle.sbom.OsvDatabase;
import io.custos.bundle.sbom.RuntimeLibrary;
import io.custos.bundle.sbom.VulnerabilityMatch;
import io.custos.crypto.Dsse;
import io.custos.crypto.Ed25519PublicKey;
import io.custos.crypto.Sha256;
import io.custos.ml.artifact.ModelArtifact;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a bundle someone hands us, trusting nothing in it: the archive is read under limits
 * (zip-slip, symlinks, bombs, sizes), every document is checked against its schema, every digest
 * is recomputed, the signature is verified against keys the caller trusts (never keys the bundle
 * carries), and the ONNX model is run to confirm it still computes what was recorded.
 *
 * <p>{@link Mode#VALIDATE} runs everything; {@link Mode#VERIFY} only the integrity and signature
 * checks, and requires a trusted key.
 */
public final class BundleValidator {

    public enum Mode {
        VALIDATE, VERIFY
    }

    /**
     * @param trustedKeys keys whose signature the caller accepts, by key id (may be empty for VALIDATE)
     * @param osv an offline vulnerability database, or null to skip that check
     */
    public record Options(Mode mode, Map<String, Ed25519PublicKey> trustedKeys, OsvDatabase osv, ArchiveLimits limits) {
        public Options {
            trustedKeys = trustedKeys == null ? Map.of() : Map.copyOf(trustedKeys);
            limits = limits == null ? ArchiveLimits.defaults() : limits;
        }

        public static Options validate(Map<String, Ed25519PublicKey> trustedKeys) {
            return new Options(Mode.VALIDATE, trustedKeys, null, null);
        }

        public static Options verify(Map<String, Ed25519PublicKey> trustedKeys) {
            return new Options(Mode.VERIFY, trustedKeys, null, null);
        }

        public Options withOsv(OsvDatabase database) {
            return new Options(mode, trustedKeys, database, limits);
        }
    }

    private final Options options;
    private final List<CheckResult> checks = new ArrayList<>();
    private BundleFiles files;
    private String bundleId;
    private String modelName;
    private String modelVersion;
    private String signingKeyId;
    private BundleMetadata metadata;

    private BundleValidator(Options options) {
        this.options = options;
    }

    /** A directory or a zip file. */
    public static ValidationReport validate(Path dirOrZip, Options options) {
        BundleValidator v = new BundleValidator(options);
        return v.run(() -> BundleFiles.read(dirOrZip, options.limits()));
    }

    /** A zip as a stream (an upload). */
    public static ValidationReport validate(InputStream zip, Options options) {
        BundleValidator v = new BundleValidator(options);
        return v.run(() -> BundleFiles.readZip(zip, options.limits()));
    }

    public static ValidationReport validate(BundleFiles files, Options options) {
        BundleValidator v = new BundleValidator(options);
        return v.run(() -> files);
    }

    private interface Reader {
        BundleFiles read() throws Exception;
    }

    private ValidationReport run(Reader reader) {
        try {
            files = reader.read();
            checks.add(CheckResult.pass("archive", files.paths().size() + " files, " + files.totalBytes()
                    + " bytes, within the archive limits"));
        } catch (HostileBundleException e) {
            checks.add(CheckResult.fail("archive", e.reason() + ": " + e.getMessage()));
            return report();
        } catch (Exception e) {
            checks.add(CheckResult.fail("archive", "the bundle cannot be read: " + e.getMessage()));
            return report();
        }
        check("layout", this::layout);
        check("manifest", this::manifest);
        byte[] statement = check("attestation", this::attestation);
        check("signature", this::signature);
        if (statement != null) {
            check("attestation.subjects", () -> subjects(statement));
        }
        if (options.mode() == Mode.VALIDATE) {
            check("metadata", this::metadata);
            check("mlmodel", this::mlmodel);
            check("environment", this::environment);
            check("onnx", this::onnx);
            check("onnx.parity", this::parity);
            check("provenance.prov", this::prov);
            check("sbom", this::sbom);
            check("vulnerabilities", this::vulnerabilities);
        }
        return report();
    }

    private ValidationReport report() {
        boolean valid = checks.stream().noneMatch(c -> c.status() == CheckResult.Status.FAIL);
        return new ValidationReport(valid, options.mode().name().toLowerCase(Locale.ROOT), bundleId, modelName,
                modelVersion, signingKeyId, List.copyOf(checks));
    }

    /** A check either adds its own result or throws; a throw is a failure with the reason. */
    private interface Check<T> {
        T run() throws Exception;
    }

    private <T> T check(String id, Check<T> check) {
        int before = checks.size();
        try {
            T value = check.run();
            if (checks.size() == before) {
                throw new IllegalStateException("check " + id + " reported nothing");
            }
            return value;
        } catch (CheckFailed e) {
            checks.add(new CheckResult(id, e.status, e.getMessage()));
        } catch (HostileBundleException e) {
            checks.add(CheckResult.fail(id, e.reason() + ": " + e.getMessage()));
        } catch (Exception e) {
            checks.add(CheckResult.fail(id, e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return null;
    }

    private static final class CheckFailed extends RuntimeException {
        final CheckResult.Status status;

        CheckFailed(CheckResult.Status status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static CheckFailed failed(String message) {
        return new CheckFailed(CheckResult.Status.FAIL, message);
    }

    private Object pass(String id, String message) {
        checks.add(CheckResult.pass(id, message));
        return Boolean.TRUE;
    }

    private byte[] require(String path) {
        if (!files.has(path)) {
            throw failed(path + " is missing");
        }
        return files.bytes(path);
    }

    private Object layout() {
        List<String> missing = BundleLayout.REQUIRED.stream().filter(p -> !files.has(p)).toList();
        if (!missing.isEmpty()) {
            throw failed("missing " + String.join(", ", missing));
        }
        Set<String> extra = new TreeSet<>(files.paths());
        BundleLayout.REQUIRED.forEach(extra::remove);
        if (!extra.isEmpty()) {
            checks.add(CheckResult.warn("layout", "files outside the bundle format: " + String.join(", ", extra)));
            return Boolean.TRUE;
        }
        return pass("layout", "all " + BundleLayout.REQUIRED.size() + " files of " + BundleLayout.FORMAT + " present");
    }

    private Object manifest() {
        Manifest manifest = Manifest.parse(require(BundleLayout.MANIFEST));
        bundleId = manifest.bundleId();
        Set<String> listed = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Manifest.Entry e : manifest.files()) {
            if (!listed.add(e.path())) {
                problems.add(e.path() + " is listed twice");
            } else if (!files.has(e.path())) {
                problems.add(e.path() + " is listed but absent");
            } else if (!Sha256.hex(files.bytes(e.path())).equals(e.sha256())) {
                problems.add(e.path() + " does not match its SHA-256 in the manifest (modified after signing?)");
            } else if (files.size(e.path()) != e.size()) {
                problems.add(e.path() + " has " + files.size(e.path()) + " bytes, the manifest says " + e.size());
            }
        }
        for (String p : files.paths()) {
            if (!listed.contains(p) && !p.equals(BundleLayout.MANIFEST) && !p.equals(BundleLayout.ATTESTATION)) {
                problems.add(p + " is not in the manifest");
            }
        }
        if (!problems.isEmpty()) {
            throw failed(String.join("; ", problems));
        }
        return pass("manifest", manifest.files().size() + " files match their SHA-256 and size");
    }

    /**
     * The documents several checks read, parsed once (a parse that fails is not kept, so each check
     * that needs the document reports the failure itself).
     */
    private Dsse.Envelope parsedEnvelope;
    private JsonNode parsedMlmodel;
    private JsonNode parsedSbom;

    private Dsse.Envelope envelope() {
        if (parsedEnvelope == null) {
            parsedEnvelope = parseEnvelope();
        }
        return parsedEnvelope;
    }

    /** MLmodel (safe YAML) as a JSON tree. */
    private JsonNode mlmodelTree() {
        if (parsedMlmodel == null) {
            parsedMlmodel = BundleJson.MAPPER.valueToTree(SafeYaml.loadMap(require(BundleLayout.MLMODEL),
                    BundleLayout.MLMODEL));
        }
        return parsedMlmodel;
    }

    private JsonNode sbomTree() {
        if (parsedSbom == null) {
            parsedSbom = BundleJson.tree(require(BundleLayout.SBOM), BundleLayout.SBOM);
        }
        return parsedSbom;
    }

    private Dsse.Envelope parseEnvelope() {
        byte[] raw = require(BundleLayout.ATTESTATION);
        List<String> problems = JsonSchemas.validate(JsonSchemas.DSSE_ENVELOPE, BundleJson.tree(raw, BundleLayout.ATTESTATION));
        if (!problems.isEmpty()) {
            throw failed(BundleLayout.ATTESTATION + " is not a DSSE envelope: " + String.join("; ", problems));
        }
        return Dsse.Envelope.fromJson(raw);
    }

    /** The (not yet verified) statement, schema-checked; the signature check is separate. */
    private byte[] attestation() {
        Dsse.Envelope env = envelope();
        if (!BundleLayout.INTOTO_PAYLOAD_TYPE.equals(env.payloadType())) {
            throw failed("payload type is " + env.payloadType() + ", expected " + BundleLayout.INTOTO_PAYLOAD_TYPE);
        }
        signingKeyId = env.signatures().isEmpty() ? null : env.signatures().get(0).keyid();
        byte[] payload = env.payloadBytes();
        JsonNode statement = BundleJson.tree(payload, "the attestation payload");
        List<String> problems = new ArrayList<>(JsonSchemas.validate(JsonSchemas.INTOTO_STATEMENT, statement));
        if (problems.isEmpty()) {
            if (!BundleLayout.SLSA_PROVENANCE_V1.equals(statement.path("predicateType").asText())) {
                problems.add("predicateType is " + statement.path("predicateType").asText() + ", expected "
                        + BundleLayout.SLSA_PROVENANCE_V1);
            } else {
                problems.addAll(JsonSchemas.validate(JsonSchemas.SLSA_PROVENANCE, statement.path("predicate")));
            }
        }
        if (!problems.isEmpty()) {
            throw failed("the in-toto statement is invalid: " + String.join("; ", problems));
        }
        pass("attestation", "DSSE envelope with an in-toto Statement v1 and a SLSA Provenance v1 predicate");
        return payload;
    }

    private Object signature() {
        Dsse.Envelope env = envelope();
        if (options.trustedKeys().isEmpty()) {
            String message = "not verified: no trusted public key given (signed by " + signingKeyId + ")";
            if (options.mode() == Mode.VERIFY) {
                throw failed(message);
            }
            throw new CheckFailed(CheckResult.Status.WARN, message);
        }
        Dsse.Verified verified;
        try {
            verified = Dsse.verify(env, options.trustedKeys());
        } catch (Exception e) {
            throw failed(e.getMessage());
        }
        signingKeyId = verified.keyId();
        return pass("signature", "Ed25519 signature by trusted key " + verified.keyId() + " verifies");
    }

    private Object subjects(byte[] statement) {
        JsonNode subjects = BundleJson.tree(statement, "the attestation payload").path("subject");
        Map<String, String> signed = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode s : subjects) {
            if (signed.put(s.path("name").asText(), s.path("digest").path("sha256").asText()) != null) {
                problems.add(s.path("name").asText() + " is a subject twice");
            }
        }
        for (String p : files.paths()) {
            if (p.equals(BundleLayout.ATTESTATION)) {
                continue;
            }
            String digest = signed.remove(p);
            if (digest == null) {
                problems.add(p + " is not covered by the signed statement");
            } else if (!digest.equals(Sha256.hex(files.bytes(p)))) {
                problems.add(p + " differs from its signed SHA-256");
            }
        }
        signed.keySet().forEach(p -> problems.add(p + " is signed but absent"));
        if (!problems.isEmpty()) {
            throw failed(String.join("; ", problems));
        }
        return pass("attestation.subjects", "every file but the attestation is a subject with a matching SHA-256");
    }

    private Object metadata() {
        metadata = BundleJson.read(require(BundleLayout.METADATA), BundleMetadata.class, BundleLayout.METADATA);
        modelName = metadata.modelName();
        modelVersion = metadata.modelVersion();
        List<String> problems = new ArrayList<>();
        if (!BundleLayout.FORMAT.equals(metadata.format())) {
            problems.add("format is " + metadata.format() + ", expected " + BundleLayout.FORMAT);
        }
        if (bundleId != null && !bundleId.equals(metadata.bundleId())) {
            problems.add("bundle id " + metadata.bundleId() + " differs from the manifest's " + bundleId);
        }
        if (metadata.onnx() == null || !Sha256.hex(require(BundleLayout.ONNX)).equals(metadata.onnx().sha256())) {
            problems.add("onnx.sha256 does not match " + BundleLayout.ONNX);
        }
        if (!Sha256.hex(require(BundleLayout.MODEL_ARTIFACT)).equals(metadata.modelArtifactSha256())) {
            problems.add("modelArtifactSha256 does not match " + BundleLayout.MODEL_ARTIFACT);
        }
        if (metadata.onnx() != null && metadata.onnx().parity() != null
                && !(metadata.onnx().parity().maxAbsDifference() <= OnnxParity.TOLERANCE)) {
            problems.add("recorded ONNX parity " + metadata.onnx().parity().maxAbsDifference() + " exceeds "
                    + OnnxParity.TOLERANCE);
        }
        if (!problems.isEmpty()) {
            throw failed(String.join("; ", problems));
        }
        return pass("metadata", metadata.modelName() + " version " + metadata.modelVersion() + ", "
                + (metadata.privacy() == null ? "trained without differential privacy"
                        : String.format(Locale.ROOT, "epsilon %.4g, delta %.3g (%s)", metadata.privacy().epsilon(),
                                metadata.privacy().delta(), metadata.privacy().accountant())));
    }

    private Object mlmodel() throws Exception {
        JsonNode tree = mlmodelTree();
        List<String> problems = new ArrayList<>(JsonSchemas.validate(JsonSchemas.MLMODEL, tree));
        if (problems.isEmpty()) {
            for (String part : List.of("inputs", "outputs")) {
                JsonNode spec = BundleJson.tree(tree.path("signature").path(part).asText()
                        .getBytes(StandardCharsets.UTF_8), "MLmodel signature." + part);
                JsonSchemas.validate(JsonSchemas.MLFLOW_COLSPEC, spec)
                        .forEach(m -> problems.add("signature." + part + ": " + m));
            }
            for (String file : List.of(tree.path("flavors").path("onnx").path("data").asText(),
                    tree.path("flavors").path("python_function").path("data").asText(),
                    tree.path("saved_input_example_info").path("artifact_path").asText())) {
                if (!files.has(file)) {
                    problems.add("MLmodel refers to " + file + ", which is not in the bundle");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw failed(String.join("; ", problems));
        }
        if (metadata != null) {
            String uuid = tree.path("model_uuid").asText();
            if (!uuid.equals(metadata.bundleId().replace("-", ""))) {
                throw failed("model_uuid " + uuid + " is not the bundle id " + metadata.bundleId());
            }
        }
        return pass("mlmodel", "MLmodel has the onnx and python_function (mlflow.onnx) flavors, a signature and an"
                + " input example");
    }

    private Object environment() {
        List<String> requirements = new String(require(BundleLayout.REQUIREMENTS), StandardCharsets.UTF_8).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        Map<String, Object> conda = SafeYaml.loadMap(require(BundleLayout.CONDA), BundleLayout.CONDA);
        List<String> pip = new ArrayList<>();
        if (conda.get("dependencies") instanceof List<?> deps) {
            for (Object d : deps) {
                if (d instanceof Map<?, ?> m && m.get("pip") instanceof List<?> p) {
                    p.forEach(x -> pip.add(String.valueOf(x)));
                }
            }
        }
        Map<String, Object> pythonEnv = SafeYaml.loadMap(require(BundleLayout.PYTHON_ENV), BundleLayout.PYTHON_ENV);
        List<String> sbomLibraries = new ArrayList<>();
        JsonNode sbom = sbomTree();
        for (JsonNode c : sbom.path("components")) {
            if ("library".equals(c.path("type").asText())) {
                sbomLibraries.add(c.path("name").asText() + "==" + c.path("version").asText());
            }
        }
        List<String> problems = new ArrayList<>();
        if (!requirements.equals(pip.stream().sorted().toList())) {
            problems.add("conda.yaml pins " + pip + ", requirements.txt pins " + requirements);
        }
        if (!requirements.equals(sbomLibraries.stream().sorted().toList())) {
            problems.add("the SBOM lists " + sbomLibraries + ", requirements.txt pins " + requirements);
        }
        if (!(pythonEnv.get("dependencies") instanceof List<?> d) || !d.contains("-r " + BundleLayout.REQUIREMENTS)) {
            problems.add("python_env.yaml does not install " + BundleLayout.REQUIREMENTS);
        }
        if (!problems.isEmpty()) {
            throw failed(String.join("; ", problems));
        }
        return pass("environment", "requirements.txt, conda.yaml and the SBOM pin the same " + requirements.size()
                + " libraries");
    }

    private Object onnx() throws Exception {
        List<Map<String, String>> example = MlflowFiles.readInputExample(require(BundleLayout.INPUT_EXAMPLE));
        JsonNode signature = mlmodelTree().path("signature");
        JsonNode inputs = BundleJson.tree(signature.path("inputs").asText().getBytes(StandardCharsets.UTF_8),
                "MLmodel signature.inputs");
        JsonNode outputs = BundleJson.tree(signature.path("outputs").asText().getBytes(StandardCharsets.UTF_8),
                "MLmodel signature.outputs");
        try (OnnxRunner runner = new OnnxRunner(require(BundleLayout.ONNX))) {
            List<String> problems = new ArrayList<>();
            List<OnnxRunner.InputSpec> graphInputs = runner.inputs();
            if (graphInputs.size() != inputs.size()) {
                problems.add("the signature has " + inputs.size() + " inputs, the ONNX graph " + graphInputs.size());
            } else {
                for (int i = 0; i < inputs.size(); i++) {
                    String name = inputs.get(i).path("name").asText();
                    String type = inputs.get(i).path("type").asText();
                    OnnxRunner.InputSpec g = graphInputs.get(i);
                    String expected = type.equals("string") ? "string" : "float";
                    if (!g.name().equals(name) || !g.type().equals(expected)) {
                        problems.add("signature input " + name + " (" + type + ") vs graph input " + g.name() + " ("
                                + g.type() + ")");
                    }
                }
            }
            List<String> outputNames = new ArrayList<>();
            outputs.forEach(o -> outputNames.add(o.path("name").asText()));
            if (!outputNames.equals(List.of(io.custos.ml.onnx.OnnxExporter.OUTPUT_LABEL,
                    io.custos.ml.onnx.OnnxExporter.OUTPUT_PROBABILITY_0,
                    io.custos.ml.onnx.OnnxExporter.OUTPUT_PROBABILITY_1))) {
                problems.add("signature outputs " + outputNames + " are not label, probability_0, probability_1");
            }
            if (!problems.isEmpty()) {
                throw failed(String.join("; ", problems));
            }
            List<OnnxRunner.Prediction> predictions = runner.predict(example);
            if (metadata != null && metadata.onnx() != null && metadata.onnx().exampleProbabilities() != null) {
                List<Double> recorded = metadata.onnx().exampleProbabilities();
                if (recorded.size() != predictions.size()) {
                    throw failed("metadata records " + recorded.size() + " example probabilities for "
                            + predictions.size() + " example rows");
                }
                double worst = 0;
                for (int i = 0; i < recorded.size(); i++) {
                    worst = Math.max(worst, Math.abs(recorded.get(i) - predictions.get(i).probability1()));
                }
                if (!(worst <= OnnxParity.TOLERANCE)) {
                    throw failed(String.format(Locale.ROOT, "ONNX Runtime gives the input example probabilities"
                            + " %.3g away from those recorded at build time (tolerance %.0e)", worst,
                            OnnxParity.TOLERANCE));
                }
            }
            return pass("onnx", "ONNX Runtime " + OnnxRunner.runtimeVersion() + " loads the model; the signature"
                    + " matches its " + graphInputs.size() + " inputs and the input example reproduces the recorded"
                    + " probabilities");
        }
    }

    private Object parity() {
        ModelArtifact artifact = ModelArtifact.parse(require(BundleLayout.MODEL_ARTIFACT));
        ParityResult parity = OnnxParity.measure(require(BundleLayout.ONNX), artifact,
                OnnxParity.sampleRows(artifact, 256, 0x5eed));
        if (!parity.within(OnnxParity.TOLERANCE)) {
            throw failed(String.format(Locale.ROOT, "model.onnx differs from %s by %.3g on %d rows (tolerance %.0e)",
                    BundleLayout.MODEL_ARTIFACT, parity.maxAbsDifference(), parity.rows(), OnnxParity.TOLERANCE));
        }
        return pass("onnx.parity", String.format(Locale.ROOT, "model.onnx computes what %s computes: max |difference|"
                + " %.3g over %d synthetic rows", BundleLayout.MODEL_ARTIFACT, parity.maxAbsDifference(), parity.rows()));
    }

    private Object prov() {
        JsonNode prov = BundleJson.tree(require(BundleLayout.PROV), BundleLayout.PROV);
        List<String> problems = new ArrayList<>(JsonSchemas.validate(JsonSchemas.PROV_JSON, prov));
        String onnxEntity = "custos:onnx/" + Sha256.hex(require(BundleLayout.ONNX));
        if (problems.isEmpty() && !prov.path("entity").has(onnxEntity)) {
            problems.add("no entity for the bundle's ONNX file (" + onnxEntity + ")");
        }
        if (problems.isEmpty() && bundleId != null && !prov.path("entity").has("custos:bundle/" + bundleId)) {
            problems.add("no entity for bundle " + bundleId);
        }
        if (!problems.isEmpty()) {
            throw failed(String.join("; ", problems));
        }
        return pass("provenance.prov", "W3C PROV-JSON document links dataset, training, model, ONNX and bundle");
    }

    private Object sbom() {
        byte[] raw = require(BundleLayout.SBOM);
        List<String> problems = new ArrayList<>(MlBomValidator.validate(raw));
        if (problems.isEmpty()) {
            String onnxSha = Sha256.hex(require(BundleLayout.ONNX));
            boolean hashed = false;
            JsonNode bom = sbomTree();
            List<JsonNode> candidates = new ArrayList<>();
            candidates.add(bom.path("metadata").path("component"));
            bom.path("components").forEach(candidates::add);
            for (JsonNode c : candidates) {
                if ("machine-learning-model".equals(c.path("type").asText())) {
                    for (JsonNode h : c.path("hashes")) {
                        hashed |= "SHA-256".equals(h.path("alg").asText()) && onnxSha.equals(h.path("content").asText());
                    }
                }
            }
            if (!hashed) {
                problems.add("the SBOM's model component does not carry model.onnx's SHA-256");
            }
        }
        if (!problems.isEmpty()) {
            throw failed(String.join("; ", problems));
        }
        return pass("sbom", "CycloneDX 1.6 ML-BOM is valid and describes model.onnx");
    }

    private Object vulnerabilities() {
        if (options.osv() == null) {
            throw new CheckFailed(CheckResult.Status.SKIP, "no OSV database given");
        }
        List<RuntimeLibrary> libraries = new ArrayList<>();
        for (JsonNode c : sbomTree().path("components")) {
            if ("library".equals(c.path("type").asText())) {
                String purl = c.path("purl").asText();
                String license = c.path("licenses").path(0).path("license").path("id").asText("unknown");
                libraries.add(new RuntimeLibrary(purl.startsWith("pkg:maven/") ? "Maven" : "PyPI", c.path("name").asText(),
                        c.path("version").asText(), license.isEmpty() ? "unknown" : license, purl));
            }
        }
        List<VulnerabilityMatch> matches = options.osv().match(libraries);
        if (!matches.isEmpty()) {
            throw failed(matches.size() + " known vulnerabilities: " + String.join("; ", matches.stream()
                    .map(m -> m.id() + " in " + m.packageName() + " " + m.version()
                            + (m.fixedVersion() == null ? "" : " (fixed in " + m.fixedVersion() + ")"))
                    .toList()));
        }
        return pass("vulnerabilities", "none of the " + libraries.size() + " runtime libraries is affected by the "
                + options.osv().size() + " advisories given");
    }
}
