package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;

/**
 * An account that has spent everything on a transfer still running cannot be closed: the refund
 * (or a reversal's credit) would land on a closed account that no command can act on.
 */
class CloseInFlightTest {

    /** Under the first P2P fee band, so a payer of exactly this much is at zero after step one. */
    private static final long AMOUNT = 5_000;

    @TempDir
    Path stateDir;

    private StepwiseLedger ledger;
    private int commands;

    @BeforeEach
    void setUp() {
        ledger = new StepwiseLedger(stateDir);
        ledger.accounts().put("alice", StepwiseLedger.account("alice", AccountType.CUSTOMER, AMOUNT));
        ledger.accounts().put("bob", StepwiseLedger.account("bob", AccountType.CUSTOMER, 0));
    }

    @Test
    void shouldRefuseToCloseAPayerAtZeroWhileItsTransferRuns() {
        // Given: step one has debited alice to zero
        StepwiseLedger.Sent credit = startPaymentToBob();
        assertThat(ledger.account("alice").getBalance()).isZero();

        // When
        AccountEvent refused = close("alice");

        // Then
        assertThat(refused.getAccepted()).isFalse();
        assertThat(refused.getReason()).isEqualTo(ReasonCode.ACCOUNT_NOT_EMPTY);
        assertThat(refused.getDetail()).contains("still running");

        // And once the payment is confirmed she may close
        ledger.resetForwards();
        ledger.leg(credit);
        ledger.deliver(LegType.CONFIRM);
        assertThat(ledger.account("alice").getInFlight()).isZero();
        assertThat(close("alice").getAccepted()).isTrue();
    }

    @Test
    void shouldKeepTheRefundOnAnAccountThatCommandsCanStillActOn() {
        // Given: bob is closed, so the credit will be refused; alice tries to close mid-saga
        AccountState bob = ledger.account("bob");
        bob.setStatus(AccountStatus.CLOSED);
        ledger.accounts().put("bob", bob);
        StepwiseLedger.Sent credit = startPaymentToBob();
        close("alice");

        // When: the refund comes back
        ledger.resetForwards();
        ledger.leg(credit);
        ledger.deliver(LegType.REFUND);

        // Then: the money is on an open account
        AccountState alice = ledger.account("alice");
        assertThat(alice.getStatus()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(alice.getBalance()).isEqualTo(AMOUNT);
        assertThat(alice.getInFlight()).isZero();
    }

    private StepwiseLedger.Sent startPaymentToBob() {
        ledger.request("alice", StepwiseLedger.request("pay-bob", TransferKind.P2P, "alice", "bob", AMOUNT).build());
        return ledger.onlyLeg(LegType.CREDIT);
    }

    private AccountEvent close(String accountId) {
        ledger.resetForwards();
        ledger.command(AccountCommand.newBuilder()
            .setCommandId("close-" + accountId + "-" + (++commands))
            .setAccountId(accountId)
            .setAction(AccountAction.CLOSE)
            .setIssuedAt(StepwiseLedger.NOW)
            .build());
        List<AccountEvent> events = ledger.forwarded().stream()
            .filter(f -> LedgerOutput.ACCOUNT_EVENTS_SINK.equals(f.childName().orElse(null)))
            .map(f -> (AccountEvent) f.record().value())
            .toList();
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
