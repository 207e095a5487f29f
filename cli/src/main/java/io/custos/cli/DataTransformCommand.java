package io.custos.cli;

import io.custos.data.DataException;
import io.custos.data.risk.RiskAnalyzer;
import io.custos.data.risk.RiskOptions;
import io.custos.data.table.DataTable;
import io.custos.data.transform.TransformContext;
import io.custos.data.transform.TransformResult;
import io.custos.data.transform.TransformSteps;
import io.custos.data.transform.Transformer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "transform", mixinStandardHelpOptions = true,
        description = {"Apply ordered transform steps (the JSON array of POST /api/privacy/datasets/{id}/transform)",
            "to a CSV file, write the result, and print what each step did and the risk before and after."})
class DataTransformCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.csv", description = "UTF-8 CSV with a header row.")
    Path file;

    @Option(names = "--steps", required = true, paramLabel = "steps.json", description = "JSON array of steps.")
    Path steps;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "Where to write the result.")
    Path out;

    @Option(names = "--fpe-key-file", paramLabel = "KEY",
            description = {"32-byte key of format-preserving redaction. Without it a random key is used:",
                "pseudonyms are then consistent within this run only."})
    Path fpeKeyFile;

    /** Options of the risk reports before and after. */
    @Mixin
    RiskOptionsMixin risk;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(steps)) {
            throw new ParameterException(spec.commandLine(), "--steps: no such file " + steps);
        }
        byte[] key = fpeKey();
        try {
            var parsed = TransformSteps.parse(Files.readString(steps));
            DataTable before = DataFiles.read(spec.commandLine(), file, "FILE.csv");
            RiskOptions options = risk.options(null, RiskOptions.DEFAULT_MAX_COMBINATION_SIZE);
            Object riskBefore = RiskAnalyzer.analyze(before, options);
            TransformResult result = Transformer.apply(before, parsed, new TransformContext(key, risk.phoneRegion));
            Object riskAfter = RiskAnalyzer.analyze(result.table(), options.restrictedTo(result.table()));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream os = new DigestOutputStream(Files.newOutputStream(out), sha)) {
                result.table().writeCsv(os);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("output", out.toString());
            report.put("sha256", HexFormat.of().formatHex(sha.digest()));
            report.put("rows", result.table().rows());
            report.put("columns", result.table().header());
            report.put("steps", result.steps());
            report.put("riskBefore", riskBefore);
            report.put("riskAfter", riskAfter);
            spec.commandLine().getOut().println(DpEpsilonCommand.JSON.writeValueAsString(report));
            return CustosCli.OK;
        } catch (DataException e) {
            spec.commandLine().getErr().println("error: " + e.field() + ": " + e.getMessage());
            return CustosCli.FAILURE;
        }
    }

    private byte[] fpeKey() throws java.io.IOException {
        if (fpeKeyFile == null) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return key;
        }
        byte[] key = Files.readAllBytes(fpeKeyFile);
        if (key.length != 32) {
            throw new ParameterException(spec.commandLine(), "--fpe-key-file: must hold exactly 32 bytes, not "
                    + key.length);
        }
        return key;
    }
}
