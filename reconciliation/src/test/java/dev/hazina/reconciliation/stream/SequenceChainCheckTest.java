package dev.hazina.reconciliation.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hazina.reconciliation.LedgerSimulator;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.ReconciliationAlertStatus;

class SequenceChainCheckTest {

    @Test
    void shouldStayQuietOnACleanHistory() {
        // Given
        LedgerSimulator ledger = Histories.withTransfers();
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // When
            driver.pipeNew(ledger.outputs());
            driver.advance(Duration.ofMinutes(5));

            // Then
            assertThat(driver.alerts()).isEmpty();
            assertThat(driver.status().state()).isEqualTo(ReconciliationStatus.State.OK);
            assertThat(driver.status().judged()).isGreaterThan(ledger.outputs().entries().size());
        }
    }

    @Test
    void shouldRaiseOnceWhenAnAccountSkipsASequence() {
        // Given
        List<LedgerEntry> entries = Histories.withTransfers().outputs().entries();
        LedgerEntry skipped = secondPostingOf(entries, "CUST-1");
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // When
            entries.stream().filter(entry -> entry != skipped).forEach(driver::entry);

            // Then
            List<ReconciliationAlert> alerts = driver.alerts(Check.SEQUENCE_CHAIN);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getSubject()).isEqualTo("CUST-1");
            assertThat(alerts.get(0).getStatus()).isEqualTo(ReconciliationAlertStatus.RAISED);
            assertThat(alerts.get(0).getExpected()).isEqualTo(skipped.getSequence());
            assertThat(alerts.get(0).getActual()).isEqualTo(skipped.getSequence() + 1);
            assertThat(driver.status().openByCheck()).containsEntry(Check.SEQUENCE_CHAIN.id(), 1);
        }
    }

    @Test
    void shouldRaiseWhenAPostingIsRepeated() {
        // Given
        List<LedgerEntry> entries = Histories.withTransfers().outputs().entries();
        LedgerEntry repeated = secondPostingOf(entries, "CUST-2");
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // When
            entries.forEach(driver::entry);
            driver.entry(repeated);

            // Then
            assertThat(driver.alerts(Check.SEQUENCE_CHAIN)).singleElement()
                .satisfies(alert -> assertThat(alert.getDetail()).contains("repeated"))
                .satisfies(alert -> assertThat(alert.getAccountId()).isEqualTo("CUST-2"));
        }
    }

    @Test
    void shouldRaiseWhenBalanceAfterDoesNotFollow() {
        // Given
        List<LedgerEntry> entries = Histories.withTransfers().outputs().entries();
        LedgerEntry altered = secondPostingOf(entries, "AGENT-1");
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // When
            for (LedgerEntry entry : entries) {
                driver.entry(entry == altered
                    ? LedgerEntry.newBuilder(entry).setBalanceAfter(entry.getBalanceAfter() + 1).build() : entry);
            }

            // Then
            assertThat(driver.alerts(Check.SEQUENCE_CHAIN)).singleElement().satisfies(alert -> {
                assertThat(alert.getSubject()).isEqualTo("AGENT-1");
                assertThat(alert.getExpected()).isEqualTo(altered.getBalanceAfter());
                assertThat(alert.getActual()).isEqualTo(altered.getBalanceAfter() + 1);
            });
        }
    }

    private static LedgerEntry secondPostingOf(List<LedgerEntry> entries, String account) {
        return entries.stream().filter(entry -> entry.getAccountId().equals(account)).skip(1).findFirst().orElseThrow();
    }
}
