package io.custos.cli;

import io.custos.crypto.JwtKeyFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Creates the gateway and internal signing keys and the JWKS every service trusts. Existing
 * keys are never overwritten without {@code --force}: replacing them invalidates every token.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create the JWT signing keys of an installation.",
            "Writes to DIR:",
            "  gateway-private.pem  signs user and machine access tokens (kid gateway-1)",
            "  internal-private.pem signs service-to-service tokens (kid internal-1)",
            "  jwks.json            both public keys; every service verifies against it",
            "Private keys are written with permissions rw-------. Existing keys are kept unless --force."})
class KeysInitCommand implements Callable<Integer> {

    static final String GATEWAY_KID = "gateway-1";
    static final String INTERNAL_KID = "internal-1";
    static final List<String> FILES = List.of(JwtKeyFiles.GATEWAY_PRIVATE, JwtKeyFiles.INTERNAL_PRIVATE, JwtKeyFiles.JWKS);

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory for the key files.")
    Path dir;

    @Option(names = "--force", description = "Replace existing keys (every issued token becomes invalid).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            err.println("error: " + dir + " exists and is not a directory");
            return CustosCli.FAILURE;
        }
        List<String> present = FILES.stream().filter(f -> Files.exists(dir.resolve(f))).toList();
        if (!force && present.size() == FILES.size()) {
            out.println("keys already present in " + dir + " (" + String.join(", ", FILES)
                    + "); kept them (use --force to replace)");
            return CustosCli.OK;
        }
        if (!force && !present.isEmpty()) {
            List<String> missing = FILES.stream().filter(f -> !present.contains(f)).toList();
            err.println("error: " + dir + " has " + String.join(", ", present) + " but not " + String.join(", ", missing)
                    + "; refusing to overwrite existing keys. Restore the missing files, or run with --force to "
                    + "replace all three (every issued token becomes invalid).");
            return CustosCli.FAILURE;
        }
        boolean created = !Files.exists(dir);
        Files.createDirectories(dir);
        if (created) {
            restrict(dir, "rwx------");
        }
        if (force) {
            for (String f : FILES) {
                Files.deleteIfExists(dir.resolve(f));
            }
        }
        JwtKeyFiles.ensure(dir, GATEWAY_KID, INTERNAL_KID);
        // ensure() restricts the private keys already; make sure even if the file system lagged.
        restrict(dir.resolve(JwtKeyFiles.GATEWAY_PRIVATE), "rw-------");
        restrict(dir.resolve(JwtKeyFiles.INTERNAL_PRIVATE), "rw-------");
        out.println((force && !present.isEmpty() ? "replaced" : "created") + " JWT keys in " + dir + ":");
        out.println("  " + JwtKeyFiles.GATEWAY_PRIVATE + "  (kid " + GATEWAY_KID + ", rw-------)");
        out.println("  " + JwtKeyFiles.INTERNAL_PRIVATE + " (kid " + INTERNAL_KID + ", rw-------)");
        out.println("  " + JwtKeyFiles.JWKS + "            (public keys " + GATEWAY_KID + ", " + INTERNAL_KID + ")");
        return CustosCli.OK;
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
