package dev.hazina.reconciliation.settlement;

import static dev.hazina.reconciliation.settlement.SettlementDriver.KES;
import static dev.hazina.reconciliation.settlement.SettlementDriver.START;
import static dev.hazina.reconciliation.settlement.SettlementDriver.settlement;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.SettlementAction;
import dev.hazina.schemas.SettlementBatch;
import dev.hazina.schemas.SettlementWindow;
import dev.hazina.schemas.SettlementWindowState;

class SettlementWindowsTest {

    private static final String W1 = "KES-000001";
    private static final String W2 = "KES-000002";

    @TempDir
    Path stateDir;

    private SettlementDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private SettlementDriver start(Map<String, Object> settings) {
        driver = new SettlementDriver(settings, stateDir, START);
        return driver;
    }

    @Test
    void shouldMoveAWindowFromOpenThroughClosedAndPendingToSettled() {
        // Given
        SettlementDriver d = start(Map.of());
        d.settle(settlement("t1", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 10_000, 0));
        assertThat(d.latestWindows().get(W1).getState()).isEqualTo(SettlementWindowState.OPEN);

        // When
        d.command(SettlementAction.CLOSE, KES, null, null);

        // Then
        assertThat(d.windows).filteredOn(w -> w.getWindowId().equals(W1)).extracting(SettlementWindow::getState)
            .containsExactly(SettlementWindowState.OPEN, SettlementWindowState.CLOSED, SettlementWindowState.PENDING_SETTLEMENT);
        SettlementWindow pending = d.latestWindows().get(W1);
        assertThat(pending.getBatchCount()).isEqualTo(1);
        assertThat(pending.getRecordCount()).isEqualTo(1);
        assertThat(pending.getReportedPartitions()).containsExactly(0);
        assertThat(d.latestWindows().get(W2).getState()).isEqualTo(SettlementWindowState.OPEN);
        assertThat(d.latestWindows().get(W2).getOpenedAt()).isEqualTo(pending.getClosedAt());

        // When
        d.command(SettlementAction.SETTLE, KES, W1, null);

        // Then
        assertThat(d.latestWindows().get(W1).getState()).isEqualTo(SettlementWindowState.SETTLED);
        assertThat(heldKeys(d)).isEmpty();
        assertThat(d.deadLetters).isEmpty();
    }

    @Test
    void shouldStayClosedUntilEveryPartitionReportedItsPart() {
        // Given: three partitions; the driver's task is partition 0
        SettlementDriver d = start(Map.of(SettlementConfig.PARTITIONS_CONFIG, 3));
        d.settle(settlement("t1", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 10_000, 0));
        d.command(SettlementAction.CLOSE, KES, null, null);
        SettlementWindow closed = d.latestWindows().get(W1);
        assertThat(closed.getState()).isEqualTo(SettlementWindowState.CLOSED);
        assertThat(closed.getReportedPartitions()).containsExactly(0);
        SettlementWindow fromTwo = SettlementWindow.newBuilder(closed).setReportedPartitions(List.of(2))
            .setBatchCount(4).setRecordCount(9).build();

        // When: partition 2 reports, twice, and a SETTLE comes too early
        d.reportPart(fromTwo);
        d.reportPart(fromTwo);
        d.command(SettlementAction.SETTLE, KES, W1, null);

        // Then
        assertThat(d.latestWindows().get(W1).getState()).isEqualTo(SettlementWindowState.CLOSED);
        assertThat(d.deadLetters).extracting(l -> l.getReason()).containsExactly("WRONG_STATE");

        // When: the last partition reports
        d.reportPart(SettlementWindow.newBuilder(closed).setReportedPartitions(List.of(1)).setBatchCount(0)
            .setRecordCount(0).build());

        // Then
        SettlementWindow pending = d.latestWindows().get(W1);
        assertThat(pending.getState()).isEqualTo(SettlementWindowState.PENDING_SETTLEMENT);
        assertThat(pending.getReportedPartitions()).containsExactly(0, 1, 2);
        assertThat(pending.getBatchCount()).isEqualTo(5);
        assertThat(pending.getRecordCount()).isEqualTo(10);
    }

    @Test
    void shouldBatchEachPartysDebitsCreditsAndCommissionAsComputedByHand() throws Exception {
        // Given: a merchant paid twice and reversed once; an agent with a cash-out (commission) and a cash-in
        SettlementDriver d = start(Map.of());
        d.settle(settlement("t1", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 10_000, 0));
        d.settle(settlement("t2", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 2_500, 0));
        d.settle(settlement("t3", "m1", AccountType.MERCHANT, EntryDirection.DEBIT, 4_000, 0));
        d.settle(settlement("t4", "a1", AccountType.AGENT, EntryDirection.CREDIT, 50_000, 300));
        d.settle(settlement("t5", "a1", AccountType.AGENT, EntryDirection.DEBIT, 20_000, 0));

        // When
        d.command(SettlementAction.CLOSE, KES, null, null);

        // Then
        assertThat(d.batches).hasSize(2);
        SettlementBatch merchant = batch(d, "m1");
        assertThat(merchant.getBatchId()).isEqualTo(W1 + ":m1");
        assertThat(merchant.getGrossCredits()).isEqualTo(12_500);
        assertThat(merchant.getGrossDebits()).isEqualTo(4_000);
        assertThat(merchant.getCommission()).isZero();
        assertThat(merchant.getNetPosition()).isEqualTo(8_500);
        assertThat(merchant.getRecordCount()).isEqualTo(3);
        assertThat(merchant.getDigest()).isEqualTo(sha256Lines("t1:m1", "t2:m1", "t3:m1"));
        SettlementBatch agent = batch(d, "a1");
        assertThat(agent.getPartyType()).isEqualTo(AccountType.AGENT);
        assertThat(agent.getGrossCredits()).isEqualTo(50_000);
        assertThat(agent.getGrossDebits()).isEqualTo(20_000);
        assertThat(agent.getCommission()).isEqualTo(300);
        assertThat(agent.getNetPosition()).isEqualTo(30_300);
        assertThat(agent.getRecordCount()).isEqualTo(2);
        assertThat(agent.getDigest()).isEqualTo(sha256Lines("t4:a1", "t5:a1"));
        assertThat(agent.getCurrency()).isEqualTo(KES);
        assertThat(agent.getOpenedAt()).isEqualTo(START.toEpochMilli());
        assertThat(agent.getClosedAt()).isEqualTo(d.latestWindows().get(W1).getClosedAt());
    }

    @Test
    void shouldCloseOnTheScheduleWhenNairobiWallClockPassesTheCutoff() {
        // Given: every 15 minutes; the window opens at 09:05 Nairobi (06:05 UTC)
        SettlementDriver d = start(Map.of(SettlementConfig.SCHEDULE_CONFIG, "every 15m"));
        d.settle(settlement("t1", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 700, 0));

        // When
        d.advanceWallClockTo(START.plusSeconds(9 * 60 + 59));

        // Then
        assertThat(d.latestWindows().get(W1).getState()).isEqualTo(SettlementWindowState.OPEN);

        // When: 09:15:01 Nairobi
        d.advanceWallClockTo(START.plusSeconds(10 * 60 + 1));

        // Then
        assertThat(d.latestWindows().get(W1).getState()).isEqualTo(SettlementWindowState.PENDING_SETTLEMENT);
        assertThat(d.latestWindows().get(W1).getReason()).startsWith("schedule every 15m");
        assertThat(batch(d, "m1").getGrossCredits()).isEqualTo(700);
        assertThat(d.latestWindows().get(W2).getState()).isEqualTo(SettlementWindowState.OPEN);
    }

    @Test
    void shouldCloseDailyAtNairobiMidnightNotUtcMidnight() {
        // Given: opened at 23:50 Nairobi (20:50 UTC)
        java.time.Instant lateEvening = java.time.Instant.parse("2026-03-03T20:50:00Z");
        driver = new SettlementDriver(Map.of(SettlementConfig.SCHEDULE_CONFIG, "daily@00:00"), stateDir, lateEvening);
        driver.settle(settlement("t1", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 700, 0));

        // When: 23:59:59 Nairobi
        driver.advanceWallClockTo(java.time.Instant.parse("2026-03-03T20:59:59Z"));

        // Then
        assertThat(driver.latestWindows().get(W1).getState()).isEqualTo(SettlementWindowState.OPEN);

        // When: 00:00:01 Nairobi, still 21:00 UTC on the 3rd
        driver.advanceWallClockTo(java.time.Instant.parse("2026-03-03T21:00:01Z"));

        // Then
        assertThat(driver.latestWindows().get(W1).getState()).isEqualTo(SettlementWindowState.PENDING_SETTLEMENT);
    }

    @Test
    void shouldCountADuplicateSettlementIdOnceInThisWindowAndNotAgainInTheNext() {
        // Given
        SettlementDriver d = start(Map.of());
        Settlement once = settlement("t1", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 1_000, 0);
        d.settle(once);
        d.settle(once);
        d.settle(settlement("t2", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 30, 0));

        // When
        d.command(SettlementAction.CLOSE, KES, null, null);
        d.settle(once);
        d.settle(settlement("t3", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 5, 0));
        d.command(SettlementAction.CLOSE, KES, null, null);

        // Then
        assertThat(d.batches).extracting(SettlementBatch::getBatchId, SettlementBatch::getGrossCredits,
                SettlementBatch::getRecordCount)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(W1 + ":m1", 1_030L, 2L),
                org.assertj.core.groups.Tuple.tuple(W2 + ":m1", 5L, 1L));
    }

    @Test
    void shouldNotEmitASecondBatchAfterARestartAndAReplay() {
        // Given: a closed window
        SettlementDriver d = start(Map.of());
        Settlement s1 = settlement("t1", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 1_000, 0);
        Settlement s2 = settlement("t2", "m1", AccountType.MERCHANT, EntryDirection.DEBIT, 400, 0);
        d.settle(s1);
        d.settle(s2);
        d.command(SettlementAction.CLOSE, KES, null, null);
        SettlementBatch first = batch(d, "m1");
        SettlementWindow closed = d.windows.stream()
            .filter(w -> w.getWindowId().equals(W1) && w.getState() == SettlementWindowState.CLOSED).findFirst().orElseThrow();

        // When: restarted with the stores restored; the settlements and the close decision are replayed
        driver = d.restart(Map.of(), stateDir, START.plusSeconds(60));
        driver.settle(s1);
        driver.settle(s2);
        driver.replayChange(closed);

        // Then
        assertThat(driver.batches).isEmpty();
        assertThat(heldKeys(driver)).containsExactly(W1 + "|m1|t1:m1", W1 + "|m1|t2:m1");

        // When: the next window closes
        driver.settle(settlement("t3", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 9, 0));
        driver.command(SettlementAction.CLOSE, KES, null, null);

        // Then: only the new settlement, and window 1's batch id is never emitted again
        assertThat(driver.batches).extracting(SettlementBatch::getBatchId).containsExactly(W2 + ":m1");
        assertThat(batch(driver, "m1").getRecordCount()).isEqualTo(1);
        assertThat(first.getNetPosition()).isEqualTo(600);
    }

    @Test
    void shouldCarryAnAbortedWindowsSettlementsIntoTheNextWindowsBatch() {
        // Given
        SettlementDriver d = start(Map.of());
        d.settle(settlement("t1", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 1_000, 0));
        d.settle(settlement("t2", "a1", AccountType.AGENT, EntryDirection.CREDIT, 500, 20));
        d.command(SettlementAction.CLOSE, KES, null, null);

        // When
        d.command(SettlementAction.ABORT, KES, W1, "bank file rejected");
        d.settle(settlement("t3", "m1", AccountType.MERCHANT, EntryDirection.DEBIT, 100, 0));
        d.command(SettlementAction.CLOSE, KES, null, null);

        // Then
        SettlementWindow aborted = d.latestWindows().get(W1);
        assertThat(aborted.getState()).isEqualTo(SettlementWindowState.ABORTED);
        assertThat(aborted.getReason()).contains("bank file rejected");
        List<SettlementBatch> second = d.batches.stream().filter(b -> b.getWindowId().equals(W2)).toList();
        assertThat(second).extracting(SettlementBatch::getPartyId, SettlementBatch::getNetPosition,
                SettlementBatch::getRecordCount)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("m1", 900L, 2L),
                org.assertj.core.groups.Tuple.tuple("a1", 520L, 1L));
        assertThat(d.latestWindows().get(W2).getState()).isEqualTo(SettlementWindowState.PENDING_SETTLEMENT);
    }

    @Test
    void shouldDeadLetterHostileAndMistimedCommandsAndKeepGoing() {
        // Given: window 1 open with one settlement
        SettlementDriver d = start(Map.of());
        d.settle(settlement("t1", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 1_000, 0));

        // When
        d.rawCommand(KES, "not avro at all".getBytes(StandardCharsets.UTF_8));
        d.command(SettlementAction.SETTLE, KES, W1, null);
        d.command(SettlementAction.SETTLE, KES, "KES-000042", null);
        d.command("kes", SettlementDriver.newCommand(SettlementAction.CLOSE, "kes", null, null));
        d.command("USD", SettlementDriver.newCommand(SettlementAction.CLOSE, KES, null, null));
        d.command(SettlementAction.CLOSE, "USD", null, null);
        d.command(SettlementAction.ABORT, KES, "KES-1", "why not");
        d.command(SettlementAction.CLOSE, KES, null, null);
        d.command(SettlementAction.ABORT, KES, W1, " ");

        // Then
        assertThat(d.deadLetters).extracting(l -> l.getReason()).containsExactly("UNDECODABLE", "WRONG_STATE",
            "UNKNOWN_WINDOW", "BAD_CURRENCY", "KEY_MISMATCH", "NO_OPEN_WINDOW", "BAD_WINDOW_ID", "MISSING_REASON");
        assertThat(d.deadLetters.get(0).getSourceTopic()).isEqualTo("hazina.settlement-commands");
        assertThat(d.deadLetters.get(0).getValue()).isEqualTo(
            java.nio.ByteBuffer.wrap("not avro at all".getBytes(StandardCharsets.UTF_8)));
        assertThat(d.latestWindows().get(W1).getState()).isEqualTo(SettlementWindowState.PENDING_SETTLEMENT);
        assertThat(batch(d, "m1").getGrossCredits()).isEqualTo(1_000);
    }

    @Test
    void shouldStopRatherThanLeaveASettlementWithoutCurrencyOutOfEveryBatch() {
        // Given
        SettlementDriver d = start(Map.of());
        Settlement broken = Settlement.newBuilder(settlement("t1", "m1", AccountType.MERCHANT, EntryDirection.CREDIT, 5, 0))
            .setCurrency("").build();

        // When / Then
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.settle(broken))
            .hasRootCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage(
                "settlement t1:m1 has no valid currency (); the ledger's settlements must name one");
    }

    private static SettlementBatch batch(SettlementDriver d, String party) {
        return d.batches.stream().filter(b -> b.getPartyId().equals(party)).reduce((a, b) -> b).orElseThrow();
    }

    private static List<String> heldKeys(SettlementDriver d) {
        List<String> keys = new java.util.ArrayList<>();
        try (KeyValueIterator<String, Settlement> it = d.entries().all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private static String sha256Lines(String... sortedIds) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String id : sortedIds) {
            sha.update((id + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
