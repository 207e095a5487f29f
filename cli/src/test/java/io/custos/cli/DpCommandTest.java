package io.custos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** tensorflow/privacy compute_dp_sgd_privacy_test.py, Test0: 0.7242234026109595 at order 19. */
    @Test
    void epsilonFromDatasetSizeBatchAndEpochsMatchesTfPrivacy() throws Exception {
        Cli r = Cli.run("dp", "epsilon", "--dataset-size", "60000", "--batch-size", "150", "--epochs", "15",
                "--noise", "1.3", "--delta", "1e-5");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode out = JSON.readTree(r.out());
        assertEquals(0.7242234026109595, out.get("epsilon").asDouble(), 1e-6);
        assertEquals(6000, out.get("steps").asLong());
        assertEquals(0.0025, out.get("sampleRate").asDouble(), 1e-15);
        assertEquals("improved", out.get("conversion").asText());

        Cli classic = Cli.run("dp", "epsilon", "--sample-rate", "0.0025", "--steps", "6000", "--noise", "1.3",
                "--delta", "1e-5", "--conversion", "classic");
        assertTrue(JSON.readTree(classic.out()).get("epsilon").asDouble() > out.get("epsilon").asDouble());
    }

    @Test
    void noiseSearchMeetsItsTargetExactlyEnough() throws Exception {
        Cli r = Cli.run("dp", "noise", "--sample-rate", "0.04", "--steps", "2250", "--epsilon", "8", "--delta", "1e-5");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode out = JSON.readTree(r.out());
        double eps = out.get("epsilon").asDouble();
        assertTrue(eps <= 8 && eps > 7.99, "epsilon at the noise found: " + eps);
        assertEquals(1.42, out.get("noiseMultiplier").asDouble(), 0.01);
    }

    @Test
    void badParametersAreUsageErrorsNamingTheOption() {
        Cli zeroEps = Cli.run("dp", "noise", "--sample-rate", "0.04", "--steps", "10", "--epsilon", "0", "--delta", "1e-5");
        assertEquals(2, zeroEps.exitCode());
        assertTrue(zeroEps.err().contains("--epsilon must be > 0"), zeroEps.err());
        Cli badDelta = Cli.run("dp", "epsilon", "--sample-rate", "0.04", "--steps", "10", "--noise", "1", "--delta", "1");
        assertEquals(2, badDelta.exitCode());
        assertTrue(badDelta.err().contains("--delta must be in (0, 1)"), badDelta.err());
        Cli both = Cli.run("dp", "epsilon", "--noise", "1", "--delta", "1e-5");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("--sample-rate and --steps"), both.err());
        Cli rate = Cli.run("dp", "epsilon", "--sample-rate", "1.5", "--steps", "10", "--noise", "1", "--delta", "1e-5");
        assertEquals(2, rate.exitCode());
        assertTrue(rate.err().contains("(0, 1]"), rate.err());
    }

    @Test
    void trainPrintsMetricsAndTheFullAccount(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("data.csv");
        Files.write(csv, syntheticRows(3000));
        Path bounds = dir.resolve("public.json");
        Files.writeString(bounds, "{\"columns\":{\"x1\":{\"min\":-4,\"max\":4},\"color\":{\"categories\":[\"red\",\"blue\"]}}}");

        Cli r = Cli.run("dp", "train", "--data", csv.toString(), "--target", "label", "--model", "logistic",
                "--epsilon", "4", "--delta", "1e-5", "--public-bounds", bounds.toString(), "--epochs", "3",
                "--batch-size", "200");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode out = JSON.readTree(r.out());
        assertTrue(out.get("privateTraining").asBoolean());
        JsonNode privacy = out.get("privacy");
        assertTrue(privacy.get("epsilon").asDouble() <= 4.0 && privacy.get("epsilon").asDouble() > 3.9);
        assertEquals(1e-5, privacy.get("delta").asDouble(), 1e-15);
        assertTrue(privacy.get("noiseMultiplier").asDouble() > 0);
        List<String> purposes = new ArrayList<>();
        privacy.get("mechanisms").forEach(m -> purposes.add(m.get("purpose").asText()));
        assertTrue(purposes.contains("bounds of x2"), "x2 was not declared, so its bounds were paid for: " + purposes);
        assertFalse(purposes.contains("bounds of x1"), "x1 was declared public: " + purposes);
        assertEquals(3, out.get("curve").size());
        assertTrue(out.get("metrics").get("accuracy").asDouble() > 0.6, r.out());
        assertFalse(out.get("reproducible").asBoolean());

        Cli unknown = Cli.run("dp", "train", "--data", csv.toString(), "--target", "nope", "--model", "logistic",
                "--epsilon", "1", "--delta", "1e-5");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("'nope' does not exist"), unknown.err());
        Cli badModel = Cli.run("dp", "train", "--data", csv.toString(), "--target", "label", "--model", "tree",
                "--epsilon", "1", "--delta", "1e-5");
        assertEquals(2, badModel.exitCode());
        assertTrue(badModel.err().contains("logistic, svm, mlp"), badModel.err());
    }

    /** label = 1 when x1 + x2 + (color == red) > 0.5, with noise: learnable, not trivial. */
    private static List<String> syntheticRows(int n) {
        SplittableRandom r = new SplittableRandom(9);
        List<String> lines = new ArrayList<>();
        lines.add("x1,x2,color,label");
        for (int i = 0; i < n; i++) {
            double x1 = r.nextDouble(-3, 3);
            double x2 = r.nextDouble(-3, 3);
            boolean red = r.nextBoolean();
            int label = x1 + x2 + (red ? 1 : 0) + r.nextDouble(-0.5, 0.5) > 0.5 ? 1 : 0;
            lines.add(String.format("%.4f,%.4f,%s,%d", x1, x2, red ? "red" : "blue", label));
        }
        return lines;
    }
}
