package dev.hazina.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code hazina} command: the top of the command tree, whose subcommands run the ledger and the
 * operator tools. Other modules on the classpath add theirs (the harness: demo, broker, load, chaos)
 * through {@link HazinaExtension}.
 *
 * <p>As in Kafka's tools, {@link #run(String...)} does all the work and returns an exit code, so tests
 * can call it; only {@link #main(String[])} calls {@code System.exit}.
 */
@Command(
    name = "hazina",
    mixinStandardHelpOptions = true,
    versionProvider = HazinaCommand.Version.class,
    description = "Hazina: an exactly-once mobile-money ledger on Kafka Streams.")
public final class HazinaCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(HazinaCommand.class);

    /** The production commands, in the order `hazina --help` lists them (extensions slot in between). */
    private static final List<Class<?>> BUILT_IN = List.of(
        RunCommand.class,
        TopicsCommand.class,
        SchemasCommand.class,
        ReplayCommand.class,
        AccountCli.class,
        TransferCli.class,
        AclsCommand.class,
        FraudCommand.class,
        ReconcileCommand.class,
        SettlementCli.class,
        AuditCommand.class,
        HttpUserCommand.class,
        ReportCommand.class);

    @Spec
    private CommandSpec spec;

    /** {@code hazina} without a subcommand: prints the usage and fails. */
    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().println("Missing subcommand.");
        commandLine.usage(commandLine.getErr());
        return CommandLine.ExitCode.USAGE;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line {@code args}, printing to stdout and stderr, and returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line {@code args}, printing to {@code out} and {@code err}, and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine()
            .setOut(out)
            .setErr(err)
            .setExecutionExceptionHandler(HazinaCommand::reportFailure)
            .setExecutionStrategy(HazinaCommand::refuseUnmatchedThenRun);
        return commandLine.execute(args);
    }

    /**
     * picocli lets {@code --help} win over an unknown word ({@code hazina nonsense --help} would print
     * the usage and exit 0), so a script could not tell a typo from success. Unmatched words fail first.
     */
    private static int refuseUnmatchedThenRun(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (!level.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(level.commandSpec().commandLine(), level.unmatched());
            }
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    /** The command tree: the built-in commands, each extension's placed as it asks, then {@code help}. */
    public static CommandLine commandLine() {
        List<HazinaExtension.Subcommand> extensions = new ArrayList<>();
        ServiceLoader.load(HazinaExtension.class).forEach(extension -> extensions.addAll(extension.subcommands()));
        CommandLine commandLine = new CommandLine(new HazinaCommand());
        for (Class<?> builtIn : BUILT_IN) {
            String name = builtIn.getAnnotation(Command.class).name();
            extensions.stream().filter(e -> name.equals(e.before())).forEach(e -> commandLine.addSubcommand(e.command()));
            commandLine.addSubcommand(builtIn);
        }
        extensions.stream().filter(e -> e.before() == null).forEach(e -> commandLine.addSubcommand(e.command()));
        return commandLine.addSubcommand(CommandLine.HelpCommand.class);
    }

    /** A subcommand failed: one clear message rather than a stack trace (which goes to the log at DEBUG). */
    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        LOG.debug("{} failed", commandLine.getCommandName(), e);
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        commandLine.getErr().println(commandLine.getColorScheme().errorText(
            "hazina " + commandLine.getCommandName() + ": " + message));
        return CommandLine.ExitCode.SOFTWARE;
    }

    /** {@code hazina --version}: this build's version and the Kafka client version it runs with. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = HazinaCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {
                "hazina " + properties.getProperty("version", "unknown"),
                "Apache Kafka " + AppInfoParser.getVersion(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            };
        }
    }
}
