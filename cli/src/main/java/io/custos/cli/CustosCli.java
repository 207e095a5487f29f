package io.custos.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code custos} command line. Exit codes: 0 success, 1 failure, 2 usage error.
 *
 * <p>The environment and standard input are injectable so that tests can run commands in-process.
 */
@Command(name = "custos",
        mixinStandardHelpOptions = true,
        versionProvider = CustosCli.Version.class,
        description = "Custos: privacy-preserving MLOps from the command line.",
        subcommands = {
            VersionCommand.class,
            LoginCommand.class,
            KeysCommand.class,
            EventsCommand.class,
            DpCommand.class,
            DataCommand.class,
            BundleCommand.class,
            FlCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure", "2:usage error"})
public class CustosCli implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final InputStream stdin;

    public CustosCli() {
        this(System.getenv(), System.in);
    }

    public CustosCli(Map<String, String> env, InputStream stdin) {
        this.env = Map.copyOf(env);
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new CustosCli()).execute(args));
    }

    /** The command line as {@code main} runs it: unexpected errors are one line, not a stack trace. */
    public static CommandLine commandLine(CustosCli cli) {
        CommandLine cmd = new CommandLine(cli);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            if (cli.env("CUSTOS_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return FAILURE;
        });
        return cmd;
    }

    /** {@code custos} alone: show what there is to run. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    String env(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    InputStream stdin() {
        return stdin;
    }

    /** {@code $CUSTOS_HOME}, else {@code ~/.custos}: where credentials are kept. */
    Path home() {
        String custosHome = env("CUSTOS_HOME");
        if (custosHome != null) {
            return Path.of(custosHome);
        }
        return Path.of(System.getProperty("user.home"), ".custos");
    }

    /** The version in the jar manifest (Implementation-Version), or "dev" when run from classes. */
    public static String version() {
        String v = CustosCli.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"custos " + version()};
        }
    }
}
