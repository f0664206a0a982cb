package dev.hazina.topology;

import static dev.hazina.topology.LedgerAssertions.assertRejected;
import static dev.hazina.topology.LedgerAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/** Limits count on the ledger's own clock; a record timestamp is a claim, refused beyond the skew. */
class BusinessClockTest {

    private static final long DAILY = 50_000;
    /** 00:01 on Wednesday in Nairobi: the START day's midnight has just passed. */
    private static final Duration TO_JUST_AFTER_MIDNIGHT = Duration.ofHours(15).plusMinutes(1);

    private final LedgerDriver ledger = LedgerDriver.withFundedAlice(Map.of(),
        AccountLimits.newBuilder().setDailyDebitMax(DAILY).build(), 1_000_000);

    @AfterEach
    void checkInvariants() {
        LedgerAssertions.checkAndClose(ledger);
    }

    @Test
    void shouldCountALateRequestStampedYesterdayAgainstTodaysLimit() {
        // Given: just after midnight alice spends her whole daily limit
        ledger.advance(TO_JUST_AFTER_MIDNIGHT);
        assertStatus(ledger.transfer(TransferKind.P2P, "alice", "bob", DAILY), TransferStatus.COMPLETED);

        // When: a channel host whose clock is two minutes slow sends one stamped 23:59 yesterday, then another
        TransferResult late = sendStamped(ledger.now().minus(Duration.ofMinutes(2)), DAILY);
        TransferResult next = ledger.transfer(TransferKind.P2P, "alice", "bob", DAILY);

        // Then: both count against today, which is used up
        assertRejected(late, ReasonCode.LIMIT_DAILY);
        assertRejected(next, ReasonCode.LIMIT_DAILY);
        assertThat(ledger.balance("bob")).isEqualTo(DAILY);
    }

    @Test
    void shouldRefuseARequestStampedFurtherThanTheSkewBehindTheLedgersClock() {
        // Given
        ledger.transfer(TransferKind.P2P, "alice", "bob", 100);

        // When
        TransferResult backdated = sendStamped(ledger.now().minus(Duration.ofMinutes(6)), 100);

        // Then
        assertRejected(backdated, ReasonCode.CLOCK_SKEW);
        assertThat(ledger.balance("bob")).isEqualTo(100);
    }

    @Test
    void shouldRefuseARequestStampedAheadOfTheWallClockWithoutMovingTheLedgersClock() {
        // When: a producer stamps a request a day ahead, then honest requests follow
        TransferResult ahead = sendStamped(ledger.now().plus(Duration.ofDays(1)), 100);
        TransferResult honest = ledger.transfer(TransferKind.P2P, "alice", "bob", 100);

        // Then: the claim is refused, and it did not drag the clock along to refuse everyone else
        assertRejected(ahead, ReasonCode.CLOCK_SKEW);
        assertStatus(honest, TransferStatus.COMPLETED);
        assertThat(ledger.balance("bob")).isEqualTo(100);
    }

    @Test
    void shouldAcceptABacklogThatIsOldByTheWallClockButInOrder() {
        // When: the ledger was down an hour; the queued requests carry the times they were sent
        Instant sent = ledger.now();
        ledger.advance(Duration.ofHours(1));
        TransferResult first = sendStamped(sent, 100);
        TransferResult second = sendStamped(sent.plusSeconds(1), 100);

        // Then
        assertStatus(first, TransferStatus.COMPLETED);
        assertStatus(second, TransferStatus.COMPLETED);
    }

    private TransferResult sendStamped(Instant timestamp, long amount) {
        TransferRequest request = ledger.request(TransferKind.P2P, "alice", "bob", amount)
            .setRequestedAt(timestamp.toEpochMilli()).build();
        return ledger.sendAt("alice", request, timestamp);
    }
}
