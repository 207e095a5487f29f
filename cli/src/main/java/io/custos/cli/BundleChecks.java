package io.custos.cli;

import io.custos.bundle.sbom.OsvDatabase;
import io.custos.bundle.validate.BundleValidator;
import io.custos.bundle.validate.CheckResult;
import io.custos.bundle.validate.ValidationReport;
import io.custos.crypto.Ed25519PublicKey;
import io.custos.crypto.PublicKeySet;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What validate and verify share: the bundle, the trusted keys, the output and the exit code. */
class BundleChecks {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A bundle directory or zip.")
    Path bundle;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "Trusted signing keys: a PEM public key, or the JSON of GET /api/packaging/keys. Repeatable.")
    List<Path> publicKeys = List.of();

    @Option(names = "--json", description = "Print the report as JSON instead of one line per check.")
    boolean json;

    int run(CommandLine cmd, BundleValidator.Mode mode, OsvDatabase osv) throws Exception {
        PrintWriter err = cmd.getErr();
        if (!Files.exists(bundle)) {
            err.println("error: BUNDLE: " + bundle + " does not exist");
            return CustosCli.USAGE;
        }
        Map<String, Ed25519PublicKey> trusted = new LinkedHashMap<>();
        for (Path p : publicKeys) {
            try {
                trusted.putAll(PublicKeySet.read(p));
            } catch (RuntimeException e) {
                err.println("error: --public-key " + p + ": " + e.getMessage());
                return CustosCli.USAGE;
            }
        }
        ValidationReport report = BundleValidator.validate(bundle, new BundleValidator.Options(mode, trusted, osv, null));
        PrintWriter out = cmd.getOut();
        if (json) {
            out.println(DpEpsilonCommand.JSON.writeValueAsString(report));
        } else {
            for (CheckResult c : report.checks()) {
                out.printf("%-4s %-22s %s%n", c.status(), c.id(), c.message());
            }
            out.println(report.valid() ? "bundle " + (report.bundleId() == null ? "" : report.bundleId() + " ")
                    + "is valid" : "bundle is NOT valid: " + report.failures().size() + " check(s) failed");
        }
        return report.valid() ? CustosCli.OK : CustosCli.FAILURE;
    }
}
