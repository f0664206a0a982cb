package dev.hazina.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The settlement commands' argument handling: every refusal happens before anything is sent. */
class SettlementCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return HazinaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldListTheFourSettlementCommands() {
        // When
        int exitCode = run("settlement", "--help");

        // Then
        assertThat(exitCode).isZero();
        assertThat(HazinaCommand.commandLine().getSubcommands().get("settlement").getSubcommands().keySet())
            .containsExactlyInAnyOrder("close", "settle", "abort", "list");
    }

    @Test
    void shouldRequireACurrencyToClose() {
        // When
        int exitCode = run("settlement", "close");

        // Then
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing required option: '--currency");
    }

    @Test
    void shouldRefuseABadCurrencyBeforeSendingAnything() {
        // When: no broker is configured, so reaching Kafka would fail differently
        int exitCode = run("settlement", "close", "--currency", "kes");

        // Then
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("'kes' is not an ISO 4217 code");
        assertThat(out.toString()).doesNotContain("Sent");
    }

    @Test
    void shouldRefuseAMalformedWindowId() {
        // When
        int exitCode = run("settlement", "settle", "--window", "KES-3");

        // Then
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("'KES-3' is not a window id");
    }

    @Test
    void shouldRequireANonBlankReasonToAbort() {
        // When
        int missing = run("settlement", "abort", "--window", "KES-000003");
        int blank = run("settlement", "abort", "--window", "KES-000003", "--reason", "  ");

        // Then
        assertThat(missing).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(blank).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing required option: '--reason").contains("--reason must not be blank");
    }
}
