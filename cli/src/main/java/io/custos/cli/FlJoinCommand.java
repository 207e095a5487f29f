package io.custos.cli;

import io.custos.crypto.Ed25519PrivateKey;
import io.custos.federated.client.FederatedClient;
import io.custos.federated.client.FederationException;
import io.custos.federated.client.FederationParticipant;
import io.custos.federated.client.LocalTrainingOptions;
import io.custos.federated.client.ParticipantStateException;
import io.custos.federated.client.RetryPolicy;
import io.custos.ml.artifact.InvalidArtifactException;
import io.custos.ml.data.DataException;
import io.custos.ml.data.Table;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A site taking part in a federation until it completes; the protocol is in libs/federated. */
@Command(name = "join", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Take part in a federation from this site until it completes.",
            "Each round open to this site: download the global model (checked against its SHA-256), train it on",
            "the local CSV with the federation's local epochs, learning rate and batch size (DP-SGD, the code of",
            "central training), sign the change of the parameters with the site's Ed25519 key and submit it.",
            "No row of the CSV leaves the site. The CSV needs a header row with the federation's feature and",
            "target columns (any order, extra columns ignored).",
            "",
            "With --local-noise-multiplier and --local-clip each local run is example-level DP-SGD and the",
            "site's local epsilon over all its rounds is printed (at --local-delta).",
            "",
            "The site's state (rounds answered, local privacy account, a signed update not yet confirmed) is",
            "kept in --state, by default $CUSTOS_HOME/fl/<federation>-<key id>.json (CUSTOS_HOME defaults to ~/.custos),",
            "so a restarted join goes on where it stopped: it does not train a round it answered again, resends",
            "an unconfirmed update as it was signed, and keeps counting the local epsilon.",
            "",
            "The API key (created by an admin, bound to this site's client) comes from --api-key or the",
            "environment variable CUSTOS_API_KEY. Requests are retried with exponential backoff on connection",
            "errors and 5xx; an update refused as late or not sampled is skipped.",
            "",
            "Example:",
            "  custos fl keygen --out client.key     # once; the admin registers client.pub",
            "  CUSTOS_API_KEY=... custos fl join --server https://custos.example.org \\",
            "      --key client.key --data ward-7.csv --federation 4b6f1c2e-...",
            "",
            "Exit 0 when the federation completes, 1 when it fails or the server refuses this site,",
            "2 on bad usage or an unusable --state file."})
class FlJoinCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    FlCommand parent;

    @Option(names = "--server", required = true, paramLabel = "URL",
            description = "Gateway base URL, e.g. https://custos.example.org")
    String server;

    @Option(names = "--api-key", paramLabel = "K",
            description = "The site's API key (default: $CUSTOS_API_KEY, which keeps it out of the process list).")
    String apiKey;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "The site's Ed25519 private key (PEM), as 'custos fl keygen' writes it.")
    Path keyFile;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "The site's data: CSV with a header.")
    Path data;

    @Option(names = "--federation", required = true, paramLabel = "ID", description = "The federation's id.")
    String federationId;

    @Option(names = "--local-noise-multiplier", paramLabel = "Z",
            description = "Local DP: Gaussian noise multiplier of each local DP-SGD step (with --local-clip).")
    Double localNoise;

    @Option(names = "--local-clip", paramLabel = "C",
            description = "Local DP: per-example gradient clipping norm (with --local-noise-multiplier).")
    Double localClip;

    @Option(names = "--local-delta", paramLabel = "D", defaultValue = "1e-5",
            description = "Delta of the reported local epsilon (default ${DEFAULT-VALUE}); keep it below 1/rows.")
    double localDelta;

    @Option(names = "--state", paramLabel = "FILE",
            description = "The site's state across restarts (default: $CUSTOS_HOME/fl/<federation>-<key id>.json).")
    Path stateFile;

    @Option(names = "--poll-seconds", paramLabel = "S", defaultValue = "2",
            description = "Seconds between polls of the federation (default ${DEFAULT-VALUE}).")
    double pollSeconds;

    @Option(names = "--max-retries", paramLabel = "N", defaultValue = "5",
            description = "Retries of a request on connection errors and 5xx, with backoff (default ${DEFAULT-VALUE}).")
    int maxRetries;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Timeout of one request (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI base = serverUri();
        String key = apiKey != null ? apiKey : parent.cli.env("CUSTOS_API_KEY");
        if (key == null || key.isBlank()) {
            throw usage("no API key: pass --api-key or set CUSTOS_API_KEY");
        }
        if (federationId.isBlank()) {
            throw usage("--federation must not be blank");
        }
        LocalTrainingOptions.LocalDp localDp = localDp();
        if (!(pollSeconds > 0) || pollSeconds > 3600) {
            throw usage("--poll-seconds must be in (0, 3600], was " + pollSeconds);
        }
        if (maxRetries < 0 || maxRetries > 100) {
            throw usage("--max-retries must be in [0, 100], was " + maxRetries);
        }
        if (timeoutSeconds < 1) {
            throw usage("--timeout must be at least 1 second, was " + timeoutSeconds);
        }
        if (!(localDelta > 0 && localDelta < 1)) {
            throw usage("--local-delta must be in (0, 1), was " + localDelta);
        }
        Path keyPath = readableFile("--key", keyFile);
        Path dataPath = readableFile("--data", data);

        Ed25519PrivateKey signingKey;
        Table table;
        try {
            signingKey = Ed25519PrivateKey.fromPem(Files.readString(keyPath, StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: --key " + keyFile + " is not an Ed25519 private key PEM: " + e.getMessage());
            return CustosCli.FAILURE;
        }
        Path state = statePath(signingKey);
        try {
            table = Table.readCsv(dataPath);
        } catch (DataException e) {
            err.println("error: --data " + data + ": " + e.getMessage());
            return CustosCli.FAILURE;
        }
        if ("http".equals(base.getScheme()) && !LoginCommand.isLoopback(base.getHost())) {
            err.println("warning: " + base + " is plain http; the API key and the updates cross the network unencrypted");
        }

        FederatedClient client = new FederatedClient(base, key, Duration.ofSeconds(timeoutSeconds),
                RetryPolicy.defaults(maxRetries));
        FlProgressPrinter printer = new FlProgressPrinter(out, err);
        FederationParticipant participant = new FederationParticipant(client, new FederationParticipant.Settings(
                federationId, Duration.ofMillis(Math.round(pollSeconds * 1000)), localDp, localDelta, state),
                signingKey, table, printer);
        try {
            return printer.finished(participant.run());
        } catch (ParticipantStateException e) {
            err.println("error: " + e.getMessage());
            return CustosCli.USAGE;
        } catch (FederationException | DataException | InvalidArtifactException e) {
            err.println("error: " + e.getMessage());
            return CustosCli.FAILURE;
        }
    }

    private URI serverUri() {
        URI base;
        try {
            base = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
        } catch (IllegalArgumentException e) {
            throw usage("--server " + server + " is not a URL: " + e.getMessage());
        }
        if ((!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) || base.getHost() == null) {
            throw usage("--server must be an http:// or https:// URL with a host, e.g. https://custos.example.org");
        }
        return base;
    }

    /**
     * --state, or $CUSTOS_HOME/fl/&lt;federation&gt;-&lt;key id&gt;.json: one file per federation and site key, so
     * several sites run from one account never share a state. The file itself is read when the run starts.
     */
    private Path statePath(Ed25519PrivateKey signingKey) {
        if (stateFile != null) {
            if (Files.isDirectory(stateFile)) {
                throw usage("--state: " + stateFile + " is a directory");
            }
            return stateFile;
        }
        if (!federationId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw usage("--federation " + federationId + " does not make a file name; pass --state FILE");
        }
        String keyId = signingKey.publicKey().keyId();
        return parent.cli.home().resolve("fl").resolve(federationId + "-" + keyId.substring(keyId.indexOf(':') + 1)
                + ".json");
    }

    private LocalTrainingOptions.LocalDp localDp() {
        if ((localNoise == null) != (localClip == null)) {
            throw usage("local DP needs both --local-noise-multiplier and --local-clip");
        }
        if (localNoise == null) {
            return null;
        }
        try {
            return new LocalTrainingOptions.LocalDp(localClip, localNoise);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Path readableFile(String option, Path file) {
        if (!Files.exists(file)) {
            throw usage(option + ": no such file " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw usage(option + ": " + file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw usage(option + ": " + file + " is not readable");
        }
        return file;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
