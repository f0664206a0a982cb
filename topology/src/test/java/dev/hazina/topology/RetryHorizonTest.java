package dev.hazina.topology;

import static dev.hazina.topology.LedgerAssertions.assertRejected;
import static dev.hazina.topology.LedgerAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/** The retry contract: age counts from the channel's requestedAt, and "forgotten" is not an outcome. */
class RetryHorizonTest {

    private final LedgerDriver ledger = LedgerDriver.withFundedAlice(Map.of(), AccountLimits.newBuilder().build(), 100_000);

    @AfterEach
    void checkInvariants() {
        LedgerAssertions.checkAndClose(ledger);
    }

    @Test
    void shouldAnswerARetrySentAfterTheSweepAsUnknownInsteadOfPostingAgain() {
        // Given: a transfer completed, then 31 days passed and the sweep forgot it
        TransferRequest request = ledger.request(TransferKind.P2P, "alice", "bob", 1_000).build();
        assertStatus(ledger.send(request), TransferStatus.COMPLETED);
        ledger.advance(Duration.ofDays(31));

        // When: the channel retries it now (a fresh record timestamp, the original requestedAt)
        TransferResult retry = ledger.send(request);

        // Then: no second posting, and an answer that is not a first outcome
        assertThat(retry.getStatus()).isEqualTo(TransferStatus.UNKNOWN);
        assertThat(retry.getReason()).isEqualTo(ReasonCode.REQUEST_TOO_OLD);
        assertThat(ledger.balance("bob")).isEqualTo(1_000);
        assertThat(ledger.resultsFor(request.getRequestId())).extracting(TransferResult::getStatus)
            .containsExactly(TransferStatus.COMPLETED, TransferStatus.UNKNOWN);
    }

    @Test
    void shouldDecideARequestThatWaitedAtTheChannelButIsInsideTheHorizon() {
        // Given
        ledger.advance(Duration.ofDays(29));

        // When: sent now, first requested 29 days ago
        TransferResult late = ledger.send(ledger.request(TransferKind.P2P, "alice", "bob", 1_000)
            .setRequestedAt(ledger.now().minus(Duration.ofDays(29)).toEpochMilli()).build());

        // Then
        assertStatus(late, TransferStatus.COMPLETED);
    }

    @Test
    void shouldRefuseARequestedAtAheadOfTheClock() {
        // When
        TransferResult ahead = ledger.send(ledger.request(TransferKind.P2P, "alice", "bob", 1_000)
            .setRequestedAt(ledger.now().plus(Duration.ofDays(365)).toEpochMilli()).build());

        // Then: a far-future requestedAt would keep its dedupe record, and its age, forever
        assertRejected(ahead, ReasonCode.CLOCK_SKEW);
        assertThat(ledger.balance("bob")).isZero();
    }

    @Test
    void shouldNotEchoAnOutOfRangeRequestedAt() {
        // When
        TransferResult result = ledger.send(ledger.request(TransferKind.P2P, "alice", "bob", 1_000)
            .setRequestedAt(Long.MIN_VALUE).build());

        // Then
        assertThat(result.getStatus()).isEqualTo(TransferStatus.UNKNOWN);
        assertThat(result.getRequestedAt()).isZero();
        assertThat(ledger.balance("bob")).isZero();
    }
}
