package dev.hazina.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import dev.hazina.app.HazinaCommand;

/** The hazina command with the harness on the classpath: what ./hazina runs. */
class HarnessCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return HazinaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldListBrokerSubcommandInHelp() {
        // When
        int exitCode = run("--help");

        // Then
        assertThat(exitCode).isZero();
        assertThat(out.toString())
            .contains("Usage: hazina")
            .containsPattern("(?m)^\\s+broker\\s+Runs a local Apache Kafka broker and its KRaft controller");
    }

    @Test
    void shouldAddTheHarnessCommandsWhereHazinaHelpAlwaysListedThem() {
        // When
        var names = HazinaCommand.commandLine().getSubcommands().keySet();

        // Then
        assertThat(names).containsExactly(
            "demo", "broker", "run", "topics", "schemas", "replay", "load", "account", "transfer", "acls", "fraud",
            "reconcile", "settlement", "audit", "http-user", "report", "chaos", "help");
    }

    @Test
    void shouldDescribeBrokerOptions() {
        // When
        int exitCode = run("broker", "--help");

        // Then
        assertThat(exitCode).isZero();
        assertThat(out.toString())
            .contains("--port=PORT", "Default: 9092")
            .contains("--controller-port=PORT", "Default: 9093")
            .contains("--data-dir=DIR", "/broker")
            .contains("--heap=SIZE", "Default: 256m")
            .contains("--override=KEY=VALUE");
    }

    @Test
    void shouldReportInvalidBrokerHeapAsOneLineWithoutStartingABroker() {
        // When
        int exitCode = run("broker", "--heap", "lots");

        // Then
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(err.toString()).contains("hazina broker: heap must look like 256m or 1g, not 'lots'")
            .doesNotContain("\tat ");
    }

    @Test
    void shouldPrintEveryCommandsHelpWithoutPicocliWarnings() {
        // Given
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        try {
            for (String name : HazinaCommand.commandLine().getSubcommands().keySet()) {
                // When
                int exitCode = run(name, "--help");

                // Then
                assertThat(exitCode).as(name).isZero();
            }
        } finally {
            System.setErr(original);
        }
        assertThat(systemErr.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(err.toString()).isEmpty();
    }
}
