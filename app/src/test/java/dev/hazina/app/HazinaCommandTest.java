package dev.hazina.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class HazinaCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return HazinaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldListOnlyTheProductionCommandsWithoutTheHarness() {
        // When
        int exitCode = run("--help");

        // Then
        assertThat(exitCode).isZero();
        assertThat(HazinaCommand.commandLine().getSubcommands().keySet())
            .containsExactly(
                "run", "topics", "schemas", "replay", "account", "transfer", "acls", "fraud", "reconcile", "settlement",
                "audit", "http-user", "report", "help");
        assertThat(out.toString()).contains("Usage: hazina").doesNotContainPattern("(?m)^\s+(demo|broker|load|chaos)\s");
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
        int exitCode = run("replai", "--help");

        // Then
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("'replai'").contains("Did you mean").contains("replay");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRefuseUnknownWordAfterSubcommandEvenWithHelp() {
        // When
        int exitCode = run("topics", "nonsense", "--help");

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
        assertThat(err.toString()).contains("Missing subcommand").contains("run");
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
    void shouldKeepTheStoppedLedgerRewindUnderReplayWithoutAskingForTheReplaysOwnOptions() {
        // When
        int exitCode = run("replay", "rewind", "--help");

        // Then
        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("Usage: hazina replay rewind").contains("--to-offset");
    }

    @Test
    void shouldRefuseAReplayRangeMixingOffsetsAndTimesBeforeConnecting() {
        // When
        int exitCode = run("replay", "--partition", "0", "--from-offset", "0", "--to-time", "2026-12-01T00:00:00Z");

        // Then
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("not both");
    }

    @Test
    void shouldRefuseAReplayWithoutAPartition() {
        // When
        int exitCode = run("replay", "--from-offset", "0");

        // Then
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--partition");
    }
}
