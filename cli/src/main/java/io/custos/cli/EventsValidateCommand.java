package io.custos.cli;

import io.custos.events.CloudEventCodec;
import io.custos.events.EventEnvelope;
import io.custos.events.MalformedEventException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks event fixtures the way every Custos consumer checks a message. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check event files the way every Custos consumer checks a message.",
            "Each FILE must be a CloudEvents 1.0 event in structured JSON mode with id, source, type,",
            "time, subject, the tenant extension and a JSON object as data; the data of a known type",
            "must match its payload schema. Prints one line per file, 'OK <type> <id> tenant=<tenant>'",
            "or 'INVALID <reason>', prefixed with the file name when several files are given.",
            "Exits 1 if any file is invalid."})
class EventsValidateCommand implements Callable<Integer> {

    static final long MAX_BYTES = 16L * 1024 * 1024;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Event files (JSON).")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CloudEventCodec codec = new CloudEventCodec();
        boolean allValid = true;
        for (Path file : files) {
            String prefix = files.size() > 1 ? file + ": " : "";
            String verdict;
            try {
                EventEnvelope e = codec.decode(read(file));
                verdict = "OK " + e.type() + " " + e.id() + " tenant=" + e.tenant();
            } catch (MalformedEventException e) {
                verdict = "INVALID " + e.getMessage();
                allValid = false;
            } catch (NoSuchFileException e) {
                verdict = "INVALID cannot read " + file + ": no such file";
                allValid = false;
            } catch (IOException e) {
                verdict = "INVALID cannot read " + file + ": " + e.getMessage();
                allValid = false;
            }
            out.println(prefix + verdict.replaceAll("\\s*\\R\\s*", " ")); // one line per file
        }
        out.flush();
        return allValid ? CustosCli.OK : CustosCli.FAILURE;
    }

    private static byte[] read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
            }
            return bytes;
        }
    }
}
