package dev.hazina.connectors;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hazina connect}: the production Connect commands, run by the {@code hazina} launcher on the
 * worker's own classpath ({@code connectors/target/worker-lib}), never the ledger's:
 * {@code connect run} ({@link ConnectRunCommand}) and {@code connect deploy} ({@link ConnectDeployCommand}).
 * Exit codes: 0 done, 1 a failure (a connector that did not register or run), 2 bad arguments.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
    description = "Runs Hazina's Kafka Connect worker and registers its sinks from the files in connectors/.",
    subcommands = {ConnectRunCommand.class, ConnectDeployCommand.class})
public final class ConnectCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a subcommand: run or deploy");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs {@code args} (e.g. {@code deploy --connect-url URL}), printing to {@code out} and {@code err}; the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine().setOut(out).setErr(err)
            .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                commandLine.getErr().println("hazina connect: " + e.getMessage());
                return 1;
            })
            .execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new ConnectCommand());
    }
}
