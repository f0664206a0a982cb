package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * A retry that arrives between saga steps: it gets no answer of its own until the saga ends, and
 * then exactly one duplicate answer carrying the one true outcome.
 */
class InFlightRetryTest {

    @TempDir
    Path stateDir;

    private StepwiseLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = new StepwiseLedger(stateDir);
        ledger.accounts().put("alice", StepwiseLedger.account("alice", AccountType.CUSTOMER, 1_000_000));
        ledger.accounts().put("bob", StepwiseLedger.account("bob", AccountType.CUSTOMER, 0));
    }

    @Test
    void shouldAnswerARetryThatArrivedMidSagaWithTheCompletedOutcome() {
        // Given: step one has run, and the channel retries before the credit lands
        TransferRequest request = request();
        ledger.request("alice", request);
        StepwiseLedger.Sent credit = ledger.onlyLeg(LegType.CREDIT);
        ledger.resetForwards();
        ledger.request("alice", request);
        assertThat(ledger.results()).as("no answer while in flight").isEmpty();

        // When: the credit and the confirmation run
        ledger.leg(credit);
        TransferResult completed = ledger.results().get(0);
        ledger.deliver(LegType.CONFIRM);

        // Then
        assertThat(ledger.results()).singleElement().satisfies(answer -> {
            assertThat(answer.getDuplicate()).isTrue();
            assertThat(answer.getStatus()).isEqualTo(TransferStatus.COMPLETED);
            assertThat(answer.getDecidedAt()).isEqualTo(completed.getDecidedAt());
        });
        assertThat(ledger.transfers().get(request.getRequestId()).getWaitingRetries()).isZero();
    }

    @Test
    void shouldAnswerARetryThatArrivedMidSagaWithTheReversal() {
        // Given: bob is closed, and the channel retries twice before the refund lands
        AccountState bob = ledger.account("bob");
        bob.setStatus(AccountStatus.CLOSED);
        ledger.accounts().put("bob", bob);
        TransferRequest request = request();
        ledger.request("alice", request);
        StepwiseLedger.Sent credit = ledger.onlyLeg(LegType.CREDIT);
        ledger.request("alice", request);
        ledger.request("alice", request);
        ledger.resetForwards();

        // When
        ledger.leg(credit);
        ledger.deliver(LegType.REFUND);

        // Then: the reversal, then one answer per waiting retry
        assertThat(ledger.results()).extracting(TransferResult::getStatus, TransferResult::getDuplicate).containsExactly(
            org.assertj.core.groups.Tuple.tuple(TransferStatus.REVERSED, false),
            org.assertj.core.groups.Tuple.tuple(TransferStatus.REVERSED, true),
            org.assertj.core.groups.Tuple.tuple(TransferStatus.REVERSED, true));
        assertThat(ledger.account("alice").getBalance()).isEqualTo(1_000_000);
    }

    @Test
    void shouldSkipALegReplayedBelowTheLastProcessedOffset() {
        // Given
        ledger.request("alice", request());
        StepwiseLedger.Sent credit = ledger.onlyLeg(LegType.CREDIT);
        ledger.leg(credit);
        long credited = ledger.account("bob").getBalance();
        ledger.resetForwards();

        // When: an operator rewinds the legs topic and the same offset comes again
        ledger.rewindOffset();
        ledger.leg(credit);

        // Then
        assertThat(ledger.forwarded()).isEmpty();
        assertThat(ledger.account("bob").getBalance()).isEqualTo(credited);
    }

    private static TransferRequest request() {
        return StepwiseLedger.request("retry-" + UUID.randomUUID(), TransferKind.P2P, "alice", "bob", 100_000).build();
    }
}
