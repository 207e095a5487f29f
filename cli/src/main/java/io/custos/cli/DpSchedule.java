package io.custos.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How DP-SGD is scheduled: either the sampling rate and step count directly, or the dataset
 * size, expected batch size and epochs they come from (q = batch / n, steps = ceil(epochs / q)).
 */
class DpSchedule {

    @Option(names = "--sample-rate", paramLabel = "Q", description = "Poisson sampling rate q in (0, 1].")
    Double sampleRate;

    @Option(names = "--steps", paramLabel = "T", description = "Number of DP-SGD steps.")
    Long steps;

    @Option(names = "--dataset-size", paramLabel = "N", description = "Number of records (with --batch-size, --epochs).")
    Long datasetSize;

    @Option(names = "--batch-size", paramLabel = "B", description = "Expected batch size.")
    Double batchSize;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs.")
    Double epochs;

    double q(CommandSpec spec) {
        resolve(spec);
        return sampleRate != null ? sampleRate : batchSize / datasetSize;
    }

    long t(CommandSpec spec) {
        resolve(spec);
        return steps != null ? steps : (long) Math.ceil(epochs * datasetSize / batchSize);
    }

    private void resolve(CommandSpec spec) {
        boolean direct = sampleRate != null && steps != null;
        boolean derived = datasetSize != null && batchSize != null && epochs != null;
        if (direct == derived) {
            throw new ParameterException(spec.commandLine(),
                    "give either --sample-rate and --steps, or --dataset-size, --batch-size and --epochs");
        }
        if (direct && !(sampleRate > 0 && sampleRate <= 1)) {
            throw new ParameterException(spec.commandLine(), "--sample-rate must be in (0, 1], was " + sampleRate);
        }
        if (direct && steps < 1) {
            throw new ParameterException(spec.commandLine(), "--steps must be >= 1, was " + steps);
        }
        if (derived && !(datasetSize >= 1 && batchSize >= 1 && batchSize <= datasetSize && epochs > 0)) {
            throw new ParameterException(spec.commandLine(),
                    "need --dataset-size >= 1, 1 <= --batch-size <= --dataset-size and --epochs > 0");
        }
    }
}
