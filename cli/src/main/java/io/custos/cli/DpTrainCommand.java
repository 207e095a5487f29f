package io.custos.cli;

import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.data.DataException;
import io.custos.ml.data.Table;
import io.custos.ml.model.ModelType;
import io.custos.ml.noise.RandomSource;
import io.custos.ml.noise.SecureRandomSource;
import io.custos.ml.noise.SeededRandomSource;
import io.custos.ml.report.PublicDeclarations;
import io.custos.ml.report.TrainingReport;
import io.custos.ml.train.SgdOptions;
import io.custos.ml.train.TrainingPipeline;
import io.custos.ml.train.TrainingRequest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model locally with DP-SGD and print JSON: metrics and the full privacy account.",
            "Columns not declared public in --public-bounds are estimated privately and charged to the run."})
class DpTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "CSV with a header row.")
    Path data;

    @Option(names = "--target", required = true, paramLabel = "COL", description = "Column to predict.")
    String target;

    @Option(names = "--positive-class", paramLabel = "V",
            description = "Target value that counts as positive (omit for a 0/1 target).")
    String positiveClass;

    @Option(names = "--model", required = true, paramLabel = "M", description = "logistic, svm or mlp.")
    String model;

    @Option(names = "--epsilon", paramLabel = "E", description = "Target epsilon of the whole run.")
    Double epsilon;

    @Option(names = "--delta", paramLabel = "D", description = "Target delta of the whole run.")
    Double delta;

    @Option(names = "--public-bounds", paramLabel = "FILE",
            description = "JSON declaring public column bounds/categories: {\"columns\":{\"age\":{\"min\":17,\"max\":90}}}.")
    Path publicBounds;

    @Option(names = "--features", split = ",", paramLabel = "COL", description = "Feature columns (default: all but target).")
    List<String> features;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs (default ${DEFAULT-VALUE}).")
    double epochs;

    @Option(names = "--batch-size", defaultValue = "256", description = "Expected batch size (default ${DEFAULT-VALUE}).")
    double batchSize;

    @Option(names = "--learning-rate", defaultValue = "1.0", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--clip", defaultValue = "1.0", description = "Per-example clipping norm C (default ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--hidden", defaultValue = "16", description = "Hidden units of the MLP (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--test-fraction", defaultValue = "0.2", description = "Held-out share (default ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--seed", paramLabel = "S",
            description = "Test mode: reproducible randomness from this seed. The run then carries NO privacy guarantee.")
    Long seed;

    @Option(names = "--non-private", description = "Train the same model without DP (for comparison).")
    boolean nonPrivate;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(data)) {
            throw new ParameterException(spec.commandLine(), "--data: no such file " + data);
        }
        ModelType type;
        try {
            type = ModelType.parse(model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--model: " + e.getMessage());
        }
        if (!nonPrivate && (epsilon == null || delta == null)) {
            throw new ParameterException(spec.commandLine(), "--epsilon and --delta are required (or --non-private)");
        }
        Map<String, ColumnDeclaration> declarations = Map.of();
        if (publicBounds != null) {
            try (InputStream in = Files.newInputStream(publicBounds)) {
                declarations = PublicDeclarations.read(in);
            }
        }
        try {
            TrainingRequest request = new TrainingRequest(target, positiveClass, features, declarations, type, hidden,
                    new SgdOptions(epochs, batchSize, learningRate, clip, 0, 1e-5, !nonPrivate),
                    nonPrivate ? 0 : epsilon, nonPrivate ? 0 : delta, testFraction);
            RandomSource random = seed == null ? new SecureRandomSource() : new SeededRandomSource(seed);
            TrainingReport report = TrainingReport.of(TrainingPipeline.run(Table.readCsv(data), request, random));
            spec.commandLine().getOut().println(DpEpsilonCommand.JSON.writeValueAsString(report));
            return CustosCli.OK;
        } catch (DataException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return CustosCli.FAILURE;
        }
    }
}
