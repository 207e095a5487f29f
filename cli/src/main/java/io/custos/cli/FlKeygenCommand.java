package io.custos.cli;

import io.custos.crypto.Ed25519PrivateKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A site's Ed25519 signing key: the private half stays at the site, the public half goes to the admin. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create a site's Ed25519 key pair for signing federated updates.",
            "Writes FILE (PKCS#8 PEM, rw-------) and the public key next to it (FILE with .pub instead of .key).",
            "Give the public key to the federation's admin, who registers it for this site's client;",
            "pass FILE to 'custos fl join --key'. An existing key is kept unless --force."})
class FlKeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Private key file, e.g. client.key.")
    Path out;

    @Option(names = "--force", description = "Replace an existing key (its public key must then be registered again).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path pub = publicKeyFile(out);
        if (!force && (Files.exists(out) || Files.exists(pub))) {
            err.println("error: " + (Files.exists(out) ? out : pub) + " exists; kept it (use --force to replace)");
            return CustosCli.FAILURE;
        }
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        writeAtomically(dir, out, key.toPem(), true);
        writeAtomically(dir, pub, key.publicKey().toPem(), false);
        stdout.println("wrote " + out + " (private, rw-------) and " + pub + " (public)");
        stdout.println("key id " + key.publicKey().keyId() + "; register this public key for the site's client:");
        stdout.print(key.publicKey().toPem());
        stdout.flush();
        return CustosCli.OK;
    }

    static Path publicKeyFile(Path privateKey) {
        String name = privateKey.getFileName().toString();
        String pubName = name.endsWith(".key") ? name.substring(0, name.length() - 4) + ".pub" : name + ".pub";
        return privateKey.resolveSibling(pubName);
    }

    /** The private key is created rw------- from the start, never briefly readable by others. */
    private static void writeAtomically(Path dir, Path file, String text, boolean secret) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix && secret
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, ".custos-key-", ".tmp", attrs);
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            if (posix && !secret) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
