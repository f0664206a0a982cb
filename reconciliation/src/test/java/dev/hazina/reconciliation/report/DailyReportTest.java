package dev.hazina.reconciliation.report;

import static dev.hazina.reconciliation.report.MiniLedger.FEES;
import static dev.hazina.reconciliation.report.MiniLedger.ISSUANCE;
import static dev.hazina.reconciliation.report.MiniLedger.KES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.schemas.DailyReport;
import dev.hazina.schemas.DailyReportStatus;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LiabilityLine;
import dev.hazina.schemas.NamedCount;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferTally;
import dev.hazina.schemas.TrustMatchStatus;
import dev.hazina.schemas.TrustStatement;

/**
 * The daily report through the real reconciliation topology, against a small ledger worked out by
 * hand over two business days in Nairobi (UTC+3): 2026-03-03 ends at 21:00 UTC.
 *
 * <pre>
 * 2026-03-03 (day 1)                             CUSTOMERS  AGENTS   FEES  liability
 *   t1 ISSUE 100 000 to CUST-A                    100 000                      100 000
 *   t2 ISSUE  50 000 to AGENT-1                   100 000  50 000              150 000
 *   t3 P2P CUST-A to CUST-B 10 000, fee 500        99 500  50 000    500       150 000
 *   t4 CASH_OUT CUST-B to AGENT-1 4 000, fee 300,
 *      commission 100 (fees to AGENT-1)            95 200  54 100    700       150 000
 *   t5 ISSUE 1 000 to CUST-B at 23:59:59 Nairobi   96 200  54 100    700       151 000
 * 2026-03-04 (day 2)
 *   t6 ISSUE 2 000 to CUST-A at 00:00:01 Nairobi   98 200  54 100    700       153 000  (21:00:01 UTC, still 03-03 in UTC)
 *   t7 ISSUE 3 000 to CUST-A at 00:10 Nairobi     101 200  54 100    700       156 000  (passes the grace: day 1 FINAL)
 * </pre>
 */
class DailyReportTest {

    private static final String DAY1 = KES + ":2026-03-03";
    private static final String DAY2 = KES + ":2026-03-04";
    private static final Instant MORNING = Instant.parse("2026-03-03T06:00:00Z");
    private static final Instant LAST_SECOND = Instant.parse("2026-03-03T20:59:59Z");
    private static final Instant FIRST_SECOND = Instant.parse("2026-03-03T21:00:01Z");
    private static final Instant PAST_GRACE = Instant.parse("2026-03-03T21:10:00Z");

    @TempDir
    Path stateDir;
    private DailyReportDriver driver;

    @AfterEach
    void close() {
        driver.close();
    }

    private DailyReportDriver start() {
        driver = new DailyReportDriver(Map.of(ReconciliationConfig.REPORT_GRACE_MS_CONFIG, Duration.ofMinutes(5).toMillis()),
            stateDir.resolve("first"), "mock://daily-report-" + UUID.randomUUID());
        return driver;
    }

    /** Day 1 (t1 to t5) and t6, the first second of day 2. */
    private static void dayOne(MiniLedger ledger) {
        ledger.move("t1", TransferKind.ISSUE, EntryType.ISSUANCE, ISSUANCE, "CUST-A", 100_000, MORNING);
        ledger.completed("t1", TransferKind.ISSUE, "SYS.ISSUANCE", "CUST-A", 100_000, 0, MORNING);
        ledger.move("t2", TransferKind.ISSUE, EntryType.ISSUANCE, ISSUANCE, "AGENT-1", 50_000, MORNING.plusSeconds(1));
        ledger.completed("t2", TransferKind.ISSUE, "SYS.ISSUANCE", "AGENT-1", 50_000, 0, MORNING.plusSeconds(1));
        Instant t3 = MORNING.plusSeconds(60);
        ledger.move("t3", TransferKind.P2P, EntryType.PRINCIPAL, "CUST-A", "CUST-B", 10_000, t3);
        ledger.move("t3", TransferKind.P2P, EntryType.FEE, "CUST-A", FEES, 500, t3);
        ledger.completed("t3", TransferKind.P2P, "CUST-A", "CUST-B", 10_000, 500, t3);
        ledger.duplicate("t3", TransferKind.P2P, "CUST-A", "CUST-B", 10_000, t3.plusSeconds(1));
        ledger.rejected("t3b", TransferKind.P2P, "CUST-B", "CUST-A", 99_999, t3.plusSeconds(2));
        Instant t4 = MORNING.plusSeconds(120);
        ledger.move("t4", TransferKind.CASH_OUT, EntryType.PRINCIPAL, "CUST-B", "AGENT-1", 4_000, t4);
        ledger.move("t4", TransferKind.CASH_OUT, EntryType.FEE, "CUST-B", FEES, 300, t4);
        ledger.move("t4", TransferKind.CASH_OUT, EntryType.COMMISSION, FEES, "AGENT-1", 100, t4);
        ledger.completed("t4", TransferKind.CASH_OUT, "CUST-B", "AGENT-1", 4_000, 300, t4);
        ledger.move("t5", TransferKind.ISSUE, EntryType.ISSUANCE, ISSUANCE, "CUST-B", 1_000, LAST_SECOND);
        ledger.completed("t5", TransferKind.ISSUE, "SYS.ISSUANCE", "CUST-B", 1_000, 0, LAST_SECOND);
        ledger.move("t6", TransferKind.ISSUE, EntryType.ISSUANCE, ISSUANCE, "CUST-A", 2_000, FIRST_SECOND);
        ledger.completed("t6", TransferKind.ISSUE, "SYS.ISSUANCE", "CUST-A", 2_000, 0, FIRST_SECOND);
    }

    private static void pastGrace(MiniLedger ledger) {
        ledger.move("t7", TransferKind.ISSUE, EntryType.ISSUANCE, ISSUANCE, "CUST-A", 3_000, PAST_GRACE);
        ledger.completed("t7", TransferKind.ISSUE, "SYS.ISSUANCE", "CUST-A", 3_000, 0, PAST_GRACE);
    }

    private static TrustStatement statement(String account, String day, long balance, long inTransit, long outstanding) {
        return TrustStatement.newBuilder().setStatementId("st-" + UUID.randomUUID()).setBankAccount(account)
            .setCurrency(KES).setBusinessDay(day).setClosingBalance(balance).setDepositsInTransit(inTransit)
            .setOutstandingWithdrawals(outstanding).setIssuedAt(PAST_GRACE.toEpochMilli()).build();
    }

    @Test
    void shouldReportTheFiguresOfTwoNairobiDaysComputedByHand() {
        // Given
        DailyReportDriver d = start();
        MiniLedger ledger = new MiniLedger(d);

        // When
        dayOne(ledger);
        pastGrace(ledger);
        d.advance(Duration.ofMinutes(1));

        // Then: day 1 is FINAL, published when t7 passed its end plus the grace
        DailyReport day1 = d.latest(DAY1);
        assertThat(day1.getStatus()).isEqualTo(DailyReportStatus.FINAL);
        assertThat(day1.getOpeningLiability()).isZero();
        assertThat(day1.getClosingLiability()).isEqualTo(151_000);
        assertThat(day1.getLiability()).extracting(LiabilityLine::getAccountClass, LiabilityLine::getOpening, LiabilityLine::getClosing)
            .containsExactly(tuple("CUSTOMERS", 0L, 96_200L), tuple("AGENTS", 0L, 54_100L), tuple("MERCHANTS", 0L, 0L),
                tuple("BUSINESSES", 0L, 0L), tuple("FEES", 0L, 700L), tuple("TRANSIT", 0L, 0L), tuple("SUSPENSE", 0L, 0L),
                tuple("OTHER_SYSTEM", 0L, 0L));
        assertThat(day1.getIssued()).isEqualTo(151_000);
        assertThat(day1.getRedeemed()).isZero();
        assertThat(day1.getFees()).isEqualTo(800);
        assertThat(day1.getCommissions()).isEqualTo(100);
        assertThat(day1.getTransfers()).extracting(TransferTally::getKind, TransferTally::getStatus, TransferTally::getCount,
                TransferTally::getValue)
            .containsExactly(tuple("CASH_OUT", "COMPLETED", 1L, 4_000L), tuple("ISSUE", "COMPLETED", 3L, 151_000L),
                tuple("P2P", "COMPLETED", 1L, 10_000L), tuple("P2P", "REJECTED", 1L, 99_999L));
        assertThat(day1.getAsOf()).isEqualTo(LAST_SECOND.toEpochMilli());
        assertThat(day1.getTrust().getStatus()).isEqualTo(TrustMatchStatus.NO_STATEMENT);

        // Then: day 2 so far, PROVISIONAL, opening where day 1 closed
        DailyReport day2 = d.latest(DAY2);
        assertThat(day2.getStatus()).isEqualTo(DailyReportStatus.PROVISIONAL);
        assertThat(day2.getOpeningLiability()).isEqualTo(151_000);
        assertThat(day2.getClosingLiability()).isEqualTo(156_000);
        assertThat(day2.getIssued()).isEqualTo(5_000);
        assertThat(day2.getTransfers()).extracting(TransferTally::getKind, TransferTally::getCount)
            .containsExactly(tuple("ISSUE", 2L));
    }

    @Test
    void shouldListWalletsWithoutATypeApartWhenTheirEntriesCameFromALedgerBeforeTypes() {
        // Given: day 1 written by a ledger before 0.2, whose entries carry no account type
        DailyReportDriver d = start();
        MiniLedger ledger = new MiniLedger(d);
        ledger.untyped();

        // When
        dayOne(ledger);
        d.advance(Duration.ofMinutes(1));

        // Then: the wallets are listed as untyped, and the total is unchanged
        DailyReport day1 = d.latest(DAY1);
        assertThat(day1.getClosingLiability()).isEqualTo(151_000);
        assertThat(day1.getLiability()).extracting(LiabilityLine::getAccountClass, LiabilityLine::getClosing)
            .contains(tuple("WALLETS", 150_300L), tuple("CUSTOMERS", 0L), tuple("AGENTS", 0L), tuple("FEES", 700L));
    }

    @Test
    void shouldPutTheDayBoundaryAtNairobiMidnightNotUtc() {
        // Given
        DailyReportDriver d = start();
        MiniLedger ledger = new MiniLedger(d);

        // When: t5 at 23:59:59 and t6 at 00:00:01 Nairobi, both on 2026-03-03 in UTC
        dayOne(ledger);
        d.advance(Duration.ofMinutes(1));

        // Then
        assertThat(d.latest(DAY1).getIssued()).isEqualTo(151_000);
        assertThat(d.latest(DAY1).getStatus()).isEqualTo(DailyReportStatus.PROVISIONAL);
        assertThat(d.latest(DAY2).getIssued()).isEqualTo(2_000);
        assertThat(d.latest(DAY2).getBusinessDay()).isEqualTo("2026-03-04");
    }

    @Test
    void shouldMatchTwoTrustAccountsSummedAgainstTheLiability() {
        // Given
        DailyReportDriver d = start();
        dayOne(new MiniLedger(d));

        // When
        d.statement(statement("KCB-TRUST", "2026-03-03", 100_000, 0, 0));
        d.statement(statement("EQUITY-TRUST", "2026-03-03", 51_000, 0, 0));
        d.advance(Duration.ofMinutes(1));

        // Then
        var trust = d.latest(DAY1).getTrust();
        assertThat(trust.getStatus()).isEqualTo(TrustMatchStatus.MATCHED);
        assertThat(trust.getBankAccounts()).containsExactly("EQUITY-TRUST", "KCB-TRUST");
        assertThat(trust.getBankBalance()).isEqualTo(151_000);
        assertThat(trust.getDifference()).isZero();
    }

    @Test
    void shouldReportADifferenceTheTimingItemsExplainAsTiming() {
        // Given
        DailyReportDriver d = start();
        dayOne(new MiniLedger(d));

        // When: the bank has not yet credited 1 500 deposited, and not yet paid out 500
        d.statement(statement("KCB-TRUST", "2026-03-03", 150_000, 1_500, 500));
        d.advance(Duration.ofMinutes(1));

        // Then
        var trust = d.latest(DAY1).getTrust();
        assertThat(trust.getStatus()).isEqualTo(TrustMatchStatus.TIMING);
        assertThat(trust.getAdjustedBankBalance()).isEqualTo(151_000);
        assertThat(trust.getDifference()).isEqualTo(-1_000);
        assertThat(trust.getTiming()).isEqualTo(-1_000);
        assertThat(trust.getException()).isZero();
    }

    @Test
    void shouldReportWhatTimingDoesNotExplainAsAnException() {
        // Given
        DailyReportDriver d = start();
        dayOne(new MiniLedger(d));

        // When: 1 000 in transit, but the bank is 1 300 short
        d.statement(statement("KCB-TRUST", "2026-03-03", 149_700, 1_000, 0));
        d.advance(Duration.ofMinutes(1));

        // Then
        var trust = d.latest(DAY1).getTrust();
        assertThat(trust.getStatus()).isEqualTo(TrustMatchStatus.EXCEPTION);
        assertThat(trust.getDifference()).isEqualTo(-1_300);
        assertThat(trust.getTiming()).isEqualTo(-1_000);
        assertThat(trust.getException()).isEqualTo(-300);
    }

    @Test
    void shouldReviseAFinalReportWhenItsStatementArrivesLate() {
        // Given: day 1 FINAL without a statement
        DailyReportDriver d = start();
        MiniLedger ledger = new MiniLedger(d);
        dayOne(ledger);
        pastGrace(ledger);
        DailyReport fin = d.latest(DAY1);
        assertThat(fin.getStatus()).isEqualTo(DailyReportStatus.FINAL);
        assertThat(fin.getTrust().getStatus()).isEqualTo(TrustMatchStatus.NO_STATEMENT);

        // When
        d.statement(statement("KCB-TRUST", "2026-03-03", 151_000, 0, 0));
        d.advance(Duration.ofMinutes(1));

        // Then: the next revision, still FINAL, with the match; the figures unchanged
        DailyReport revised = d.latest(DAY1);
        assertThat(revised.getRevision()).isEqualTo(fin.getRevision() + 1);
        assertThat(revised.getStatus()).isEqualTo(DailyReportStatus.FINAL);
        assertThat(revised.getTrust().getStatus()).isEqualTo(TrustMatchStatus.MATCHED);
        assertThat(revised.getClosingLiability()).isEqualTo(fin.getClosingLiability());
    }

    @Test
    void shouldDeadLetterHostileStatementsWithTheirReasonsAndCountNone() {
        // Given
        DailyReportDriver d = start();
        dayOne(new MiniLedger(d));
        byte[] key = "KCB-TRUST".getBytes(StandardCharsets.UTF_8);

        // When
        d.rawStatement(key, new byte[] {0, 0, 0, 0, 42, 1, 2, 3});
        d.rawStatement(key, null);
        d.statement(statement("KCB-TRUST", "2026-03-03", 151_000, 0, 0));
        d.statement(TrustStatement.newBuilder(statement("KCB-TRUST", "2026-03-03", 151_000, 0, 0)).setCurrency("USD").build());
        d.statement(TrustStatement.newBuilder(statement("KCB-TRUST", "2026-03-03", 1, 0, 0)).setCurrency("kes").build());
        d.statement(statement("KCB-TRUST", "2026-03-03", -5, 0, 0));
        d.statement(statement("KCB-TRUST", "3-3-2026", 5, 0, 0));
        d.statement(statement("KCB-TRUST", "2026-03-03", Long.MAX_VALUE, 1, 0));
        d.statement("OTHER-TRUST", statement("KCB-TRUST", "2026-03-03", 5, 0, 0));
        d.advance(Duration.ofMinutes(1));

        // Then
        assertThat(d.deadLetters()).extracting(DeadLetter::getStage, DeadLetter::getReason).containsExactly(
            tuple("trust-statement", "UNDECODABLE"), tuple("trust-statement", "EMPTY_STATEMENT"),
            tuple("trust-statement", "CURRENCY_MISMATCH"), tuple("trust-statement", "BAD_CURRENCY"),
            tuple("trust-statement", "NEGATIVE_AMOUNT"), tuple("trust-statement", "BAD_BUSINESS_DAY"),
            tuple("trust-statement", "AMOUNT_OVERFLOW"), tuple("trust-statement", "KEY_MISMATCH"));
        DailyReport day1 = d.latest(DAY1);
        assertThat(day1.getTrust().getBankBalance()).isEqualTo(151_000);
        assertThat(day1.getTrust().getStatus()).isEqualTo(TrustMatchStatus.MATCHED);
    }

    @Test
    void shouldCountDeadLettersByReasonOnTheDayTheyFailed() {
        // Given
        DailyReportDriver d = start();
        dayOne(new MiniLedger(d));

        // When
        d.deadLetter(DeadLetter.newBuilder().setSourceTopic("hazina.transfer-requests").setSourcePartition(0).setSourceOffset(7)
            .setStage("deserialization").setReason("BAD_MAGIC_BYTE").setDetail("x")
            .setFailedAt(MORNING.plusSeconds(300).toEpochMilli()).build());
        d.advance(Duration.ofMinutes(1));

        // Then
        assertThat(d.latest(DAY1).getDeadLetters()).extracting(NamedCount::getName, NamedCount::getCount)
            .containsExactly(tuple("BAD_MAGIC_BYTE", 1L));
        assertThat(d.latest(DAY2).getDeadLetters()).isEmpty();
    }

    @Test
    void shouldNeitherDoubleCountNorRepeatARevisionAfterARestart() {
        // Given: day 1 and the first second of day 2 reported
        DailyReportDriver d = start();
        dayOne(new MiniLedger(d));
        d.advance(Duration.ofMinutes(1));
        DailyReport before = d.latest(DAY2);

        // When: restarted with its stores restored, then the ledger goes on
        driver = d.restart(stateDir.resolve("second"));
        MiniLedger after = new MiniLedger(driver);
        after.completed("t8", TransferKind.P2P, "CUST-A", "CUST-B", 700, 0, FIRST_SECOND.plusSeconds(5));
        driver.advance(Duration.ofMinutes(1));

        // Then
        DailyReport day2 = driver.latest(DAY2);
        assertThat(day2.getRevision()).isEqualTo(before.getRevision() + 1);
        assertThat(day2.getOpeningLiability()).isEqualTo(151_000);
        assertThat(day2.getClosingLiability()).isEqualTo(153_000);
        assertThat(day2.getTransfers()).extracting(TransferTally::getKind, TransferTally::getCount)
            .containsExactly(tuple("ISSUE", 1L), tuple("P2P", 1L));
    }
}
