package io.custos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data commands on files with known answers: classes on (age, sex) of sizes 3, 2 and 1, three
 * e-mail addresses, one Luhn-valid card number.
 */
class DataCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PEOPLE = """
            name,email,age,sex,card
            Ann Lee,ann@example.org,34,F,4111 1111 1111 1111
            Bea Ray,bea@example.org,34,F,none
            Cy Oak,cy@example.org,34,F,none
            Di Fox,none,45,M,none
            Ed Gil,none,45,M,none
            Flo Hu,none,61,F,none
            """;

    @TempDir
    Path tmp;

    @Test
    void riskPrintsTheReportWithKnownAnswers() throws Exception {
        Path file = Files.writeString(tmp.resolve("people.csv"), PEOPLE);
        Cli r = Cli.run("data", "risk", file.toString(), "--qi", "age,sex", "--k", "2");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = JSON.readTree(r.out());
        assertEquals(6, report.get("rows").asInt());
        assertEquals(1, report.at("/kAnonymity/k").asInt());
        assertEquals(3, report.at("/kAnonymity/classes").asInt());
        assertEquals(1, report.at("/kAnonymity/singletonRecords").asInt());
        assertEquals(0.5, report.at("/prosecutorRisk/average").asDouble(), 1e-12);
        JsonNode email = column(report, "email");
        assertEquals("EMAIL", email.at("/pii/0/type").asText());
        assertEquals(3, email.at("/pii/0/count").asInt());
        assertEquals("CREDIT_CARD", column(report, "card").at("/pii/0/type").asText());
        assertFalse(r.out().contains("ann@example.org"), "no values in the report");
        assertFalse(r.out().contains("4111"), "no values in the report");
    }

    @Test
    void transformWritesTheFileAndReportsRiskBeforeAndAfter() throws Exception {
        Path file = Files.writeString(tmp.resolve("people.csv"), PEOPLE);
        Path steps = Files.writeString(tmp.resolve("steps.json"), """
                [{"type":"drop_columns","columns":["name"]},
                 {"type":"redact_pii","columns":["email","card"],"mode":"mask"},
                 {"type":"suppress_small_classes","quasiIdentifiers":["age","sex"],"k":2,"mode":"drop"}]""");
        Path out = tmp.resolve("out.csv");
        Cli r = Cli.run("data", "transform", file.toString(), "--steps", steps.toString(), "--out", out.toString(),
                "--qi", "age,sex", "--k", "2");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = JSON.readTree(r.out());
        assertEquals(5, report.get("rows").asInt());
        assertEquals(1, report.at("/riskBefore/kAnonymity/k").asInt());
        assertEquals(2, report.at("/riskAfter/kAnonymity/k").asInt());
        String written = Files.readString(out);
        assertEquals("email,age,sex,card", written.lines().findFirst().orElseThrow());
        assertEquals(6, written.lines().count());
        assertFalse(written.contains("@example.org"), written);
        assertTrue(written.contains("*******************"), "the card number is masked to its length: " + written);
        assertEquals(io.custos.crypto.Sha256.hex(Files.readAllBytes(out)), report.get("sha256").asText());
    }

    @Test
    void aBadStepNamesItselfAndWritesNothing() throws Exception {
        Path file = Files.writeString(tmp.resolve("people.csv"), PEOPLE);
        Path steps = Files.writeString(tmp.resolve("steps.json"), """
                [{"type":"drop_columns","columns":["name"]},{"type":"generalise","column":"height","postcodeKeep":2}]""");
        Path out = tmp.resolve("out.csv");
        Cli r = Cli.run("data", "transform", file.toString(), "--steps", steps.toString(), "--out", out.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("error: steps[1]"), r.err());
        assertTrue(r.err().contains("height"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void malformedFilesAreRefusedWithTheirLine() throws Exception {
        Path ragged = Files.writeString(tmp.resolve("ragged.csv"), "a,b\n1,2\n3\n");
        Cli r = Cli.run("data", "risk", ragged.toString());
        assertEquals(1, r.exitCode());
        assertEquals("error: file: line 3 has 1 fields; the header has 2", r.err().strip());
        Cli missing = Cli.run("data", "risk", tmp.resolve("nope.csv").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void qualityAndDriftReportWithExitCodes() throws Exception {
        Path file = Files.writeString(tmp.resolve("people.csv"), PEOPLE);
        Path rules = Files.writeString(tmp.resolve("rules.json"), "{\"columns\":{\"age\":{\"max\":50}}}");
        Cli q = Cli.run("data", "quality", file.toString(), "--rules", rules.toString());
        assertEquals(0, q.exitCode(), q.err());
        JsonNode quality = JSON.readTree(q.out());
        JsonNode age = null;
        for (JsonNode c : quality.get("byColumn")) {
            if (c.get("column").asText().equals("age")) {
                age = c;
            }
        }
        JsonNode max = null;
        for (JsonNode v : age.get("violations")) {
            if (v.get("rule").asText().equals("max")) {
                max = v;
            }
        }
        assertEquals(1, max.get("count").asInt(), quality.toPrettyString());
        assertEquals(6, max.at("/sampleRows/0").asInt());
        Path typo = Files.writeString(tmp.resolve("typo.json"), "{\"columns\":{\"age\":{\"maximum\":50}}}");
        assertEquals(2, Cli.run("data", "quality", file.toString(), "--rules", typo.toString()).exitCode());

        StringBuilder a = new StringBuilder("x\n");
        StringBuilder b = new StringBuilder("x\n");
        Random rnd = new Random(11);
        for (int i = 0; i < 1000; i++) {
            a.append(rnd.nextGaussian()).append('\n');
            b.append(2 + rnd.nextGaussian()).append('\n');
        }
        Path base = Files.writeString(tmp.resolve("a.csv"), a);
        Path moved = Files.writeString(tmp.resolve("b.csv"), b);
        Cli same = Cli.run("data", "drift", base.toString(), base.toString());
        assertEquals(0, same.exitCode(), same.err());
        assertEquals("STABLE", JSON.readTree(same.out()).get("verdict").asText());
        Cli drift = Cli.run("data", "drift", base.toString(), moved.toString());
        assertEquals(1, drift.exitCode());
        assertEquals("DRIFT", JSON.readTree(drift.out()).get("verdict").asText());
    }

    private static JsonNode column(JsonNode report, String name) {
        for (JsonNode c : report.get("columns")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no column " + name);
    }
}
