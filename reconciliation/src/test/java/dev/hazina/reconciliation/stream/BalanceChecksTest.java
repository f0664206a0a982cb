package dev.hazina.reconciliation.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.reconciliation.LedgerSimulator;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.ReconciliationAlertStatus;
import dev.hazina.schemas.TransferKind;

/** The transfer-balance and conservation checks, which both judge regrouped postings after a quiet period. */
class BalanceChecksTest {

    private static final Duration QUIET = Duration.ofSeconds(10);

    @Test
    void shouldStayQuietWhenEveryTransferAndWindowBalances() {
        // Given
        LedgerSimulator ledger = Histories.withTransfers();
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // When
            driver.pipeNew(ledger.outputs());
            driver.advance(QUIET.plusSeconds(1));

            // Then
            assertThat(driver.alerts()).isEmpty();
            assertThat(driver.status().judged()).isGreaterThan(0);
        }
    }

    @Test
    void shouldNotJudgeATransferBeforeItsQuietPeriod() {
        // Given
        LedgerSimulator ledger = Histories.funded();
        ledger.start(TransferKind.P2P, "CUST-1", "CUST-2", 50_000);
        List<LedgerEntry> entries = ledger.outputs().entries();
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // When: the step's last entry is missing, and the quiet period has not passed
            entries.subList(0, entries.size() - 1).forEach(driver::entry);
            driver.advance(QUIET.minusSeconds(2));

            // Then
            assertThat(driver.alerts(Check.TRANSFER_BALANCE)).isEmpty();
        }
    }

    @Test
    void shouldRaiseAnUnbalancedTransferThenClearItWhenTheLateEntryArrives() {
        // Given: a saga's first step, its credit to the transit shard held back
        LedgerSimulator ledger = Histories.funded();
        String transfer = ledger.start(TransferKind.P2P, "CUST-1", "CUST-2", 50_000);
        List<LedgerEntry> entries = ledger.outputs().entries();
        LedgerEntry late = entries.get(entries.size() - 1);
        assertThat(late.getDirection()).isEqualTo(EntryDirection.CREDIT);
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            entries.subList(0, entries.size() - 1).forEach(driver::entry);

            // When
            driver.advance(QUIET.plusSeconds(1));

            // Then
            List<ReconciliationAlert> raised = driver.alerts(Check.TRANSFER_BALANCE);
            assertThat(raised).singleElement().satisfies(alert -> {
                assertThat(alert.getStatus()).isEqualTo(ReconciliationAlertStatus.RAISED);
                assertThat(alert.getSubject()).isEqualTo(transfer + "/KES");
                assertThat(alert.getActual() - alert.getExpected()).isEqualTo(late.getAmount());
                assertThat(alert.getDetectedAt()).isEqualTo(ReconciliationDriver.START.plus(QUIET).plusSeconds(1).toEpochMilli());
            });
            assertThat(driver.status().state()).isEqualTo(ReconciliationStatus.State.ALERT);

            // When
            driver.entry(late);
            driver.advance(QUIET.plusSeconds(1));

            // Then
            assertThat(driver.alerts(Check.TRANSFER_BALANCE)).extracting(ReconciliationAlert::getStatus)
                .containsExactly(ReconciliationAlertStatus.RAISED, ReconciliationAlertStatus.CLEARED);
            assertThat(driver.status().openByCheck()).containsEntry(Check.TRANSFER_BALANCE.id(), 0);
        }
    }

    @Test
    void shouldRaiseConservationForTheWindowWhoseEntriesDoNotNetToZero() {
        // Given: one credit inflated by 7 cents
        List<LedgerEntry> entries = Histories.withTransfers().outputs().entries();
        LedgerEntry inflated = entries.stream().filter(e -> e.getAccountId().equals("CUST-2")
            && e.getDirection() == EntryDirection.CREDIT).findFirst().orElseThrow();
        long window = Duration.ofMinutes(1).toMillis();
        try (ReconciliationDriver driver = new ReconciliationDriver(
                Map.of(ReconciliationConfig.CONSERVATION_WINDOW_MS_CONFIG, window))) {
            // When
            for (LedgerEntry entry : entries) {
                driver.entry(entry == inflated ? LedgerEntry.newBuilder(entry).setAmount(entry.getAmount() + 7).build() : entry);
            }
            driver.advance(QUIET.plusSeconds(1));

            // Then
            assertThat(driver.alerts(Check.CONSERVATION)).singleElement().satisfies(alert -> {
                long start = Math.floorDiv(inflated.getPostedAt(), window) * window;
                assertThat(alert.getSubject()).isEqualTo("KES@" + start);
                assertThat(alert.getWindowStart()).isEqualTo(start);
                assertThat(alert.getWindowEnd()).isEqualTo(start + window);
                assertThat(alert.getExpected() - alert.getActual()).isEqualTo(7);
            });
            assertThat(driver.alerts(Check.TRANSFER_BALANCE)).singleElement()
                .satisfies(alert -> assertThat(alert.getTransferId()).isEqualTo(inflated.getTransferId()));
        }
    }
}
