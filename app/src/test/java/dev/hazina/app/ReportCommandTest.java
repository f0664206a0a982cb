package dev.hazina.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;

import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import dev.hazina.schemas.DailyReport;
import dev.hazina.schemas.DailyReportStatus;
import dev.hazina.schemas.LiabilityLine;
import dev.hazina.schemas.NamedCount;
import dev.hazina.schemas.TransferTally;
import dev.hazina.schemas.TrustMatch;
import dev.hazina.schemas.TrustMatchStatus;

/** {@code hazina report daily}: which revision it picks, and the Markdown and JSON it prints from a record. */
class ReportCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static DailyReport report(String currency, String day, long revision, DailyReportStatus status) {
        TrustMatch trust = TrustMatch.newBuilder().setStatus(TrustMatchStatus.TIMING).setBankAccounts(List.of("KCB-TRUST"))
            .setBankBalance(150_000).setDepositsInTransit(1_500).setOutstandingWithdrawals(500)
            .setAdjustedBankBalance(151_000).setDifference(-1_000).setTiming(-1_000).setException(0).build();
        return DailyReport.newBuilder().setReportId(currency + ":" + day).setCurrency(currency).setBusinessDay(day)
            .setTimeZone("Africa/Nairobi").setStatus(status).setRevision(revision).setAsOf(1_772_571_599_000L)
            .setOpeningLiability(0).setClosingLiability(151_000)
            .setLiability(List.of(LiabilityLine.newBuilder().setAccountClass("WALLETS").setOpening(0).setClosing(150_300).build(),
                LiabilityLine.newBuilder().setAccountClass("FEES").setOpening(0).setClosing(700).build()))
            .setIssued(151_000).setRedeemed(0).setFees(800).setCommissions(100)
            .setTransfers(List.of(TransferTally.newBuilder().setKind("ISSUE").setStatus("COMPLETED").setCount(3)
                .setValue(151_000).build()))
            .setReversals(0).setReversalsValue(0)
            .setDeadLetters(List.of(NamedCount.newBuilder().setName("BAD_MAGIC_BYTE").setCount(1).build()))
            .setStuckSagasRaised(0).setStuckSagasCleared(0).setAlerts(List.of()).setTrust(trust).build();
    }

    private ReportCommand.Daily daily(String currency, boolean json) {
        ReportCommand.Daily daily = new ReportCommand.Daily();
        daily.date = LocalDate.parse("2026-03-03");
        daily.currency = currency;
        daily.json = json;
        return daily;
    }

    @Test
    void shouldPrintTheLatestRevisionAsMarkdown() {
        // Given
        List<DailyReport> published = List.of(report("KES", "2026-03-03", 1, DailyReportStatus.PROVISIONAL),
            report("KES", "2026-03-03", 3, DailyReportStatus.FINAL), report("KES", "2026-03-04", 4, DailyReportStatus.PROVISIONAL));

        // When
        int code = daily("KES", false).print(published, new PrintWriter(out), new PrintWriter(err));

        // Then
        assertThat(code).isZero();
        assertThat(out.toString())
            .contains("# Daily report KES 2026-03-03 (Africa/Nairobi)")
            .contains("FINAL, revision 3")
            .contains("| WALLETS | 0.00 | 1503.00 |")
            .contains("| **total** | **0.00** | **1510.00** |")
            .contains("| issued | 1510.00 |")
            .contains("| fees | 8.00 |")
            .contains("| ISSUE | COMPLETED | 3 | 1510.00 |")
            .contains("| BAD_MAGIC_BYTE | 1 |")
            .contains("## Trust account match: TIMING")
            .contains("| of which timing | -10.00 |")
            .doesNotContain("revision 1", "2026-03-04");
    }

    @Test
    void shouldPrintAJsonArrayThatDecodesBackToTheReports() throws Exception {
        // Given
        List<DailyReport> published = List.of(report("USD", "2026-03-03", 2, DailyReportStatus.FINAL),
            report("KES", "2026-03-03", 5, DailyReportStatus.FINAL));

        // When
        int code = daily(null, true).print(published, new PrintWriter(out), new PrintWriter(err));

        // Then: one per currency, by currency, each the Avro JSON of its record
        assertThat(code).isZero();
        String json = out.toString().strip();
        assertThat(json).startsWith("[").endsWith("]");
        int split = json.indexOf("},\n{");
        String first = json.substring(1, split + 1);
        DailyReport decoded = new SpecificDatumReader<>(DailyReport.class)
            .read(null, DecoderFactory.get().jsonDecoder(DailyReport.getClassSchema(), first));
        assertThat(decoded).isEqualTo(report("KES", "2026-03-03", 5, DailyReportStatus.FINAL));
        assertThat(json.substring(split + 2)).contains("\"currency\" : \"USD\"");
    }

    @Test
    void shouldExitThreeWhenNothingWasPublishedForTheDay() {
        // When
        int code = daily("KES", false).print(List.of(report("KES", "2026-03-04", 1, DailyReportStatus.PROVISIONAL)),
            new PrintWriter(out), new PrintWriter(err));

        // Then
        assertThat(code).isEqualTo(ReportCommand.NOTHING_PUBLISHED);
        assertThat(err.toString()).contains("No daily report published for 2026-03-03 in KES");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRequireADate() {
        // When
        int code = HazinaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "report", "daily");

        // Then
        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing required option: '--date");
    }
}
