package io.custos.federated.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custos.federated.protocol.UpdateSubmission;
import io.custos.ml.accountant.RdpAccountant;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a site must remember across restarts of {@code custos fl join}, kept in one small JSON file
 * ({@value #FORMAT}): the federation and client it belongs to, the rounds answered, the signed
 * submissions not yet confirmed by the server (resent as they are, never retrained), which rounds
 * the server accepted, and the local privacy account (delta, composed RDP curve at
 * {@link RdpAccountant#DEFAULT_ORDERS}, rounds charged), so the reported local epsilon covers every
 * round the site's data was used in.
 *
 * <p>{@link #save()} writes atomically (a temporary file moved over the old one) and leaves the file
 * readable by its owner only. A state without a file ({@link #inMemory}) saves nothing.
 */
public final class ParticipantState {

    /** The format marker; a file with another one is refused. */
    public static final String FORMAT = "custos-fl-site-state/v1";

    private static final ObjectMapper WRITER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final String federationId;
    private final boolean loaded;
    private String clientId;
    private final Set<String> answered = new LinkedHashSet<>();
    private final Set<String> accepted = new LinkedHashSet<>();
    private final Map<String, UpdateSubmission> unconfirmed = new LinkedHashMap<>();
    private LocalPrivacyAccount account;

    private ParticipantState(Path file, String federationId, boolean loaded) {
        this.file = file;
        this.federationId = Objects.requireNonNull(federationId);
        this.loaded = loaded;
    }

    /** A state that lives in this process only. */
    public static ParticipantState inMemory(String federationId) {
        return new ParticipantState(null, federationId, false);
    }

    /**
     * The state in {@code file}, or a new state to be written there when there is no such file yet.
     *
     * @param localDelta the delta this run reports local epsilon at; a stored account must have it
     * @throws ParticipantStateException if the file cannot be read, is not a {@value #FORMAT} file,
     *                                   belongs to another federation, or accounts at another delta
     */
    public static ParticipantState open(Path file, String federationId, double localDelta) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            return new ParticipantState(file, federationId, false);
        }
        if (!Files.isRegularFile(file)) {
            throw new ParticipantStateException("site state " + file + " is not a regular file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new ParticipantState(file, federationId, false);
        } catch (AccessDeniedException e) {
            throw new ParticipantStateException("site state " + file + " is not readable", e);
        } catch (IOException e) {
            throw new ParticipantStateException("site state " + file + " cannot be read: " + e.getMessage(), e);
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw invalid(file, "not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw invalid(file, "not JSON (" + e.getMessage() + ")");
        }
        if (json == null || !json.isObject()) {
            throw invalid(file, "not a JSON object");
        }
        String format = Json.text(json, "format");
        if (!FORMAT.equals(format)) {
            throw invalid(file, format == null ? "it has no 'format'" : "unknown format '" + format + "'");
        }
        String fileFederation = Json.text(json, "federationId");
        if (!federationId.equals(fileFederation)) {
            throw new ParticipantStateException("site state " + file + " belongs to federation " + fileFederation
                    + ", not to " + federationId + "; use another state file for this federation");
        }
        ParticipantState state = new ParticipantState(file, federationId, true);
        state.clientId = Json.text(json, "clientId");
        if (state.clientId == null || state.clientId.isBlank()) {
            throw invalid(file, "it has no 'clientId'");
        }
        state.answered.addAll(strings(file, json, "answeredRounds"));
        state.accepted.addAll(strings(file, json, "acceptedRounds"));
        if (!state.answered.containsAll(state.accepted)) {
            throw invalid(file, "a round in 'acceptedRounds' is not in 'answeredRounds'");
        }
        JsonNode pending = json.get("unconfirmedSubmissions");
        if (pending != null && !pending.isNull()) {
            if (!pending.isObject()) {
                throw invalid(file, "'unconfirmedSubmissions' is not an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = pending.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                UpdateSubmission s;
                try {
                    s = Json.MAPPER.treeToValue(e.getValue(), UpdateSubmission.class);
                } catch (JsonProcessingException | IllegalArgumentException ex) {
                    throw invalid(file, "the submission for round " + e.getKey() + " cannot be read: "
                            + ex.getMessage());
                }
                if (!state.answered.contains(e.getKey()) || s == null || !federationId.equals(s.federationId())
                        || !state.clientId.equals(s.clientId()) || s.signature() == null || s.update() == null
                        || s.nonce() == null) {
                    throw invalid(file, "the submission for round " + e.getKey()
                            + " is not a signed update of this federation and client for an answered round");
                }
                state.unconfirmed.put(e.getKey(), s);
            }
        }
        JsonNode privacy = json.get("localPrivacy");
        if (privacy != null && !privacy.isNull()) {
            state.account = account(file, privacy, localDelta);
        }
        return state;
    }

    private static LocalPrivacyAccount account(Path file, JsonNode privacy, double localDelta) {
        if (!privacy.isObject() || !privacy.path("delta").isNumber() || !privacy.path("rounds").canConvertToInt()
                || !privacy.path("rounds").isIntegralNumber()) {
            throw invalid(file, "'localPrivacy' needs a numeric 'delta' and an integer 'rounds'");
        }
        double delta = privacy.get("delta").asDouble();
        double[] orders = numbers(file, privacy.get("orders"), "localPrivacy.orders");
        double[] rdp = numbers(file, privacy.get("rdp"), "localPrivacy.rdp");
        if (!Arrays.equals(orders, RdpAccountant.DEFAULT_ORDERS)) {
            throw invalid(file, "its RDP curve is at other orders than this version's");
        }
        if (Double.compare(delta, localDelta) != 0) {
            throw new ParticipantStateException("site state " + file + " reports local epsilon at delta " + delta
                    + ", not at the requested " + localDelta + "; run with that delta (or another state file)");
        }
        try {
            return LocalPrivacyAccount.restore(delta, rdp, privacy.get("rounds").asInt());
        } catch (IllegalArgumentException e) {
            throw invalid(file, "its local privacy account is invalid: " + e.getMessage());
        }
    }

    private static double[] numbers(Path file, JsonNode array, String field) {
        if (array == null || !array.isArray()) {
            throw invalid(file, "'" + field + "' is not an array of numbers");
        }
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            if (!array.get(i).isNumber()) {
                throw invalid(file, "'" + field + "' holds something other than a number: " + array.get(i));
            }
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static Set<String> strings(Path file, JsonNode json, String field) {
        JsonNode array = json.get(field);
        Set<String> out = new LinkedHashSet<>();
        if (array == null || array.isNull()) {
            return out;
        }
        if (!array.isArray()) {
            throw invalid(file, "'" + field + "' is not an array of round ids");
        }
        for (JsonNode v : array) {
            if (!v.isTextual() || v.asText().isBlank()) {
                throw invalid(file, "'" + field + "' holds something other than a round id: " + v);
            }
            out.add(v.asText());
        }
        return out;
    }

    private static ParticipantStateException invalid(Path file, String why) {
        return new ParticipantStateException("site state " + file + " is not a valid " + FORMAT + " file: " + why);
    }

    /** Where the state is kept, or null in memory. */
    public Path file() {
        return file;
    }

    /** True when this state was read from an existing file (a restart). */
    public boolean loaded() {
        return loaded;
    }

    public String federationId() {
        return federationId;
    }

    /** The client this site is, or null before it first learned it. */
    public String clientId() {
        return clientId;
    }

    /** Rounds answered: trained (and sent or sending), or seen not to sample this site. */
    public Set<String> answeredRounds() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(answered));
    }

    /** Rounds whose update the server accepted. */
    public Set<String> acceptedRounds() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(accepted));
    }

    /** The signed submission for the round, when it was made but its arrival not yet confirmed. */
    public Optional<UpdateSubmission> unconfirmed(String roundId) {
        return Optional.ofNullable(unconfirmed.get(roundId));
    }

    /** The local privacy account kept in the state, or null when no round was charged under local DP. */
    public LocalPrivacyAccount account() {
        return account;
    }

    // --- changes, by the participant --------------------------------------------------------------

    /**
     * Binds the state to the client the server says this site is.
     *
     * @throws ParticipantStateException if the state is another client's
     */
    void bindClient(String id) {
        if (clientId == null) {
            clientId = id;
        } else if (!clientId.equals(id)) {
            throw new ParticipantStateException("site state " + file + " belongs to client " + clientId
                    + ", but the server says this API key is client " + id + "; use another state file");
        }
    }

    boolean answered(String roundId) {
        return answered.contains(roundId);
    }

    /** Marks the round answered; false if it already was. */
    boolean answer(String roundId) {
        return answered.add(roundId);
    }

    void account(LocalPrivacyAccount a) {
        account = a;
    }

    void awaitConfirmation(String roundId, UpdateSubmission submission) {
        unconfirmed.put(roundId, submission);
    }

    /** The round's submission is settled: accepted or not, it is not to be sent again. */
    void settle(String roundId, boolean wasAccepted) {
        unconfirmed.remove(roundId);
        if (wasAccepted) {
            accepted.add(roundId);
        }
    }

    /** Forgets unconfirmed submissions of rounds other than {@code roundId}; true if any was forgotten. */
    boolean forgetUnconfirmedExcept(String roundId) {
        return unconfirmed.keySet().removeIf(id -> !id.equals(roundId));
    }

    // --- persistence ------------------------------------------------------------------------------

    /** The JSON written by {@link #save()}. */
    byte[] toJson() {
        ObjectNode json = WRITER.createObjectNode();
        json.put("format", FORMAT);
        json.put("federationId", federationId);
        json.put("clientId", clientId);
        ArrayNode a = json.putArray("answeredRounds");
        answered.forEach(a::add);
        ArrayNode c = json.putArray("acceptedRounds");
        accepted.forEach(c::add);
        ObjectNode pending = json.putObject("unconfirmedSubmissions");
        unconfirmed.forEach((round, s) -> pending.set(round, WRITER.valueToTree(s)));
        if (account == null) {
            json.putNull("localPrivacy");
        } else {
            ObjectNode p = json.putObject("localPrivacy");
            p.put("delta", account.delta());
            p.put("rounds", account.rounds());
            ArrayNode orders = p.putArray("orders");
            Arrays.stream(RdpAccountant.DEFAULT_ORDERS).forEach(orders::add);
            ArrayNode rdp = p.putArray("rdp");
            Arrays.stream(account.rdp()).forEach(rdp::add);
        }
        try {
            return WRITER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the site state", e);
        }
    }

    /**
     * Writes the state to its file (nothing in memory): a temporary file in the same directory,
     * created rw------- and synced, then moved atomically over the old state.
     *
     * @throws ParticipantStateException if it cannot be written
     */
    public void save() {
        if (file == null) {
            return;
        }
        byte[] bytes = toJson();
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path tmp = null;
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            tmp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp", attrs);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (posix) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new ParticipantStateException("site state " + file + " cannot be written: " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the move took it, or there is nothing more to do
                }
            }
        }
    }
}
