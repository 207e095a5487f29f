package io.custos.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.crypto.Sha256;
import io.custos.federated.client.LocalDataset;
import io.custos.federated.client.LocalTrainer;
import io.custos.federated.client.LocalTrainingOptions;
import io.custos.federated.client.LocalUpdate;
import io.custos.federated.protocol.UpdateSubmission;
import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.artifact.Predictor;
import io.custos.ml.noise.SeededRandomSource;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * Federated learning through the gateway, on the packaged jars: an admin declares a federation
 * over UCI Adult's public schema, registers three sites' Ed25519 keys and gives each an API key;
 * three real {@code custos fl join} processes, each holding one very different slice of Adult,
 * train it for ten rounds without a row leaving a site; the global model beats every site trained
 * alone on held-back rows, is signed into a bundle by packaging-service and inventoried by
 * governance-service like a centrally trained model; refused updates are audited.
 *
 * <p>The split is the recipe of libs/federated's FederatedSimulationTest (AdultSites): test set =
 * the last 6,000 rows of data/adult_labeled.csv; each site = the first 300 of the remaining rows
 * (file order) whose relationship is in {Husband, Wife} / {Not-in-family, Unmarried} /
 * {Own-child, Other-relative}; logistic, 10 rounds of 2 local epochs, learning rate 0.5, batch 16,
 * FedAvg. Alone: the same trainer for 20 epochs on the site's rows only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederatedFlowE2ETest {

    @RegisterExtension
    static final Suite.Shared SHARED = new Suite.Shared();

    static final int SITE_ROWS = 300;
    static final int TEST_ROWS = 6000;
    static final int ROUNDS = 10;
    static final int LOCAL_EPOCHS = 2;
    static final int BATCH_SIZE = 16;
    static final double LEARNING_RATE = 0.5;
    /** How long the three sites may take for all rounds (they need about 15 s on 2 cores). */
    static final Duration FEDERATION_TIMEOUT = Duration.ofSeconds(240);

    static final Map<String, Set<String>> SITES = new LinkedHashMap<>();

    static {
        SITES.put("married", Set.of("Husband", "Wife"));
        SITES.put("single", Set.of("Not-in-family", "Unmarried"));
        SITES.put("dependants", Set.of("Own-child", "Other-relative"));
    }

    /** The federation's features, in its order; numeric ones with Adult's documented (public) ranges. */
    static final List<String> FEATURES = List.of("age", "workclass", "education-num", "marital-status", "occupation",
            "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week");
    static final Map<String, double[]> NUMERIC_BOUNDS = Map.of(
            "age", new double[] {17, 90},
            "education-num", new double[] {1, 16},
            "capital-gain", new double[] {0, 100000},
            "capital-loss", new double[] {0, 4500},
            "hours-per-week", new double[] {1, 99});

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Site(String name, Ed25519PrivateKey key, Path keyFile, Path csv, String clientId, String apiKey) {
    }

    private static Suite suite;
    private static Path work;
    private static List<String> header;
    private static List<String> adultRows;
    private static Path testCsv;
    private static String federationId;
    private static String finalSha256;
    private static final Map<String, Site> sites = new LinkedHashMap<>();

    @BeforeAll
    static void startSuite() throws Exception {
        suite = SHARED.suite();
        RestAssured.baseURI = suite.gatewayUrl();
        RestAssured.port = suite.gatewayPort;
        work = Files.createTempDirectory("custos-e2e-federated-");
        List<String> lines = Files.readAllLines(suite.root.resolve("data/adult_labeled.csv"), StandardCharsets.UTF_8);
        header = Arrays.asList(lines.get(0).split(",", -1));
        adultRows = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
    }

    private static String login(String user, String password) {
        return given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
    }

    private static String admin() {
        return login(Suite.ADMIN, Suite.ADMIN_PASSWORD);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void threeSitesTrainTogetherWithCustosFlJoinAndBeatEverySiteAlone() throws Exception {
        Path cliJar = suite.root.resolve("cli/target/custos.jar");
        assertTrue(Files.isRegularFile(cliJar), cliJar + " is missing: the CLI is packaged by `mvn verify`");
        String admin = admin();

        // 1. The federation: Adult's public schema, nothing computed from any site's rows.
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", "adult-e2e-" + UUID.randomUUID().toString().substring(0, 8));
        spec.put("modelType", "logistic");
        spec.put("featureSchema", featureSchema());
        spec.put("target", "income");
        spec.put("positiveClass", "large");
        spec.put("rounds", ROUNDS);
        spec.put("minClients", 3);
        spec.put("maxClients", 3);
        spec.put("localEpochs", LOCAL_EPOCHS);
        spec.put("learningRate", LEARNING_RATE);
        spec.put("batchSize", BATCH_SIZE);
        spec.put("strategy", "fedavg");
        spec.put("roundTimeoutSeconds", 300);
        federationId = given().auth().oauth2(admin).contentType(ContentType.JSON).body(json(spec))
                .post("/api/federated/federations").then().statusCode(201)
                .body("status", equalTo("CREATED"), "rounds", equalTo(ROUNDS), "strategy", equalTo("fedavg"))
                .extract().path("id");

        // 2. Each site's key pair (the private half stays at the site), client and API key.
        String shortId = federationId.substring(0, 8);
        for (String name : SITES.keySet()) {
            Ed25519PrivateKey key = Ed25519PrivateKey.generate();
            Path keyFile = work.resolve(name + ".key");
            Files.writeString(keyFile, key.toPem(), StandardCharsets.US_ASCII);
            String clientId = given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(json(Map.of("clientName", name, "publicKey", key.publicKey().toPem())))
                    .post("/api/federated/federations/" + federationId + "/clients").then().statusCode(201)
                    .extract().path("id");
            String apiKey = given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(json(Map.of("name", "fl-" + name + "-" + shortId, "roles", List.of("fl-client"),
                            "federationId", federationId, "clientId", clientId)))
                    .post("/api/admin/api-keys").then().statusCode(201)
                    .body("federationId", equalTo(federationId), "clientId", equalTo(clientId))
                    .body("apiKey", startsWith("ck_")).extract().path("apiKey");
            // 3. The site's own rows.
            Path csv = work.resolve(name + ".csv");
            writeSite(SITES.get(name), csv);
            sites.put(name, new Site(name, key, keyFile, csv, clientId, apiKey));
        }
        testCsv = work.resolve("test.csv");
        List<String> test = new ArrayList<>(List.of(String.join(",", header)));
        test.addAll(adultRows.subList(adultRows.size() - TEST_ROWS, adultRows.size()));
        Files.write(testCsv, test, StandardCharsets.UTF_8);

        // A site's key opens its own client and nothing an admin holds.
        String siteToken = siteToken(sites.get("married"));
        given().auth().oauth2(siteToken).get("/api/federated/federations/" + federationId + "/clients/me").then()
                .statusCode(200).body("id", equalTo(sites.get("married").clientId()));
        given().auth().oauth2(siteToken).get("/api/federated/federations/" + federationId + "/clients").then()
                .statusCode(403);

        // 4. Three real sites: `custos fl join` in fresh JVMs, started before the federation is.
        long started = System.nanoTime();
        Map<String, Process> joins = new LinkedHashMap<>();
        for (Site s : sites.values()) {
            List<String> cmd = List.of("java", "-XX:+UseSerialGC", "-Xmx256m", "-jar", cliJar.toString(), "fl", "join",
                    "--server", suite.gatewayUrl(), "--api-key", s.apiKey(), "--key", s.keyFile().toString(),
                    "--data", s.csv().toString(), "--federation", federationId, "--poll-seconds", "0.5");
            ProcessBuilder site = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(work.resolve(s.name() + ".out").toFile());
            // Each site's state file (rounds answered, local account) under the test's own directory.
            site.environment().put("CUSTOS_HOME", work.resolve(s.name() + "-home").toString());
            joins.put(s.name(), site.start());
        }
        try {
            given().auth().oauth2(admin).post("/api/federated/federations/" + federationId + "/start").then()
                    .statusCode(200).body("status", equalTo("RUNNING"));
            long deadline = System.nanoTime() + FEDERATION_TIMEOUT.toNanos();
            for (Map.Entry<String, Process> join : joins.entrySet()) {
                if (!join.getValue().waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    fail("site " + join.getKey() + " did not finish within " + FEDERATION_TIMEOUT + "\n" + outputs()
                            + "\nfederation: " + given().auth().oauth2(admin()).get("/api/federated/federations/"
                                    + federationId).asString()
                            + "\nrounds: " + given().auth().oauth2(admin()).get("/api/federated/federations/"
                                    + federationId + "/rounds").asString() + "\n" + suite.logs());
                }
            }
        } finally {
            joins.values().forEach(Process::destroyForcibly);
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // 5. The federation completed; every site saw every round through.
        admin = admin();
        finalSha256 = given().auth().oauth2(admin).get("/api/federated/federations/" + federationId).then()
                .statusCode(200).body("status", equalTo("COMPLETED"), "currentRound", equalTo(ROUNDS))
                .extract().path("finalModelSha256");
        for (Map.Entry<String, Process> join : joins.entrySet()) {
            String out = Files.readString(work.resolve(join.getKey() + ".out"));
            assertEquals(0, join.getValue().exitValue(), join.getKey() + ":\n" + out);
            for (int r = 1; r <= ROUNDS; r++) {
                String prefix = "round " + r + "/" + ROUNDS + ": ";
                assertTrue(out.contains(prefix + "trained on " + SITE_ROWS + " rows"), prefix + "trained\n" + out);
                assertTrue(out.contains(prefix + "completed, global model sha256 "), prefix + "completed\n" + out);
            }
            assertTrue(out.contains("completed: " + ROUNDS + " rounds, this site contributed to " + ROUNDS
                    + "; final global model sha256 " + finalSha256), out);
        }
        JsonPath rounds = given().auth().oauth2(admin).get("/api/federated/federations/" + federationId + "/rounds")
                .then().statusCode(200).body("$", hasSize(ROUNDS)).extract().jsonPath();
        for (int r = 0; r < ROUNDS; r++) {
            assertEquals("COMPLETED", rounds.getString("[" + r + "].status"), rounds.prettify());
            assertEquals(3, rounds.getInt("[" + r + "].submissions"), rounds.prettify());
        }
        assertEquals(finalSha256, rounds.getString("find { it.number == " + ROUNDS + " }.resultSha256"));

        // The final model, as an admin downloads it, is the one every site was told about.
        Response model = given().auth().oauth2(admin).get("/api/federated/federations/" + federationId + "/model");
        model.then().statusCode(200).header("ETag", equalTo("\"" + finalSha256 + "\""));
        byte[] finalBytes = model.asByteArray();
        assertEquals(finalSha256, Sha256.hex(finalBytes));
        ModelArtifact global = ModelArtifact.parse(finalBytes);
        // Round 1 starts from the server's data-independent initial model: the sites alone start there too.
        ModelArtifact initial = ModelArtifact.parse(given().auth().oauth2(admin)
                .get("/api/federated/rounds/" + rounds.getString("find { it.number == 1 }.id") + "/model").then()
                .statusCode(200).extract().asByteArray());

        // 6. On the held-back rows: the federation against each site alone (same code, same epochs).
        List<Map<String, String>> testRows = readRows(testCsv);
        Metrics federated = Metrics.of(global.predictor(), testRows);
        Map<String, Metrics> alone = new LinkedHashMap<>();
        LocalTrainingOptions aloneOptions = LocalTrainingOptions.of(ROUNDS * LOCAL_EPOCHS, BATCH_SIZE, LEARNING_RATE);
        int seed = 100;
        for (Site s : sites.values()) {
            LocalDataset data = LocalDataset.read(s.csv(), initial);
            assertEquals(SITE_ROWS, data.size());
            LocalUpdate u = new LocalTrainer(aloneOptions, new SeededRandomSource(seed++)).train(initial, data, null);
            alone.put(s.name(), Metrics.of(withParameters(initial, plus(initial.parameters(), u.delta())).predictor(),
                    testRows));
        }
        List<String> aucByRound = new ArrayList<>();
        for (int r = 1; r <= ROUNDS; r++) {
            byte[] m = given().auth().oauth2(admin).get("/api/federated/federations/" + federationId + "/models/"
                    + rounds.getString("find { it.number == " + r + " }.resultSha256")).then().statusCode(200)
                    .extract().asByteArray();
            aucByRound.add(String.format(Locale.ROOT, "%.3f", Metrics.of(ModelArtifact.parse(m).predictor(),
                    testRows).auc()));
        }
        StringBuilder figures = new StringBuilder(String.format(Locale.ROOT,
                "federated e2e: 3 sites x %d rows, %d rounds in %.1f s (custos fl join processes); held-out %d rows,"
                        + " accuracy / AUC:%n", SITE_ROWS, ROUNDS, seconds, testRows.size()));
        alone.forEach((name, m) -> figures.append(String.format(Locale.ROOT, "  %-10s alone        %.4f / %.4f%n",
                name, m.accuracy(), m.auc())));
        figures.append(String.format(Locale.ROOT, "  federated (FedAvg)      %.4f / %.4f%n", federated.accuracy(),
                federated.auc()));
        figures.append("  federated AUC by round ").append(aucByRound);
        System.out.println(figures);

        double bestAlone = alone.values().stream().mapToDouble(Metrics::auc).max().orElseThrow();
        assertTrue(federated.auc() > 0.83, "federated AUC\n" + figures);
        assertTrue(federated.auc() > bestAlone + 0.03, "federated AUC beats the best site alone by 0.03\n" + figures);
        for (Map.Entry<String, Metrics> site : alone.entrySet()) {
            assertTrue(federated.accuracy() > site.getValue().accuracy(),
                    "federated accuracy beats " + site.getKey() + " alone\n" + figures);
        }
    }

    @Test
    @Order(2)
    void theFederatedModelIsSignedIntoABundleAndGovernedLikeAnyModel() throws Exception {
        assertTrue(finalSha256 != null, "the federation did not complete");
        String admin = admin();
        awaitOrExplain(Duration.ofSeconds(90), "packaging-service to bundle the federated model", () ->
                given().auth().oauth2(admin).get("/api/packaging/bundles").then().statusCode(200)
                        .body("findAll { it.trainingJobId == '" + federationId + "' }", hasSize(1)));
        JsonPath bundle = given().auth().oauth2(admin).get("/api/packaging/bundles").then().extract().jsonPath()
                .setRootPath("find { it.trainingJobId == '" + federationId + "' }");
        assertEquals(finalSha256, bundle.getString("digests.model"), bundle.prettify());
        given().auth().oauth2(admin).get("/api/packaging/bundles/" + bundle.getString("id") + "/verify").then()
                .statusCode(200).body("valid", equalTo(true));

        awaitOrExplain(Duration.ofSeconds(90), "governance-service to inventory the federated model", () ->
                given().auth().oauth2(admin).get("/api/governance/models").then().statusCode(200)
                        .body("findAll { it.trainingJobId == '" + federationId + "' }", hasSize(1)));
        given().auth().oauth2(admin).get("/api/governance/models").then()
                .body("find { it.trainingJobId == '" + federationId + "' }.digests.model", equalTo(finalSha256));
    }

    @Test
    @Order(3)
    void refusedUpdatesAreRefusedWithTheirReasonAndAudited() throws Exception {
        assertTrue(finalSha256 != null, "the federation did not complete");
        String admin = admin();
        JsonPath lastRound = given().auth().oauth2(admin)
                .get("/api/federated/federations/" + federationId + "/rounds/current").then().statusCode(200)
                .body("number", equalTo(ROUNDS)).extract().jsonPath();
        String roundId = lastRound.getString("id");
        int dimension = ModelArtifact.parse(given().auth().oauth2(admin)
                .get("/api/federated/federations/" + federationId + "/model").asByteArray()).parameters().length;
        Site married = sites.get("married");
        Site single = sites.get("single");

        // A second, validly signed update from a site that already sent its update for this round.
        UpdateSubmission again = UpdateSubmission.sign(federationId, ROUNDS, married.clientId(), SITE_ROWS,
                new double[dimension], married.key());
        given().auth().oauth2(siteToken(married)).contentType(ContentType.JSON).body(json(again))
                .post("/api/federated/rounds/" + roundId + "/updates").then().statusCode(409)
                .contentType("application/problem+json").body("reason", equalTo("DUPLICATE"));
        // One site's token with an update signed by another site's key.
        UpdateSubmission forged = UpdateSubmission.sign(federationId, ROUNDS, single.clientId(), SITE_ROWS,
                new double[dimension], married.key());
        given().auth().oauth2(siteToken(single)).contentType(ContentType.JSON).body(json(forged))
                .post("/api/federated/rounds/" + roundId + "/updates").then().statusCode(403)
                .contentType("application/problem+json").body("reason", equalTo("BAD_SIGNATURE"));

        given().auth().oauth2(admin).get("/api/federated/rounds/" + roundId + "/refusals").then().statusCode(200)
                .body("findAll { it.reason == 'DUPLICATE' && it.claimedClient == '" + married.clientId() + "' }",
                        hasSize(1))
                .body("findAll { it.reason == 'BAD_SIGNATURE' && it.claimedClient == '" + single.clientId() + "' }",
                        hasSize(1));
        given().auth().oauth2(admin).get("/api/federated/rounds/" + roundId + "/status").then().statusCode(200)
                .body("refused", equalTo(2), "submissions", equalTo(3), "status", equalTo("COMPLETED"));
        // The refusals changed nothing: the final model is the one the sites were told about.
        given().auth().oauth2(admin).get("/api/federated/federations/" + federationId).then()
                .body("finalModelSha256", equalTo(finalSha256));
        // The audit is for admins and auditors, not for the sites.
        given().auth().oauth2(siteToken(married)).get("/api/federated/rounds/" + roundId + "/refusals").then()
                .statusCode(403);
    }

    private static String siteToken(Site s) {
        return given().contentType(ContentType.JSON).body(json(Map.of("apiKey", s.apiKey())))
                .post("/api/auth/token").then().statusCode(200).extract().path("accessToken");
    }

    private static List<Map<String, Object>> featureSchema() {
        List<Map<String, Object>> schema = new ArrayList<>();
        for (String name : FEATURES) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", name);
            double[] bounds = NUMERIC_BOUNDS.get(name);
            if (bounds != null) {
                f.put("kind", "numeric");
                f.put("lower", bounds[0]);
                f.put("upper", bounds[1]);
            } else {
                // Adult's public codebook, here read off the public file.
                int idx = header.indexOf(name);
                Set<String> categories = new TreeSet<>();
                for (String row : adultRows) {
                    String v = row.split(",", -1)[idx].strip();
                    if (!v.isEmpty()) {
                        categories.add(v);
                    }
                }
                f.put("kind", "categorical");
                f.put("categories", new ArrayList<>(categories));
            }
            schema.add(f);
        }
        return schema;
    }

    /** The site's rows: the first 300 of the training part (all but the last 6,000) with its relationships. */
    private static void writeSite(Set<String> relationships, Path csv) throws IOException {
        int idx = header.indexOf("relationship");
        List<String> lines = new ArrayList<>(List.of(String.join(",", header)));
        adultRows.subList(0, adultRows.size() - TEST_ROWS).stream()
                .filter(l -> relationships.contains(l.split(",", -1)[idx].strip())).limit(SITE_ROWS)
                .forEach(lines::add);
        assertEquals(SITE_ROWS + 1, lines.size());
        Files.write(csv, lines, StandardCharsets.UTF_8);
    }

    private static List<Map<String, String>> readRows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] names = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                row.put(names[i].strip(), v[i].strip());
            }
            rows.add(row);
        }
        return rows;
    }

    /** Accuracy at 0.5 and the exact ROC AUC (ties count half) of a model's probabilities. */
    private record Metrics(double accuracy, double auc) {

        static Metrics of(Predictor predictor, List<Map<String, String>> rows) {
            int n = rows.size();
            double[] p = new double[n];
            boolean[] positive = new boolean[n];
            int correct = 0;
            int positives = 0;
            for (int i = 0; i < n; i++) {
                p[i] = predictor.probability(rows.get(i));
                positive[i] = "large".equals(rows.get(i).get("income"));
                positives += positive[i] ? 1 : 0;
                correct += (p[i] >= 0.5) == positive[i] ? 1 : 0;
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
            double rankSum = 0; // of the positives, with average ranks for ties
            for (int i = 0; i < n; ) {
                int j = i;
                while (j + 1 < n && p[order[j + 1]] == p[order[i]]) {
                    j++;
                }
                double rank = (i + j) / 2.0 + 1;
                for (int k = i; k <= j; k++) {
                    if (positive[order[k]]) {
                        rankSum += rank;
                    }
                }
                i = j + 1;
            }
            long negatives = n - positives;
            double auc = (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
            return new Metrics((double) correct / n, auc);
        }
    }

    private static ModelArtifact withParameters(ModelArtifact a, double[] parameters) {
        return new ModelArtifact(a.format(), a.modelType(), a.hiddenUnits(), parameters, a.features(), a.target(),
                a.positiveClass(), a.datasetSha256(), a.privacy(), a.randomness());
    }

    private static double[] plus(double[] a, double[] b) {
        double[] out = a.clone();
        for (int k = 0; k < out.length; k++) {
            out[k] += b[k];
        }
        return out;
    }

    private static String outputs() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String name : SITES.keySet()) {
            Path out = work.resolve(name + ".out");
            sb.append("==== custos fl join (").append(name).append(")\n")
                    .append(Files.exists(out) ? Files.readString(out) : "(no output)").append('\n');
        }
        return sb.toString();
    }

    /** Waits for a downstream service; on timeout the failure carries the suite's logs, which say why. */
    private static void awaitOrExplain(Duration atMost, String what, Executable assertion) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(500)).untilAsserted(assertion::execute);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + " (federation " + federationId + "): "
                    + e.getMessage() + "\n" + suite.logs(), e);
        }
    }
}
