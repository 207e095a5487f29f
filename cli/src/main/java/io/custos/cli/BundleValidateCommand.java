package io.custos.cli;

import io.custos.bundle.sbom.OsvDatabase;
import io.custos.bundle.validate.BundleValidator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Every check of a bundle: archive safety, layout, manifest, signed in-toto/SLSA attestation,"
                + " signature (when --public-key is given), MLmodel, environment, ONNX Runtime predictions and parity,"
                + " PROV-JSON, CycloneDX ML-BOM, and known vulnerabilities (with --osv). Exit code 0 when valid, 1 when"
                + " not.")
class BundleValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BundleChecks checks;

    @Option(names = "--osv", paramLabel = "FILE",
            description = "An OSV database (JSON file or directory of OSV records) to check the runtime libraries against.")
    Path osv;

    @Override
    public Integer call() throws Exception {
        OsvDatabase database;
        try {
            database = osv == null ? null : OsvDatabase.load(osv);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("error: --osv " + osv + ": " + e.getMessage());
            return CustosCli.USAGE;
        }
        return checks.run(spec.commandLine(), BundleValidator.Mode.VALIDATE, database);
    }
}
