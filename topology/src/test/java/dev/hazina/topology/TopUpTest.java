package dev.hazina.topology;

import static dev.hazina.topology.LedgerAssertions.assertRejected;
import static dev.hazina.topology.LedgerAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/** Automatic top-up from a funding account, through the real topology. */
class TopUpTest {

    private static final String TRANSIT = "SYS.TRANSIT.KES.0";

    private LedgerDriver ledger;

    @BeforeEach
    void openAccounts() {
        ledger = LedgerDriver.withFundedAlice(Map.of(), AccountLimits.newBuilder().build(), 100_000);
        ledger.open("bank", AccountType.BUSINESS);
        ledger.issue("bank", 1_000_000);
        ledger.setLimits("alice", AccountLimits.newBuilder().build(), "bank");
    }

    @AfterEach
    void checkInvariants() {
        LedgerAssertions.checkAndClose(ledger);
    }

    @Test
    void shouldPullTheExactShortfallFromTheFundingAccountAndComplete() {
        // When: alice has 1,000 KES and pays 1,300 KES
        TransferResult paid = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 130_000);

        // Then: the bank pays exactly the 300 KES missing, and the payment completes
        assertStatus(paid, TransferStatus.COMPLETED);
        assertThat(ledger.balance("alice")).isZero();
        assertThat(ledger.balance("bank")).isEqualTo(1_000_000 - 30_000);
        assertThat(ledger.balance("shop")).isEqualTo(130_000);
        assertThat(ledger.account("alice").getHeld()).isZero();
        assertThat(ledger.balance(TRANSIT)).isZero();
        assertThat(ledger.entriesFor(paid.getRequestId()))
            .extracting(LedgerEntry::getAccountId, LedgerEntry::getEntryType, LedgerEntry::getDirection, LedgerEntry::getAmount)
            .containsExactly(
                tuple("bank", EntryType.TOPUP, EntryDirection.DEBIT, 30_000L),
                tuple(TRANSIT, EntryType.TOPUP, EntryDirection.CREDIT, 30_000L),
                tuple(TRANSIT, EntryType.TOPUP, EntryDirection.DEBIT, 30_000L),
                tuple("alice", EntryType.TOPUP, EntryDirection.CREDIT, 30_000L),
                tuple("alice", EntryType.PRINCIPAL, EntryDirection.DEBIT, 130_000L),
                tuple(TRANSIT, EntryType.TRANSIT, EntryDirection.CREDIT, 130_000L),
                tuple(TRANSIT, EntryType.TRANSIT, EntryDirection.DEBIT, 130_000L),
                tuple("shop", EntryType.PRINCIPAL, EntryDirection.CREDIT, 130_000L));
        assertThat(ledger.legs()).filteredOn(leg -> leg.getRequestId().equals(paid.getRequestId()))
            .extracting(leg -> leg.getLegType())
            .containsExactly(LegType.TOPUP_DEBIT, LegType.TOPUP_CREDIT, LegType.CREDIT, LegType.CONFIRM);
        assertThat(ledger.transferRecord(paid.getRequestId()).getTopUp().getAmount()).isEqualTo(30_000);
    }

    @Test
    void shouldReturnTheTopUpWhenThePayeeRefusesSoNeitherAccountChanges() {
        // When
        TransferResult sent = ledger.transfer(TransferKind.P2P, "alice", "ghost", 130_000);

        // Then: alice gets her own 1,000 KES back, the bank its 323 KES
        assertStatus(sent, TransferStatus.REVERSED);
        assertThat(sent.getReason()).isEqualTo(ReasonCode.ACCOUNT_NOT_FOUND);
        assertThat(ledger.balance("alice")).isEqualTo(100_000);
        assertThat(ledger.balance("bank")).isEqualTo(1_000_000);
        assertThat(ledger.balance(TRANSIT)).isZero();
        assertThat(ledger.account("alice").getHeld()).isZero();
        assertThat(ledger.account("alice").getDailyDebitTotal()).isZero();
        assertThat(ledger.legs()).filteredOn(leg -> leg.getRequestId().equals(sent.getRequestId()))
            .extracting(leg -> leg.getLegType())
            .containsExactly(LegType.TOPUP_DEBIT, LegType.TOPUP_CREDIT, LegType.CREDIT, LegType.REFUND, LegType.TOPUP_REFUND);
    }

    @Test
    void shouldGiveBackTheDailyAllowanceWhenTheTopUpPaidTheWholeDebitAndThePayeeRefuses() {
        // Given: dave has nothing of his own, a daily limit of 50,000, and the bank as funder
        ledger.open("dave", AccountType.CUSTOMER, AccountLimits.newBuilder().setDailyDebitMax(50_000L).build());
        ledger.setLimits("dave", AccountLimits.newBuilder().setDailyDebitMax(50_000L).build(), "bank");

        // When: the bank pays all of it, and the payee does not exist
        TransferResult sent = ledger.transfer(TransferKind.P2P, "dave", "ghost", 40_000);

        // Then: the money is back where it was, and so is dave's allowance for the day
        assertStatus(sent, TransferStatus.REVERSED);
        assertThat(ledger.balance("dave")).isZero();
        assertThat(ledger.balance("bank")).isEqualTo(1_000_000);
        assertThat(ledger.account("dave").getDailyDebitTotal()).isZero();
        assertStatus(ledger.transfer(TransferKind.P2P, "dave", "bob", 40_000), TransferStatus.COMPLETED);
    }

    @Test
    void shouldRejectWithTopupFailedAndLeaveNoTraceWhenTheFunderCannotPay() {
        // Given
        ledger.transfer(TransferKind.MERCHANT_PAYMENT, "bank", "shop", 990_000);
        Map<String, AccountState> before = ledger.allAccounts();
        int entriesBefore = ledger.entries().size();

        // When: the bank has 10,000 left, and the shortfall is 30,000
        TransferResult paid = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 130_000);

        // Then: not one balance, sequence or counter moved, and nothing was posted
        assertRejected(paid, ReasonCode.TOPUP_FAILED);
        assertThat(paid.getDetail()).contains("bank").contains("INSUFFICIENT_FUNDS");
        assertThat(ledger.entries()).hasSize(entriesBefore);
        assertThat(money(ledger.allAccounts())).isEqualTo(money(before));
        assertThat(ledger.legs()).filteredOn(leg -> leg.getRequestId().equals(paid.getRequestId()))
            .extracting(leg -> leg.getLegType()).containsExactly(LegType.TOPUP_DEBIT, LegType.TOPUP_REFUSED);
        assertThat(ledger.transferRecord(paid.getRequestId()).getOutcome().getReason()).isEqualTo(ReasonCode.TOPUP_FAILED);
    }

    @Test
    void shouldRejectWithTopupFailedWhenTheFunderIsFrozenClosedOrMissing() {
        // Given
        ledger.act("bank", AccountAction.FREEZE);
        ledger.transfer(TransferKind.CASH_IN, "agent-1", "bob", 1_000);
        ledger.open("empty", AccountType.BUSINESS);
        ledger.act("empty", AccountAction.CLOSE);
        ledger.setLimits("bob", AccountLimits.newBuilder().build(), "empty");
        ledger.open("carol", AccountType.CUSTOMER);
        ledger.setLimits("carol", AccountLimits.newBuilder().build(), "nobody");

        // When
        TransferResult frozen = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 130_000);
        TransferResult closed = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "bob", "shop", 5_000);
        TransferResult missing = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "carol", "shop", 5_000);

        // Then
        assertRejected(frozen, ReasonCode.TOPUP_FAILED);
        assertThat(frozen.getDetail()).contains("ACCOUNT_FROZEN");
        assertRejected(closed, ReasonCode.TOPUP_FAILED);
        assertThat(closed.getDetail()).contains("ACCOUNT_CLOSED");
        assertRejected(missing, ReasonCode.TOPUP_FAILED);
        assertThat(missing.getDetail()).contains("ACCOUNT_NOT_FOUND");
        assertThat(ledger.balance("alice")).isEqualTo(100_000);
        assertThat(ledger.balance("bob")).isEqualTo(1_000);
        assertThat(ledger.account("alice").getHeld()).isZero();
    }

    @Test
    void shouldRejectAsBeforeWhenThereIsNoFundingAccount() {
        // Given
        ledger.setLimits("alice", AccountLimits.newBuilder().build(), null);

        // When / Then
        assertRejected(ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 130_000), ReasonCode.INSUFFICIENT_FUNDS);
        assertThat(ledger.balance("bank")).isEqualTo(1_000_000);
    }

    @Test
    void shouldUseTheCreditLineBeforeTheFundingAccount() {
        // Given
        ledger.setLimits("alice", AccountLimits.newBuilder().setOverdraftLimit(20_000).build(), "bank");

        // When
        ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 130_000);

        // Then: 100,000 own, 20,000 credit line, 10,000 from the bank
        assertThat(ledger.balance("alice")).isEqualTo(-20_000);
        assertThat(ledger.balance("bank")).isEqualTo(990_000);
    }

    @Test
    void shouldAnswerARetryOfAToppedUpTransferWithoutToppingUpAgain() {
        // Given
        TransferRequest payment = ledger.request(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 130_000).build();
        ledger.send(payment);

        // When
        TransferResult retry = ledger.send(payment);

        // Then
        assertThat(retry.getDuplicate()).isTrue();
        assertThat(retry.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(ledger.balance("bank")).isEqualTo(970_000);
    }

    @Test
    void shouldRefuseAFundingAccountThatIsTheAccountItself() {
        // When
        var update = ledger.setLimits("alice", AccountLimits.newBuilder().build(), "alice");

        // Then
        assertThat(update.getAccepted()).isFalse();
        assertThat(update.getReason()).isEqualTo(ReasonCode.INVALID_REQUEST);
        assertThat(ledger.account("alice").getFundingAccount()).isEqualTo("bank");
    }

    /** Balance, held, sequence and daily counter of every account: everything a top-up could have touched. */
    private static Map<String, String> money(Map<String, AccountState> accounts) {
        return accounts.values().stream().collect(Collectors.toMap(AccountState::getAccountId,
            a -> a.getBalance() + "/" + a.getHeld() + "/" + a.getSequence() + "/" + a.getDailyDebitTotal()));
    }
}
