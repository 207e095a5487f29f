package io.custos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custos.events.CloudEventCodec;
import io.custos.events.EventEnvelope;
import io.custos.events.EventTypes;
import io.custos.events.RoundReady;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsValidateCommandTest {

    @TempDir
    Path tmp;

    private final CloudEventCodec codec = new CloudEventCodec();

    private EventEnvelope event() {
        return CloudEventCodec.newEvent("/custos/federation-service", "io.custos.test.fixture.v1", "fed-1", "acme",
                null, Map.of("federationId", "fed-1", "round", 3));
    }

    @Test
    void aValidEventIsOk() throws Exception {
        EventEnvelope e = event();
        Path file = Files.write(tmp.resolve("ok.json"), codec.encode(e));
        Cli r = Cli.run("events", "validate", file.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals("OK io.custos.test.fixture.v1 " + e.id() + " tenant=acme", r.out().strip());
    }

    @Test
    void aFileMissingTheTenantExtensionIsInvalid() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(codec.encode(event()));
        json.remove("tenant");
        Path file = Files.write(tmp.resolve("no-tenant.json"), new ObjectMapper().writeValueAsBytes(json));
        Cli r = Cli.run("events", "validate", file.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.out().startsWith("INVALID "), r.out());
        assertTrue(r.out().contains("tenant"), r.out());
    }

    @Test
    void eachFileGetsAVerdictAndOneBadFileFailsTheRun() throws Exception {
        Path ok = Files.write(tmp.resolve("ok.json"), codec.encode(event()));
        EventEnvelope typed = CloudEventCodec.newEvent("/custos/federation-service", EventTypes.ROUND_READY_V1,
                "fed-1", "acme", null, Map.of("federationId", List.of("not", "a", "string")));
        Path badData = Files.write(tmp.resolve("bad-data.json"), codec.encode(typed));
        Path notJson = Files.writeString(tmp.resolve("not-json.json"), "{ this is not json");
        Path missing = tmp.resolve("missing.json");

        Cli r = Cli.run("events", "validate", ok.toString(), badData.toString(), notJson.toString(),
                missing.toString());
        assertEquals(1, r.exitCode());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith(ok + ": OK io.custos.test.fixture.v1 "), lines.get(0));
        assertTrue(lines.get(1).startsWith(badData + ": INVALID "), lines.get(1));
        assertTrue(lines.get(1).contains(RoundReady.class.getSimpleName()), lines.get(1));
        assertTrue(lines.get(2).startsWith(notJson + ": INVALID not a CloudEvents 1.0 JSON event"), lines.get(2));
        assertTrue(lines.get(3).startsWith(missing + ": INVALID cannot read"), lines.get(3));

        assertEquals(0, Cli.run("events", "validate", ok.toString(), ok.toString()).exitCode());
    }
}
