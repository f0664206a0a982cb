package dev.hazina.reconciliation.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hazina.reconciliation.LedgerSimulator;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.ReconciliationAlertStatus;
import dev.hazina.schemas.TransferKind;

class StuckSagaCheckTest {

    private static final Duration STUCK = Duration.ofMinutes(2);

    @Test
    void shouldStayQuietWhenEverySagaIsAnsweredInTime() {
        // Given
        LedgerSimulator ledger = Histories.withTransfers();
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // When
            driver.pipeNew(ledger.outputs());
            driver.advance(STUCK.multipliedBy(2));

            // Then
            assertThat(ledger.outputs().legs()).isNotEmpty();
            assertThat(driver.alerts(Check.STUCK_SAGA)).isEmpty();
        }
    }

    @Test
    void shouldNotRaiseWhenTheAnswerArrivesBeforeTheLegItAnswers() {
        // Given: regrouped from two partitions, the CONFIRM overtakes its CREDIT
        List<LedgerLeg> legs = Histories.withTransfers().outputs().legs();
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // When
            for (int i = legs.size() - 1; i >= 0; i--) {
                driver.leg(legs.get(i));
            }
            driver.advance(STUCK.multipliedBy(2));

            // Then
            assertThat(driver.alerts(Check.STUCK_SAGA)).isEmpty();
        }
    }

    @Test
    void shouldRememberAnAnswerThatOvertookItsLegThroughALongPauseOfTheStream() {
        // Given: the CONFIRM is read, then the stream stalls (a restart, a lagging task) past ten stuck periods
        LedgerSimulator ledger = Histories.funded();
        String transfer = ledger.start(TransferKind.P2P, "CUST-1", "CUST-2", 50_000);
        ledger.advance(transfer);
        List<LedgerLeg> legs = ledger.outputs().legs().stream().filter(leg -> leg.getRequestId().equals(transfer)).toList();
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            driver.leg(legs.get(legs.size() - 1));
            driver.advance(STUCK.multipliedBy(15));

            // When: the CREDIT it answers arrives at last
            for (int i = 0; i < legs.size() - 1; i++) {
                driver.leg(legs.get(i));
            }
            driver.advance(STUCK.multipliedBy(2));

            // Then
            assertThat(legs).extracting(LedgerLeg::getLegType).containsExactly(LegType.CREDIT, LegType.CONFIRM);
            assertThat(driver.alerts(Check.STUCK_SAGA)).isEmpty();
        }
    }

    @Test
    void shouldRaiseAStuckSagaThenClearItWhenItResolves() {
        // Given: step one done, its CREDIT leg unanswered
        LedgerSimulator ledger = Histories.funded();
        String transfer = ledger.start(TransferKind.P2P, "CUST-1", "CUST-2", 50_000);
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            driver.pipeNew(ledger.outputs());

            // When: one second short, then past the limit
            driver.advance(STUCK.minusSeconds(1));
            List<ReconciliationAlert> early = driver.alerts(Check.STUCK_SAGA);
            driver.advance(Duration.ofSeconds(2));

            // Then
            assertThat(early).isEmpty();
            assertThat(driver.alerts(Check.STUCK_SAGA)).singleElement().satisfies(alert -> {
                assertThat(alert.getStatus()).isEqualTo(ReconciliationAlertStatus.RAISED);
                assertThat(alert.getSubject()).isEqualTo(transfer + "/CREDIT");
                assertThat(alert.getAccountId()).isEqualTo("CUST-2");
                assertThat(alert.getActual()).isEqualTo(50_000);
            });
            assertThat(driver.status().openByCheck()).containsEntry(Check.STUCK_SAGA.id(), 1);

            // When: the payee's partition finally credits and confirms
            ledger.advance(transfer);
            driver.pipeNew(ledger.outputs());
            driver.advance(Duration.ofSeconds(1));

            // Then
            assertThat(driver.alerts(Check.STUCK_SAGA)).extracting(ReconciliationAlert::getStatus)
                .containsExactly(ReconciliationAlertStatus.RAISED, ReconciliationAlertStatus.CLEARED);
            assertThat(driver.status().state()).isEqualTo(ReconciliationStatus.State.OK);
            assertThat(driver.alerts()).allSatisfy(alert -> assertThat(alert.getCheck()).isEqualTo(Check.STUCK_SAGA.id()));
        }
    }
}
