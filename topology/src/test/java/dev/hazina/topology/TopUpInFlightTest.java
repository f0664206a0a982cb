package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * What happens on the payer's partition while a top-up is on its way: other debits, retries,
 * and a limit change or a freeze before the top-up lands. The legs are delivered by hand.
 */
class TopUpInFlightTest {

    @TempDir
    Path stateDir;

    private StepwiseLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = new StepwiseLedger(stateDir);
        AccountState alice = StepwiseLedger.account("alice", AccountType.CUSTOMER, 100_000);
        alice.setFundingAccount("bank");
        ledger.accounts().put("alice", alice);
        ledger.accounts().put("bank", StepwiseLedger.account("bank", AccountType.BUSINESS, 1_000_000));
        ledger.accounts().put("shop", StepwiseLedger.account("shop", AccountType.MERCHANT, 0));
    }

    @Test
    void shouldNotLetADebitSpendFundsReservedForATopUpInFlight() {
        // Given: a 130,000 payment reserves alice's 100,000 and asks the bank for 30,000
        ledger.request("alice", payment("first", 130_000));
        StepwiseLedger.Sent firstTopUp = ledger.onlyLeg(LegType.TOPUP_DEBIT);
        assertThat(firstTopUp.leg().getAmount()).isEqualTo(30_000);
        assertThat(ledger.account("alice").getHeld()).isEqualTo(100_000);
        ledger.resetForwards();

        // When: a second payment arrives before the top-up lands
        ledger.request("alice", payment("second", 50_000));

        // Then: nothing of alice's is available to it, so it tops up its whole amount
        StepwiseLedger.Sent secondTopUp = ledger.onlyLeg(LegType.TOPUP_DEBIT);
        assertThat(secondTopUp.leg().getAmount()).isEqualTo(50_000);
        assertThat(ledger.account("alice").getBalance()).isEqualTo(100_000);
        ledger.resetForwards();

        // And when both sagas run to the end, alice spent exactly what she had, the bank the rest
        runToTheEnd(firstTopUp);
        runToTheEnd(secondTopUp);
        assertThat(ledger.account("alice").getBalance()).isZero();
        assertThat(ledger.account("alice").getHeld()).isZero();
        assertThat(ledger.account("bank").getBalance()).isEqualTo(920_000);
        assertThat(ledger.account("shop").getBalance()).isEqualTo(180_000);
    }

    @Test
    void shouldRefuseADebitWithoutAFunderWhileTheReservationStands() {
        // Given
        ledger.request("alice", payment("first", 130_000));
        StepwiseLedger.Sent topUp = ledger.onlyLeg(LegType.TOPUP_DEBIT);
        ledger.command(limits("alice", AccountLimits.newBuilder().build(), null));
        ledger.resetForwards();

        // When
        ledger.request("alice", payment("second", 1));

        // Then
        assertThat(ledger.results()).singleElement().satisfies(result -> {
            assertThat(result.getStatus()).isEqualTo(TransferStatus.REJECTED);
            assertThat(result.getReason()).isEqualTo(ReasonCode.INSUFFICIENT_FUNDS);
        });
        ledger.resetForwards();
        runToTheEnd(topUp);
        assertThat(ledger.account("alice").getBalance()).isZero();
    }

    @Test
    void shouldAnswerARetryThatWaitedForTheTopUpOnce() {
        // Given
        TransferRequest request = payment("first", 130_000);
        ledger.request("alice", request);
        StepwiseLedger.Sent topUp = ledger.onlyLeg(LegType.TOPUP_DEBIT);
        ledger.request("alice", request);
        ledger.resetForwards();

        // When
        ledger.leg(topUp);
        ledger.deliver(LegType.TOPUP_CREDIT);
        ledger.deliver(LegType.CREDIT);
        ledger.deliver(LegType.CONFIRM);

        // Then
        assertThat(ledger.results()).singleElement().satisfies(answer -> {
            assertThat(answer.getDuplicate()).isTrue();
            assertThat(answer.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        });
        assertThat(ledger.account("bank").getBalance()).isEqualTo(970_000);
    }

    @Test
    void shouldReturnTheTopUpWhenTheOverdraftWasCutWhileItWasInFlight() {
        // Given: alice pays 200,000 with 100,000 of her own, 50,000 of credit line and 50,000 from the bank
        ledger.command(limits("alice", AccountLimits.newBuilder().setOverdraftLimit(50_000).build(), "bank"));
        ledger.request("alice", payment("first", 200_000));
        StepwiseLedger.Sent topUp = ledger.onlyLeg(LegType.TOPUP_DEBIT);
        assertThat(topUp.leg().getAmount()).isEqualTo(50_000);
        ledger.command(limits("alice", AccountLimits.newBuilder().build(), "bank"));
        ledger.resetForwards();

        // When
        ledger.leg(topUp);
        ledger.deliver(LegType.TOPUP_CREDIT);

        // Then: the payment cannot go ahead any more, and the top-up goes back
        assertThat(ledger.results()).singleElement().satisfies(result -> {
            assertThat(result.getStatus()).isEqualTo(TransferStatus.REVERSED);
            assertThat(result.getReason()).isEqualTo(ReasonCode.INSUFFICIENT_FUNDS);
        });
        ledger.deliver(LegType.TOPUP_REFUND);
        assertThat(ledger.account("alice").getBalance()).isEqualTo(100_000);
        assertThat(ledger.account("alice").getHeld()).isZero();
        assertThat(ledger.account("alice").getDailyDebitTotal()).isZero();
        assertThat(ledger.account("bank").getBalance()).isEqualTo(1_000_000);
        assertThat(ledger.account("shop").getBalance()).isZero();
        assertThat(ledger.legs()).isEmpty();
    }

    @Test
    void shouldReturnTheTopUpWhenThePayerWasFrozenWhileItWasInFlight() {
        // Given
        ledger.request("alice", payment("first", 130_000));
        StepwiseLedger.Sent topUp = ledger.onlyLeg(LegType.TOPUP_DEBIT);
        ledger.command(AccountCommand.newBuilder().setCommandId("freeze").setAccountId("alice")
            .setAction(AccountAction.FREEZE).setIssuedAt(StepwiseLedger.NOW).build());
        ledger.resetForwards();

        // When
        ledger.leg(topUp);
        ledger.deliver(LegType.TOPUP_CREDIT);
        TransferResult result = ledger.results().get(0);
        ledger.deliver(LegType.TOPUP_REFUND);

        // Then: a frozen account sends nothing
        assertThat(result.getStatus()).isEqualTo(TransferStatus.REVERSED);
        assertThat(result.getReason()).isEqualTo(ReasonCode.ACCOUNT_FROZEN);
        assertThat(ledger.account("alice").getBalance()).isEqualTo(100_000);
        assertThat(ledger.account("alice").getHeld()).isZero();
        assertThat(ledger.account("bank").getBalance()).isEqualTo(1_000_000);
    }

    /** Delivers a top-up leg and every leg that follows from it, one at a time. */
    private void runToTheEnd(StepwiseLedger.Sent first) {
        ledger.resetForwards();
        ledger.leg(first);
        while (!ledger.legs().isEmpty()) {
            StepwiseLedger.Sent next = ledger.legs().get(0);
            assertThat(ledger.legs()).hasSize(1);
            ledger.resetForwards();
            ledger.leg(next);
        }
    }

    private static TransferRequest payment(String requestId, long amount) {
        return StepwiseLedger.request(requestId, TransferKind.MERCHANT_PAYMENT, "alice", "shop", amount).build();
    }

    private static AccountCommand limits(String accountId, AccountLimits limits, String funder) {
        return AccountCommand.newBuilder()
            .setCommandId("limits-" + System.nanoTime())
            .setAccountId(accountId)
            .setAction(AccountAction.UPDATE_LIMITS)
            .setLimits(limits)
            .setFundingAccount(funder)
            .setIssuedAt(StepwiseLedger.NOW)
            .build();
    }
}
