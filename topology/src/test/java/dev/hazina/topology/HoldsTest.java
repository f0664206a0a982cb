package dev.hazina.topology;

import static dev.hazina.topology.LedgerAssertions.assertRejected;
import static dev.hazina.topology.LedgerAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.HoldStatus;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/** AUTHORIZE, CAPTURE, VOID and expiry through the real topology, with a one-hour hold timeout. */
class HoldsTest {

    private static final Duration TIMEOUT = Duration.ofHours(1);
    private static final String TRANSIT = "SYS.TRANSIT.KES.0";
    private static final String FEES = "SYS.FEES.KES.0";

    private LedgerDriver ledger;

    @BeforeEach
    void openAccounts() {
        open(Map.of());
    }

    private void open(Map<String, Object> overrides) {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
            LedgerConfig.HOLD_TIMEOUT_MS_CONFIG, TIMEOUT.toMillis(),
            LedgerConfig.HOLD_SWEEP_INTERVAL_MS_CONFIG, Duration.ofMinutes(1).toMillis(),
            LedgerConfig.tariffKey(TransferKind.AUTHORIZE), "10000:100,1000000:500"));
        settings.putAll(overrides);
        ledger = LedgerDriver.withFundedAlice(settings, AccountLimits.newBuilder().build(), 1_000_000);
    }

    @AfterEach
    void checkInvariants() {
        LedgerAssertions.checkAndClose(ledger);
    }

    @Test
    void shouldHoldFundsWithoutPostingAndAnswerPending() {
        // Given
        int entriesBefore = ledger.entries().size();

        // When
        TransferResult hold = ledger.authorize("alice", "shop", 300_000);

        // Then: held grows by amount + fee, the balance does not move, nothing is posted
        assertStatus(hold, TransferStatus.PENDING);
        assertThat(ledger.account("alice").getHeld()).isEqualTo(300_500);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
        assertThat(AccountBook.available(ledger.account("alice"))).isEqualTo(699_500);
        assertThat(ledger.account("alice").getDailyDebitTotal()).isEqualTo(300_000);
        assertThat(ledger.entries()).hasSize(entriesBefore);
        var record = ledger.transferRecord(hold.getRequestId());
        assertThat(record.getOutcome().getStatus()).isEqualTo(TransferStatus.PENDING);
        assertThat(record.getHold().getStatus()).isEqualTo(HoldStatus.PENDING);
        long expiresAt = ledger.now().plus(TIMEOUT).toEpochMilli();
        assertThat(record.getHold().getExpiresAt()).isEqualTo(expiresAt);
        assertThat(ledger.holdDeadlines()).containsExactly(LedgerStores.expiryKey(expiresAt, hold.getRequestId()));
        // The reconciliation stream's hold-deadline check reads the deadline from the outcome.
        assertThat(hold.getHoldExpiresAt()).isEqualTo(expiresAt);
        assertThat(hold.getReference()).isNull();
    }

    @Test
    void shouldCountHeldFundsAgainstLaterDebits() {
        // Given
        ledger.authorize("alice", "shop", 900_000);

        // When: 99,500 remain available, and this needs 100,000
        TransferResult payment = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 100_000);

        // Then
        assertRejected(payment, ReasonCode.INSUFFICIENT_FUNDS);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
    }

    @Test
    void shouldRejectAHoldBeyondAvailableFunds() {
        // When
        TransferResult hold = ledger.authorize("alice", "shop", 999_800);

        // Then: 999,800 + 500 fee > 1,000,000, and holds never pull a top-up
        assertRejected(hold, ReasonCode.INSUFFICIENT_FUNDS);
        assertThat(ledger.account("alice").getHeld()).isZero();
        assertThat(ledger.transferRecord(hold.getRequestId()).getHold()).isNull();
    }

    @Test
    void shouldCapturePartOfAHoldAndReleaseTheRest() {
        // Given
        TransferResult hold = ledger.authorize("alice", "shop", 300_000);

        // When
        TransferResult capture = ledger.capture(hold, 120_000);

        // Then: the fee is the tariff's for the captured amount, the rest of the hold is free again
        assertStatus(capture, TransferStatus.COMPLETED);
        assertThat(capture.getFee()).isEqualTo(500);
        assertThat(ledger.account("alice").getHeld()).isZero();
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000 - 120_500);
        assertThat(ledger.balance("shop")).isEqualTo(120_000);
        assertThat(ledger.balance(FEES)).isEqualTo(500);
        assertThat(ledger.balance(TRANSIT)).isZero();
        assertThat(ledger.account("alice").getDailyDebitTotal()).isEqualTo(120_000);
        assertThat(ledger.entriesFor(capture.getRequestId()))
            .extracting(LedgerEntry::getAccountId, LedgerEntry::getEntryType, LedgerEntry::getDirection, LedgerEntry::getAmount)
            .containsExactly(
                tuple("alice", EntryType.PRINCIPAL, EntryDirection.DEBIT, 120_000L),
                tuple("alice", EntryType.FEE, EntryDirection.DEBIT, 500L),
                tuple(FEES, EntryType.FEE, EntryDirection.CREDIT, 500L),
                tuple(TRANSIT, EntryType.TRANSIT, EntryDirection.CREDIT, 120_000L),
                tuple(TRANSIT, EntryType.TRANSIT, EntryDirection.DEBIT, 120_000L),
                tuple("shop", EntryType.PRINCIPAL, EntryDirection.CREDIT, 120_000L));
        assertThat(ledger.settlements()).last().extracting(Settlement::getPartyId, Settlement::getKind, Settlement::getAmount)
            .containsExactly("shop", TransferKind.CAPTURE, 120_000L);
        var record = ledger.transferRecord(hold.getRequestId());
        assertThat(record.getHold().getStatus()).isEqualTo(HoldStatus.CAPTURED);
        assertThat(record.getHold().getResolvedBy()).isEqualTo(capture.getRequestId());
        assertThat(ledger.holdDeadlines()).isEmpty();
        assertThat(ledger.transferRecord(capture.getRequestId()).getOutcome().getStatus()).isEqualTo(TransferStatus.COMPLETED);
        // The outcome names the hold it resolved, on the payee's partition as on the payer's.
        assertThat(capture.getReference()).isEqualTo(hold.getRequestId());
        assertThat(ledger.transferRecord(capture.getRequestId()).getOutcome().getReference()).isEqualTo(hold.getRequestId());
        assertThat(capture.getHoldExpiresAt()).isNull();
    }

    @Test
    void shouldCaptureAHoldInFull() {
        // Given
        TransferResult hold = ledger.authorize("alice", "shop", 5_000);

        // When
        TransferResult capture = ledger.capture(hold, 5_000);

        // Then
        assertStatus(capture, TransferStatus.COMPLETED);
        assertThat(capture.getFee()).isEqualTo(100);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000 - 5_100);
        assertThat(ledger.account("alice").getHeld()).isZero();
    }

    @Test
    void shouldRefuseToCaptureMoreThanWasHeld() {
        // Given
        TransferResult hold = ledger.authorize("alice", "shop", 5_000);

        // When
        TransferResult capture = ledger.capture(hold, 5_001);

        // Then: refused, and the hold is still there to capture properly
        assertRejected(capture, ReasonCode.INVALID_AMOUNT);
        assertThat(ledger.account("alice").getHeld()).isEqualTo(5_100);
        assertStatus(ledger.capture(hold, 5_000), TransferStatus.COMPLETED);
    }

    @Test
    void shouldVoidAHoldAndGiveBackTheDailyAllowance() {
        // Given
        TransferResult hold = ledger.authorize("alice", "shop", 300_000);

        // When
        TransferResult voided = ledger.voidHold(hold);

        // Then
        assertStatus(voided, TransferStatus.COMPLETED);
        assertThat(ledger.account("alice").getHeld()).isZero();
        assertThat(ledger.account("alice").getDailyDebitTotal()).isZero();
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
        assertThat(ledger.entriesFor(voided.getRequestId())).isEmpty();
        assertThat(ledger.transferRecord(hold.getRequestId()).getHold().getStatus()).isEqualTo(HoldStatus.VOIDED);
        assertThat(ledger.holdDeadlines()).isEmpty();
        assertThat(voided.getReference()).isEqualTo(hold.getRequestId());
    }

    @Test
    void shouldResolveAHoldAtMostOnce() {
        // Given
        TransferResult hold = ledger.authorize("alice", "shop", 300_000);
        ledger.capture(hold, 100_000);

        // When
        TransferResult secondCapture = ledger.capture(hold, 100_000);
        TransferResult voidAfter = ledger.voidHold(hold);

        // Then
        assertRejected(secondCapture, ReasonCode.HOLD_RESOLVED);
        assertRejected(voidAfter, ReasonCode.HOLD_RESOLVED);
        assertThat(ledger.balance("shop")).isEqualTo(100_000);
    }

    @Test
    void shouldAnswerARetriedCaptureWithItsOutcomeAndPostNothing() {
        // Given
        TransferResult hold = ledger.authorize("alice", "shop", 300_000);
        TransferRequest capture = ledger.request(TransferKind.CAPTURE, "alice", "shop", 100_000)
            .setReference(hold.getRequestId()).build();
        TransferResult first = ledger.send(capture);
        int entriesBefore = ledger.entries().size();

        // When
        TransferResult retry = ledger.send(TransferRequest.newBuilder(capture).setRequestedAt(capture.getRequestedAt() + 1).build());

        // Then
        assertThat(retry.getDuplicate()).isTrue();
        assertThat(retry.getStatus()).isEqualTo(first.getStatus());
        assertThat(ledger.entries()).hasSize(entriesBefore);
        assertThat(ledger.balance("shop")).isEqualTo(100_000);
    }

    @Test
    void shouldRefuseACaptureOfAnUnknownOrForeignHold() {
        // Given
        TransferResult hold = ledger.authorize("alice", "shop", 300_000);
        ledger.open("kiosk", AccountType.MERCHANT);

        // When
        TransferResult unknown = ledger.send(ledger.request(TransferKind.CAPTURE, "alice", "shop", 100)
            .setReference("no-such-hold").build());
        TransferResult otherPayer = ledger.send(ledger.request(TransferKind.CAPTURE, "bob", "shop", 100)
            .setReference(hold.getRequestId()).build());
        TransferResult otherPayee = ledger.send(ledger.request(TransferKind.CAPTURE, "alice", "kiosk", 100)
            .setReference(hold.getRequestId()).build());
        TransferResult noReference = ledger.send(ledger.request(TransferKind.CAPTURE, "alice", "shop", 100).build());

        // Then
        assertRejected(unknown, ReasonCode.HOLD_NOT_FOUND);
        assertRejected(otherPayer, ReasonCode.HOLD_NOT_FOUND);
        assertRejected(otherPayee, ReasonCode.INVALID_REQUEST);
        assertRejected(noReference, ReasonCode.INVALID_REQUEST);
        assertThat(ledger.transferRecord(hold.getRequestId()).getHold().getStatus()).isEqualTo(HoldStatus.PENDING);
    }

    @Test
    void shouldExpireAHoldOnTheWallClockWithoutAnyTraffic() {
        // Given
        TransferResult hold = ledger.authorize("alice", "shop", 300_000);
        ledger.advance(TIMEOUT.minusMinutes(2));
        assertThat(ledger.resultsFor(hold.getRequestId())).hasSize(1);

        // When: only the clock moves
        ledger.advance(Duration.ofMinutes(3));

        // Then
        assertThat(ledger.resultsFor(hold.getRequestId())).extracting(TransferResult::getStatus, TransferResult::getDuplicate)
            .containsExactly(tuple(TransferStatus.PENDING, false), tuple(TransferStatus.EXPIRED, false));
        assertThat(ledger.account("alice").getHeld()).isZero();
        assertThat(ledger.account("alice").getDailyDebitTotal()).isZero();
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
        assertThat(ledger.transferRecord(hold.getRequestId()).getHold().getStatus()).isEqualTo(HoldStatus.EXPIRED);
        assertThat(ledger.holdDeadlines()).isEmpty();

        // And a capture after expiry is refused, and another sweep expires nothing again
        assertRejected(ledger.capture(hold, 1_000), ReasonCode.HOLD_EXPIRED);
        assertRejected(ledger.voidHold(hold), ReasonCode.HOLD_EXPIRED);
        ledger.advance(Duration.ofMinutes(5));
        assertThat(ledger.resultsFor(hold.getRequestId())).hasSize(2);
    }

    @Test
    void shouldExpireACaptureRacingTheDeadlineBeforeTheSweepRuns() {
        // Given: the sweep runs only every two hours, and the one-hour deadline has just passed
        ledger.close();
        open(Map.of(LedgerConfig.HOLD_SWEEP_INTERVAL_MS_CONFIG, Duration.ofHours(2).toMillis()));
        TransferResult hold = ledger.authorize("alice", "shop", 300_000);
        ledger.advance(TIMEOUT);

        // When
        TransferResult capture = ledger.capture(hold, 300_000);

        // Then: the deadline decides; the hold expires right there, exactly once
        assertRejected(capture, ReasonCode.HOLD_EXPIRED);
        assertThat(ledger.resultsFor(hold.getRequestId())).extracting(TransferResult::getStatus)
            .containsExactly(TransferStatus.PENDING, TransferStatus.EXPIRED);
        assertThat(ledger.account("alice").getHeld()).isZero();
        assertThat(ledger.balance("shop")).isZero();
        ledger.advance(Duration.ofHours(3));
        assertThat(ledger.resultsFor(hold.getRequestId())).hasSize(2);
    }

    @Test
    void shouldCaptureJustBeforeTheDeadline() {
        // Given
        TransferResult hold = ledger.authorize("alice", "shop", 300_000);
        ledger.advance(TIMEOUT.minusSeconds(1));

        // When
        TransferResult capture = ledger.capture(hold, 300_000);
        ledger.advance(Duration.ofMinutes(5));

        // Then: captured, and the sweep leaves it alone
        assertStatus(capture, TransferStatus.COMPLETED);
        assertThat(ledger.resultsFor(hold.getRequestId())).extracting(TransferResult::getStatus)
            .containsExactly(TransferStatus.PENDING);
        assertThat(ledger.balance("shop")).isEqualTo(300_000);
    }

    @Test
    void shouldAnswerARetriedAuthorizeWithPendingEvenAfterItExpired() {
        // Given
        TransferRequest authorize = ledger.request(TransferKind.AUTHORIZE, "alice", "shop", 300_000).build();
        ledger.send(authorize);
        ledger.advance(TIMEOUT.plusMinutes(1));

        // When
        TransferResult retry = ledger.send(authorize);

        // Then
        assertThat(retry.getDuplicate()).isTrue();
        assertThat(retry.getStatus()).isEqualTo(TransferStatus.PENDING);
        assertThat(ledger.account("alice").getHeld()).isZero();
    }

    @Test
    void shouldKeepHoldsReservedButUncapturableWhileFrozen() {
        // Given
        TransferResult hold = ledger.authorize("alice", "shop", 300_000);
        TransferResult other = ledger.authorize("alice", "shop", 100_000);
        ledger.act("alice", AccountAction.FREEZE);

        // When
        TransferResult frozenCapture = ledger.capture(hold, 300_000);
        TransferResult frozenVoid = ledger.voidHold(other);

        // Then: a frozen account sends nothing, but a hold may be released
        assertRejected(frozenCapture, ReasonCode.ACCOUNT_FROZEN);
        assertStatus(frozenVoid, TransferStatus.COMPLETED);
        assertThat(ledger.account("alice").getHeld()).isEqualTo(300_500);
        assertThat(ledger.transferRecord(hold.getRequestId()).getHold().getStatus()).isEqualTo(HoldStatus.PENDING);

        // And after unfreezing, the hold is captured as usual
        ledger.act("alice", AccountAction.UNFREEZE);
        assertStatus(ledger.capture(hold, 300_000), TransferStatus.COMPLETED);
        assertThat(ledger.account("alice").getHeld()).isZero();
    }

    @Test
    void shouldRefuseToCloseAnAccountWithAPendingHold() {
        // Given: a zero balance, and a hold on the credit line
        ledger.open("carol", AccountType.CUSTOMER, AccountLimits.newBuilder().setOverdraftLimit(10_000).build());
        TransferResult hold = ledger.authorize("carol", "shop", 500);

        // When
        var close = ledger.act("carol", AccountAction.CLOSE);

        // Then
        assertStatus(hold, TransferStatus.PENDING);
        assertThat(ledger.balance("carol")).isZero();
        assertThat(close.getAccepted()).isFalse();
        assertThat(close.getReason()).isEqualTo(ReasonCode.ACCOUNT_NOT_EMPTY);
        assertThat(ledger.account("carol").getStatus()).isEqualTo(AccountStatus.ACTIVE);

        // And once the hold is voided, it closes
        ledger.voidHold(hold);
        assertThat(ledger.act("carol", AccountAction.CLOSE).getAccepted()).isTrue();
    }

    @Test
    void shouldRefundTheCaptureInFullWhenTheMerchantClosedMeanwhile() {
        // Given
        TransferResult hold = ledger.authorize("alice", "shop", 300_000);
        ledger.act("shop", AccountAction.CLOSE);

        // When
        TransferResult capture = ledger.capture(hold, 200_000);

        // Then: the capture consumed the hold, and every cent came back
        assertStatus(capture, TransferStatus.REVERSED);
        assertThat(capture.getReason()).isEqualTo(ReasonCode.ACCOUNT_CLOSED);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
        assertThat(ledger.account("alice").getHeld()).isZero();
        assertThat(ledger.account("alice").getDailyDebitTotal()).isZero();
        assertThat(ledger.transferRecord(hold.getRequestId()).getHold().getStatus()).isEqualTo(HoldStatus.CAPTURED);
    }

    @Test
    void shouldReserveTheDailyAllowanceWithTheHold() {
        // Given
        ledger.setLimits("alice", AccountLimits.newBuilder().setDailyDebitMax(400_000L).build());
        TransferResult hold = ledger.authorize("alice", "shop", 300_000);

        // When
        TransferResult overLimit = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 100_001);
        ledger.capture(hold, 200_000);
        TransferResult afterPartialCapture = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 200_000);

        // Then
        assertRejected(overLimit, ReasonCode.LIMIT_DAILY);
        assertStatus(afterPartialCapture, TransferStatus.COMPLETED);
        assertThat(ledger.account("alice").getDailyDebitTotal()).isEqualTo(400_000);
    }

    @Test
    void shouldRefuseACaptureWhenTheOverdraftBehindTheHoldWasWithdrawn() {
        // Given: a hold that uses the credit line, which is then cut
        ledger.setLimits("alice", AccountLimits.newBuilder().setOverdraftLimit(500_000).build());
        TransferResult hold = ledger.authorize("alice", "shop", 1_200_000);
        ledger.setLimits("alice", AccountLimits.newBuilder().build());

        // When
        TransferResult capture = ledger.capture(hold, 1_200_000);
        TransferResult smaller = ledger.capture(hold, 900_000);

        // Then: lowering a limit never moves money, and blocks what it no longer covers
        assertRejected(capture, ReasonCode.INSUFFICIENT_FUNDS);
        assertStatus(smaller, TransferStatus.COMPLETED);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000 - 900_500);
        assertThat(ledger.account("alice").getHeld()).isZero();
    }
}
