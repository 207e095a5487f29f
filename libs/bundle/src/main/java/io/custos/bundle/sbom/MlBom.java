package io.custos.bundle.sbom;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.BomReference;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Composition;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.ModelCard;
import org.cyclonedx.model.component.data.ComponentData;
import org.cyclonedx.model.component.data.DatasetChoice;
import org.cyclonedx.model.component.modelCard.Considerations;
import org.cyclonedx.model.component.modelCard.InputOutputParameter;
import org.cyclonedx.model.component.modelCard.ModelParameters;
import org.cyclonedx.model.component.modelCard.PerformanceMetric;
import org.cyclonedx.model.component.modelCard.QuantitativeAnalysis;
import org.cyclonedx.model.component.modelCard.consideration.Risk;
import org.cyclonedx.model.metadata.ToolInformation;
import org.cyclonedx.model.vulnerability.Vulnerability;
import org.cyclonedx.parsers.JsonParser;

/**
 * The CycloneDX 1.6 ML-BOM of a bundle: what the model is, what it was trained on (by hash
 * only), how private it is, and which third-party libraries it needs to run, in the format
 * security and compliance tooling already reads. Built with cyclonedx-core-java's model and
 * generator; every 1.6 field used here exists in that library.
 *
 * <p>Layout:
 * <ul>
 *   <li>{@code metadata.timestamp} = {@link ModelCardInput#created()}; {@code metadata.tools.components}
 *       = the producer (type application); {@code metadata.component} = the model.</li>
 *   <li>The model: type {@code machine-learning-model}, bom-ref and purl
 *       {@code pkg:generic/<name>@<version>}, SHA-256 of model.onnx, properties
 *       {@code custos:model-type}, {@code custos:target}, {@code custos:positive-class},
 *       {@code custos:model-artifact-sha256}, and a model card:
 *       <ul>
 *         <li>modelParameters: approach supervised, task {@code binary-classification},
 *             architectureFamily/modelArchitecture from the model type, datasets = a reference to
 *             the data component, one input per feature ({@code "<name>: <kind>, string"}), one
 *             output (the probability of the positive class);</li>
 *         <li>quantitativeAnalysis.performanceMetrics: one per metric, sorted by name, the value
 *             written with up to 15 significant digits;</li>
 *         <li>considerations: technicalLimitations (binary classifier, trimmed string inputs, the
 *             privacy guarantee or its absence), performanceTradeoffs (DP noise vs accuracy, DP
 *             only), ethicalConsiderations (the disclosure risk of training records, mitigated by
 *             the stated DP guarantee or explicitly not mitigated);</li>
 *         <li>properties: {@code custos:privacy} = {@code differential-privacy} or {@code none} and,
 *             under DP, {@code custos:dp:epsilon}, {@code :delta}, {@code :accountant},
 *             {@code :noise-multiplier}, {@code :sampling-rate}, {@code :steps}, {@code :clip-norm}
 *             for machines.</li>
 *       </ul></li>
 *   <li>{@code components}: the training dataset (type {@code data}, name = dataset id, its
 *       SHA-256, a {@code data[]} entry of type dataset classified {@code confidential}, no
 *       contents), then each runtime library (type {@code library}, scope required, version,
 *       purl = bom-ref, SPDX license id).</li>
 *   <li>{@code dependencies}: the model depends on every library; the libraries' own dependencies
 *       are not enumerated, which a composition ({@code incomplete_first_party_only}) states.</li>
 * </ul>
 * Output is pretty-printed UTF-8 JSON and byte-for-byte the same for equal inputs.
 */
public final class MlBom {

    private static final Version SPEC = Version.VERSION_16;
    private static final String DATA_CLASSIFICATION = "confidential";

    private MlBom() {
    }

    /** The ML-BOM of one bundle as CycloneDX 1.6 JSON. */
    public static byte[] build(ModelCardInput in) {
        Bom bom = new Bom();
        bom.setSerialNumber(in.serialNumber());
        bom.setVersion(1);

        Component model = model(in);
        Component dataset = dataset(in);

        Metadata metadata = new Metadata();
        metadata.setTimestamp(Date.from(in.created()));
        Component producer = new Component();
        producer.setType(Component.Type.APPLICATION);
        producer.setName(in.producerName());
        producer.setVersion(in.producerVersion());
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(producer));
        metadata.setToolChoice(tools);
        metadata.setComponent(model);
        bom.setMetadata(metadata);

        List<Component> components = new ArrayList<>();
        components.add(dataset);
        Dependency modelDependencies = new Dependency(model.getBomRef());
        for (RuntimeLibrary library : in.libraries()) {
            components.add(library(library));
            modelDependencies.addDependency(new Dependency(library.purl()));
        }
        bom.setComponents(components);
        bom.setDependencies(new ArrayList<>(List.of(modelDependencies)));

        Composition composition = new Composition();
        composition.setAggregate(Composition.Aggregate.INCOMPLETE_FIRST_PARTY_ONLY);
        composition.setDependencies(List.of(new BomReference(model.getBomRef())));
        bom.setCompositions(List.of(composition));
        return write(bom);
    }

    /**
     * {@code bom} with its {@code vulnerabilities} replaced by {@code matches}, so that running it
     * again with a fresher OSV database is idempotent. Matches with the same id become one
     * vulnerability affecting each matched library. Each vulnerability has:
     * <ul>
     *   <li>source OSV with the osv.dev link (whatever database the id comes from);</li>
     *   <li>its aliases as references (CVE to NVD, GHSA to GitHub, others to osv.dev);</li>
     *   <li>the summary as description;</li>
     *   <li>a rating: a CVSS vector with its method, or the database's severity word mapped to a
     *       CycloneDX severity with method "other";</li>
     *   <li>a recommendation to upgrade to the fixed version, when one is known;</li>
     *   <li>{@code affects}: the library's bom-ref, its version marked affected.</li>
     * </ul>
     *
     * @throws IllegalArgumentException if {@code bom} is not a CycloneDX JSON BOM or a match names a
     *     library the BOM does not contain
     */
    public static byte[] withVulnerabilities(byte[] bom, List<VulnerabilityMatch> matches) {
        Bom parsed;
        try {
            parsed = new JsonParser().parse(bom);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("not a CycloneDX JSON BOM: " + e.getMessage(), e);
        }
        Map<String, List<VulnerabilityMatch>> byId = new TreeMap<>();
        for (VulnerabilityMatch m : matches) {
            byId.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(m);
        }
        List<Vulnerability> vulnerabilities = new ArrayList<>();
        byId.forEach((id, group) -> vulnerabilities.add(OsvVulnerabilities.toCycloneDx(id, group,
                m -> libraryRef(parsed, m))));
        parsed.setVulnerabilities(vulnerabilities.isEmpty() ? null : vulnerabilities);
        return write(parsed);
    }

    // ---- the model

    private static Component model(ModelCardInput in) {
        Component model = new Component();
        model.setType(Component.Type.MACHINE_LEARNING_MODEL);
        String purl = "pkg:generic/" + purlEncode(in.modelName()) + "@" + purlEncode(in.modelVersion());
        model.setBomRef(purl);
        model.setName(in.modelName());
        model.setVersion(in.modelVersion());
        model.setDescription((in.privacy() == null ? "" : "Differentially private ") + architecture(in.modelType())
                + " binary classifier predicting whether '" + in.target() + "' is '" + in.positiveClass()
                + "', in ONNX format (model.onnx)");
        model.setPurl(purl);
        model.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, in.onnxSha256())));
        model.setProperties(List.of(
                new Property("custos:model-type", in.modelType()),
                new Property("custos:target", in.target()),
                new Property("custos:positive-class", in.positiveClass()),
                new Property("custos:model-artifact-sha256", in.modelArtifactSha256())));
        model.setModelCard(modelCard(in));
        return model;
    }

    private static ModelCard modelCard(ModelCardInput in) {
        ModelParameters parameters = new ModelParameters();
        ModelParameters.Approach approach = new ModelParameters.Approach();
        approach.setType(ModelParameters.Approach.ApproachType.SUPERVISED);
        parameters.setApproach(approach);
        parameters.setTask("binary-classification");
        parameters.setArchitectureFamily(architectureFamily(in.modelType()));
        parameters.setModelArchitecture(architecture(in.modelType()));
        DatasetChoice dataset = new DatasetChoice();
        dataset.setRef(datasetRef(in));
        parameters.setDatasets(List.of(dataset));
        List<InputOutputParameter> inputs = new ArrayList<>();
        for (ModelCardInput.Feature f : in.features()) {
            inputs.add(io(f.name() + ": " + f.kind() + ", string"));
        }
        parameters.setInputs(inputs);
        parameters.setOutputs(List.of(io("probability: number in [0, 1] that '" + in.target() + "' is '"
                + in.positiveClass() + "'")));

        ModelCard card = new ModelCard();
        card.setModelParameters(parameters);
        if (!in.metrics().isEmpty()) {
            List<PerformanceMetric> metrics = new ArrayList<>();
            in.metrics().forEach((name, value) -> {
                PerformanceMetric metric = new PerformanceMetric();
                metric.setType(name);
                metric.setValue(number(value));
                metrics.add(metric);
            });
            QuantitativeAnalysis analysis = new QuantitativeAnalysis();
            analysis.setPerformanceMetrics(metrics);
            card.setQuantitativeAnalysis(analysis);
        }
        card.setConsiderations(considerations(in));
        card.setProperties(privacyProperties(in.privacy()));
        return card;
    }

    private static Considerations considerations(ModelCardInput in) {
        ModelCardInput.Privacy p = in.privacy();
        List<String> limitations = new ArrayList<>();
        limitations.add("Binary classifier: it only estimates the probability that '" + in.target() + "' is '"
                + in.positiveClass() + "'; it cannot predict any other value of '" + in.target() + "'.");
        limitations.add("Every input is a string column, one per feature in the listed order; values must be"
                + " trimmed of leading and trailing whitespace, as they were in training.");
        limitations.add(p == null
                ? "Trained without differential privacy: the model gives no formal protection to the records it was"
                        + " trained on."
                : "Privacy guarantee: " + guarantee(p));

        Risk disclosure = new Risk();
        disclosure.setName("Disclosure of information about individual training records (membership inference,"
                + " attribute inference, reconstruction)");
        disclosure.setMitigationStrategy(p == null
                ? "None: trained without differential privacy. Treat the model as being as sensitive as its"
                        + " training data."
                : "Trained with differentially private SGD: " + guarantee(p));

        Considerations considerations = new Considerations();
        considerations.setTechnicalLimitations(limitations);
        if (p != null) {
            considerations.setPerformanceTradeoffs(List.of("Gradient clipping and the noise added for differential"
                    + " privacy lower accuracy compared with non-private training; a smaller epsilon means more"
                    + " noise. The metrics reported are those of this private model."));
        }
        considerations.setEthicalConsiderations(List.of(disclosure));
        return considerations;
    }

    /** The DP guarantee and the parameters it was accounted from, for people. */
    private static String guarantee(ModelCardInput.Privacy p) {
        if (p.accountant() != null && p.accountant().contains("client-level")) {
            // Federated DP-FedAvg: the unit is a site with all its records, a step is a round.
            return "(epsilon = " + number(p.epsilon()) + ", delta = " + number(p.delta())
                    + ")-differential privacy for each participating site (all of its records together), computed"
                    + " by the " + p.accountant() + " accountant from noise multiplier " + number(p.noiseMultiplier())
                    + ", client sampling rate " + number(p.samplingRate()) + ", " + p.steps()
                    + " rounds and per-site update clip norm " + number(p.clipNorm()) + ".";
        }
        return "(epsilon = " + number(p.epsilon()) + ", delta = " + number(p.delta())
                + ")-differential privacy for each training record, computed by the " + p.accountant()
                + " accountant from noise multiplier " + number(p.noiseMultiplier()) + ", sampling rate "
                + number(p.samplingRate()) + ", " + p.steps() + " steps and per-example gradient clip norm "
                + number(p.clipNorm()) + ".";
    }

    /** The same guarantee for machines, so consumers need not parse prose. */
    private static List<Property> privacyProperties(ModelCardInput.Privacy p) {
        if (p == null) {
            return List.of(new Property("custos:privacy", "none"));
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("custos:privacy", "differential-privacy");
        values.put("custos:dp:epsilon", number(p.epsilon()));
        values.put("custos:dp:delta", number(p.delta()));
        values.put("custos:dp:accountant", p.accountant());
        values.put("custos:dp:noise-multiplier", number(p.noiseMultiplier()));
        values.put("custos:dp:sampling-rate", number(p.samplingRate()));
        values.put("custos:dp:steps", Long.toString(p.steps()));
        values.put("custos:dp:clip-norm", number(p.clipNorm()));
        List<Property> properties = new ArrayList<>();
        values.forEach((k, v) -> properties.add(new Property(k, v)));
        return properties;
    }

    private static String architectureFamily(String modelType) {
        return modelType.equals("mlp") ? "neural network" : "linear model";
    }

    private static String architecture(String modelType) {
        return switch (modelType) {
            case "logistic" -> "logistic regression";
            case "svm" -> "linear support vector machine (hinge loss)";
            case "mlp" -> "multilayer perceptron (one hidden layer)";
            default -> throw new IllegalArgumentException("unknown model type " + modelType);
        };
    }

    private static InputOutputParameter io(String format) {
        InputOutputParameter p = new InputOutputParameter();
        p.setFormat(format);
        return p;
    }

    // ---- dataset and libraries

    private static String datasetRef(ModelCardInput in) {
        return "dataset:" + in.datasetId();
    }

    private static Component dataset(ModelCardInput in) {
        Component dataset = new Component();
        dataset.setType(Component.Type.DATA);
        dataset.setBomRef(datasetRef(in));
        dataset.setName(in.datasetId());
        dataset.setDescription("Training dataset of the model, identified by its SHA-256; its records are not"
                + " part of the bundle.");
        dataset.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, in.datasetSha256())));
        ComponentData data = new ComponentData();
        data.setType(ComponentData.ComponentDataType.DATASET);
        data.setName(in.datasetId());
        data.setClassification(DATA_CLASSIFICATION);
        data.setDescription("Training data (labelled by '" + in.target() + "'); contents withheld.");
        dataset.setData(List.of(data));
        return dataset;
    }

    private static Component library(RuntimeLibrary library) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setBomRef(library.purl());
        c.setName(library.name());
        c.setVersion(library.version());
        c.setScope(Component.Scope.REQUIRED);
        License license = new License();
        license.setId(library.license());
        LicenseChoice licenses = new LicenseChoice();
        licenses.addLicense(license);
        c.setLicenses(licenses);
        c.setPurl(library.purl());
        return c;
    }

    /** The bom-ref of the library component a match is about (PyPI names compared PEP 503 normalised). */
    private static String libraryRef(Bom bom, VulnerabilityMatch match) {
        if (bom.getComponents() != null) {
            for (Component c : bom.getComponents()) {
                if (c.getType() != Component.Type.LIBRARY || c.getName() == null || c.getBomRef() == null
                        || !match.version().equals(c.getVersion())) {
                    continue;
                }
                boolean pypi = c.getPurl() != null && c.getPurl().startsWith("pkg:pypi/");
                String ecosystem = pypi ? "PyPI" : "";
                if (PackageNames.normalize(ecosystem, c.getName())
                        .equals(PackageNames.normalize(ecosystem, match.packageName()))) {
                    return c.getBomRef();
                }
            }
        }
        throw new IllegalArgumentException("the BOM has no library component " + match.packageName() + "@"
                + match.version() + " for vulnerability " + match.id());
    }

    // ---- encoding

    private static byte[] write(Bom bom) {
        try {
            return BomGeneratorFactory.createJson(SPEC, bom).toJsonString(true).getBytes(StandardCharsets.UTF_8);
        } catch (GeneratorException e) {
            throw new IllegalStateException("cannot write the CycloneDX BOM", e);
        }
    }

    /**
     * A number for the BOM: at most 15 significant digits, no exponent, no trailing zeros. Done with
     * BigDecimal rather than Double.toString, whose shortest-digits output changed between JDKs, so
     * the bytes (and the bundle's signature) do not depend on the JVM.
     */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(15)).stripTrailingZeros().toPlainString();
    }

    /** Percent-encodes a purl name or version segment (purl spec: everything but unreserved characters). */
    private static String purlEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
