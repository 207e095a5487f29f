package io.custos.federated.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custos.crypto.Ed25519PrivateKey;
import io.custos.federated.protocol.UpdateSubmission;
import io.custos.ml.accountant.RdpAccountant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParticipantStateTest {

    static final String FED = "fed-1";

    @TempDir
    Path tmp;

    private final Ed25519PrivateKey key = Ed25519PrivateKey.generate();

    /** A state as a site leaves it after answering r-1 (accepted) and r-2 (sent, not confirmed). */
    private ParticipantState written(Path file) {
        ParticipantState s = ParticipantState.open(file, FED, 1e-5);
        assertFalse(s.loaded(), "no file yet");
        s.bindClient("c-1");
        LocalPrivacyAccount account = new LocalPrivacyAccount(1e-5);
        account.charge(0.08, 1.5, 13);
        account.charge(0.08, 1.5, 13);
        s.account(account);
        s.answer("r-1");
        s.settle("r-1", true);
        s.answer("r-2");
        s.awaitConfirmation("r-2", submission(FED, "c-1"));
        s.save();
        return s;
    }

    private UpdateSubmission submission(String federation, String client) {
        return UpdateSubmission.sign(federation, 2, client, 200, new double[] {0.25, -1.5, 3e-7}, key);
    }

    @Test
    void roundTripsEverythingARestartNeeds() throws Exception {
        Path file = tmp.resolve("nested/dir/fed-1.json");
        ParticipantState before = written(file);

        ParticipantState after = ParticipantState.open(file, FED, 1e-5);
        assertTrue(after.loaded());
        assertEquals(file, after.file());
        assertEquals("c-1", after.clientId());
        assertEquals(List.of("r-1", "r-2"), List.copyOf(after.answeredRounds()));
        assertEquals(Set.of("r-1"), after.acceptedRounds());
        UpdateSubmission sent = before.unconfirmed("r-2").orElseThrow();
        UpdateSubmission stored = after.unconfirmed("r-2").orElseThrow();
        assertEquals(sent, stored, "the same nonce, update and signature");
        assertEquals(new String(Json.MAPPER.writeValueAsBytes(sent)), new String(Json.MAPPER.writeValueAsBytes(stored)),
                "the bytes resent are the bytes first sent");
        assertTrue(after.unconfirmed("r-1").isEmpty());
        assertEquals(before.account().epsilon().epsilon(), after.account().epsilon().epsilon(), 0.0);
        assertEquals(2, after.account().rounds());
        assertEquals(1e-5, after.account().delta());

        JsonNode json = Json.MAPPER.readTree(file.toFile());
        assertEquals(ParticipantState.FORMAT, json.get("format").asText());
        assertEquals(RdpAccountant.DEFAULT_ORDERS.length, json.at("/localPrivacy/rdp").size());

        after.settle("r-2", true);
        after.save();
        assertTrue(ParticipantState.open(file, FED, 1e-5).unconfirmed("r-2").isEmpty(), "confirmed is forgotten");
        assertFalse(Files.list(file.getParent()).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")),
                "no temporary file is left");
    }

    @Test
    void theFileIsTheOwnersOnly() throws Exception {
        Path file = tmp.resolve("fl/fed-1.json");
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        written(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ParticipantState again = ParticipantState.open(file, FED, 1e-5);
        again.save();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "every save leaves it rw-------");
    }

    @Test
    void aStateWithoutLocalDpHasNoAccount() {
        Path file = tmp.resolve("plain.json");
        ParticipantState s = ParticipantState.open(file, FED, 1e-5);
        s.bindClient("c-1");
        s.answer("r-1");
        s.save();
        ParticipantState back = ParticipantState.open(file, FED, 0.01); // no account, so no delta to disagree with
        assertNull(back.account());
        assertEquals(Set.of("r-1"), back.answeredRounds());
    }

    @Test
    void anotherFederationIsRefusedNamingTheFile() throws Exception {
        Path file = tmp.resolve("state.json");
        written(file);
        byte[] before = Files.readAllBytes(file);
        ParticipantStateException e = assertThrows(ParticipantStateException.class,
                () -> ParticipantState.open(file, "fed-2", 1e-5));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("fed-1")
                && e.getMessage().contains("fed-2"), e.getMessage());
        assertEquals(new String(before), new String(Files.readAllBytes(file)), "left as it was");
    }

    @Test
    void anotherClientIsRefusedNamingTheFile() {
        Path file = tmp.resolve("state.json");
        written(file);
        ParticipantState s = ParticipantState.open(file, FED, 1e-5);
        s.bindClient("c-1"); // the same client: fine
        ParticipantStateException e = assertThrows(ParticipantStateException.class, () -> s.bindClient("c-9"));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("c-1")
                && e.getMessage().contains("c-9"), e.getMessage());
    }

    @Test
    void anotherDeltaIsRefusedNamingTheFile() {
        Path file = tmp.resolve("state.json");
        written(file);
        ParticipantStateException e = assertThrows(ParticipantStateException.class,
                () -> ParticipantState.open(file, FED, 1e-6));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("1.0E-5")
                && e.getMessage().contains("1.0E-6"), e.getMessage());
    }

    @Test
    void whatIsNotAStateFileIsRefusedNamingTheFile() throws Exception {
        Path file = tmp.resolve("state.json");
        written(file);
        ObjectNode good = (ObjectNode) Json.MAPPER.readTree(file.toFile());

        List<String> bad = List.of(
                "not json at all",
                "[1, 2]",
                good.deepCopy().put("format", "custos-fl-site-state/v2").toString(),
                good.deepCopy().without("format").toString(),
                good.deepCopy().without("clientId").toString(),
                good.deepCopy().put("answeredRounds", "r-1").toString(),
                withAt(good, "/localPrivacy", "rdp", Json.MAPPER.createArrayNode().add(1.0)),
                withAt(good, "/localPrivacy", "orders", Json.MAPPER.createArrayNode().add(2.0)),
                withAt(good, "/localPrivacy", "rounds", Json.MAPPER.getNodeFactory().textNode("two")),
                withAt(good, "/unconfirmedSubmissions", "r-9",
                        Json.MAPPER.valueToTree(submission(FED, "c-1"))), // a round never answered
                withAt(good, "/unconfirmedSubmissions", "r-2",
                        Json.MAPPER.valueToTree(submission(FED, "c-2")))); // another client's update
        for (String text : bad) {
            Files.writeString(file, text);
            ParticipantStateException e = assertThrows(ParticipantStateException.class,
                    () -> ParticipantState.open(file, FED, 1e-5), text);
            assertTrue(e.getMessage().contains("site state " + file), e.getMessage());
        }
        ParticipantStateException unknown = assertThrows(ParticipantStateException.class, () -> {
            Files.writeString(file, good.deepCopy().put("format", "custos-fl-site-state/v2").toString());
            ParticipantState.open(file, FED, 1e-5);
        });
        assertTrue(unknown.getMessage().contains("unknown format 'custos-fl-site-state/v2'"), unknown.getMessage());

        ParticipantStateException dir = assertThrows(ParticipantStateException.class,
                () -> ParticipantState.open(tmp, FED, 1e-5));
        assertTrue(dir.getMessage().contains(tmp.toString()), dir.getMessage());
    }

    private static String withAt(ObjectNode json, String pointer, String field, JsonNode value) {
        ObjectNode copy = json.deepCopy();
        ((ObjectNode) copy.at(pointer)).set(field, value);
        return copy.toString();
    }
}
