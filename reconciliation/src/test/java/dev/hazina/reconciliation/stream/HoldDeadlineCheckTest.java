package dev.hazina.reconciliation.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.ReconciliationAlertStatus;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

class HoldDeadlineCheckTest {

    private static final Duration GRACE = Duration.ofMinutes(2);
    private static final Instant DEADLINE = ReconciliationDriver.START.plus(Duration.ofMinutes(10));

    @Test
    void shouldStayQuietWhenEveryHoldIsCapturedVoidedOrExpiredInTime() {
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // Given: three holds; one captured, one voided, one expired by the ledger at its deadline
            driver.result(pending("auth-1"));
            driver.result(pending("auth-2"));
            driver.result(pending("auth-3"));
            driver.result(outcome(TransferKind.CAPTURE, "cap-1", TransferStatus.COMPLETED, "auth-1"));
            driver.result(outcome(TransferKind.VOID, "void-2", TransferStatus.COMPLETED, "auth-2"));
            driver.advance(Duration.ofMinutes(10));
            driver.result(expired("auth-3"));

            // When: long past every deadline and its grace
            driver.advance(GRACE.multipliedBy(20));

            // Then
            assertThat(driver.alerts(Check.HOLD_DEADLINE)).isEmpty();
        }
    }

    @Test
    void shouldNotRaiseWhenTheResolutionArrivesBeforeTheHold() {
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // Given: regrouped from two partitions, the VOID's outcome overtakes the AUTHORIZE's
            driver.result(outcome(TransferKind.VOID, "void-1", TransferStatus.COMPLETED, "auth-1"));
            driver.result(pending("auth-1"));

            // When
            driver.advance(Duration.ofMinutes(10).plus(GRACE.multipliedBy(2)));

            // Then
            assertThat(driver.alerts(Check.HOLD_DEADLINE)).isEmpty();
        }
    }

    @Test
    void shouldRememberAResolutionThatOvertookItsHoldThroughALongPauseOfTheStream() {
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // Given: the VOID's outcome is read, then the stream stalls (a restart, a lagging task) for two hours
            driver.result(outcome(TransferKind.VOID, "void-1", TransferStatus.COMPLETED, "auth-1"));
            driver.advance(Duration.ofHours(2));

            // When: the AUTHORIZE's outcome arrives at last
            driver.result(pending("auth-1"));
            driver.advance(GRACE.multipliedBy(2));

            // Then
            assertThat(driver.alerts(Check.HOLD_DEADLINE)).isEmpty();
        }
    }

    @Test
    void shouldRaiseAHoldPastItsDeadlineThenClearItWhenTheLedgerExpiresIt() {
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // Given: a hold, a CAPTURE of it refused (which resolves nothing), and a retry's repeated PENDING
            driver.result(pending("auth-1"));
            driver.result(outcome(TransferKind.CAPTURE, "cap-1", TransferStatus.REJECTED, "auth-1"));
            driver.result(TransferResult.newBuilder(pending("auth-1")).setDuplicate(true).build());

            // When: one second short of deadline plus grace, then past it
            driver.advance(Duration.ofMinutes(10).plus(GRACE).minusSeconds(1));
            int early = driver.alerts(Check.HOLD_DEADLINE).size();
            driver.advance(Duration.ofSeconds(2));

            // Then
            assertThat(early).isZero();
            assertThat(driver.alerts(Check.HOLD_DEADLINE)).singleElement().satisfies(alert -> {
                assertThat(alert.getStatus()).isEqualTo(ReconciliationAlertStatus.RAISED);
                assertThat(alert.getSubject()).isEqualTo("auth-1");
                assertThat(alert.getAccountId()).isEqualTo("CUST-1");
                assertThat(alert.getActual()).isEqualTo(7_500);
                assertThat(alert.getDetail()).contains("neither captured, voided nor expired").contains(DEADLINE.toString());
            });
            assertThat(driver.status().openByCheck()).containsEntry(Check.HOLD_DEADLINE.id(), 1);

            // When: the ledger's sweep finally expires it
            driver.result(expired("auth-1"));
            driver.advance(Duration.ofSeconds(1));

            // Then
            assertThat(driver.alerts(Check.HOLD_DEADLINE)).extracting(ReconciliationAlert::getStatus)
                .containsExactly(ReconciliationAlertStatus.RAISED, ReconciliationAlertStatus.CLEARED);
            assertThat(driver.alerts(Check.HOLD_DEADLINE).get(1).getDetail()).contains("resolved by expired by the ledger");
            assertThat(driver.status().state()).isEqualTo(ReconciliationStatus.State.OK);
        }
    }

    @Test
    void shouldJudgeAHoldSeenLateFromWhenItWasSeenSoACatchUpRaisesNothing() {
        try (ReconciliationDriver driver = new ReconciliationDriver()) {
            // Given: the stream was down past the deadline; it reads the hold, then (a little later) its expiry
            driver.advance(Duration.ofMinutes(30));
            driver.result(pending("auth-1"));
            driver.advance(GRACE.minusSeconds(10));
            driver.result(expired("auth-1"));

            // When
            driver.advance(GRACE.multipliedBy(3));

            // Then
            assertThat(driver.alerts(Check.HOLD_DEADLINE)).isEmpty();
        }
    }

    private static TransferResult pending(String holdId) {
        return result(TransferKind.AUTHORIZE, holdId, TransferStatus.PENDING, null).setHoldExpiresAt(DEADLINE.toEpochMilli())
            .build();
    }

    private static TransferResult expired(String holdId) {
        return result(TransferKind.AUTHORIZE, holdId, TransferStatus.EXPIRED, null).build();
    }

    private static TransferResult outcome(TransferKind kind, String requestId, TransferStatus status, String holdId) {
        TransferResult.Builder result = result(kind, requestId, status, holdId);
        if (status == TransferStatus.REJECTED) {
            result.setReason(ReasonCode.INSUFFICIENT_FUNDS);
        }
        return result.build();
    }

    private static TransferResult.Builder result(TransferKind kind, String requestId, TransferStatus status, String reference) {
        long now = ReconciliationDriver.START.toEpochMilli();
        return TransferResult.newBuilder().setRequestId(requestId).setKind(kind).setStatus(status).setPayer("CUST-1")
            .setPayee("MERCH-1").setAmount(7_500).setFee(0).setCurrency("KES").setDuplicate(false).setRequestedAt(now)
            .setDecidedAt(now).setReference(reference);
    }
}
