package io.custos.cli;

import io.custos.bundle.validate.BundleValidator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Integrity and signature of a bundle: the archive is safe, every file matches the manifest and"
                + " the signed in-toto statement, and the signature is by a trusted key (--public-key is required)."
                + " Exit code 0 when verified, 1 when not.")
class BundleVerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BundleChecks checks;

    @Override
    public Integer call() throws Exception {
        if (checks.publicKeys.isEmpty()) {
            spec.commandLine().getErr().println("error: --public-key is required: verification needs a key you trust"
                    + " (save GET /api/packaging/keys to a file, or give the PEM public key)");
            return CustosCli.USAGE;
        }
        return checks.run(spec.commandLine(), BundleValidator.Mode.VERIFY, null);
    }
}
