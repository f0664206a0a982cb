package dev.hazina.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class HazinaCommandTest {

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
    void shouldRejectUnknownOptionWithClearMessage() {
        // When
        int exitCode = run("--no-such-option");

        // Then
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'").contains("Usage: hazina");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRejectUnknownSubcommand() {
        // When
        int exitCode = run("no-such-command");

        // Then
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Unmatched argument at index 0: 'no-such-command'");
    }

    @Test
    void shouldRefuseUnknownSubcommandEvenWithHelpAndSuggestTheNearest() {
        // When
        int exitCode = run("demi", "--help");

        // Then
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("'demi'").contains("Did you mean").contains("demo");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRefuseUnknownWordAfterSubcommandEvenWithHelp() {
        // When
        int exitCode = run("broker", "nonsense", "--help");

        // Then
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("'nonsense'");
    }

    @Test
    void shouldPrintUsageAndFailWithoutSubcommand() {
        // When
        int exitCode = run();

        // Then
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing subcommand").contains("broker");
    }

    @Test
    void shouldPrintBuildAndKafkaVersions() {
        // When
        int exitCode = run("--version");

        // Then
        assertThat(exitCode).isZero();
        assertThat(out.toString())
            .containsPattern("hazina \\d+\\.\\d+\\.\\d+")
            .contains("Apache Kafka 4.3.1")
            .doesNotContain("${");
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
            for (String name : new CommandLine(new HazinaCommand()).getSubcommands().keySet()) {
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
