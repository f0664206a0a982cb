package dev.hazina.topology;

import static dev.hazina.topology.LedgerAssertions.assertRejected;
import static dev.hazina.topology.LedgerAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/** Overdraft credit lines: spending below zero, repayment in the entries, and limits changed at runtime. */
class OverdraftTest {

    private static final AccountLimits CREDIT_LINE = AccountLimits.newBuilder().setOverdraftLimit(500_000).build();

    private LedgerDriver ledger;

    @BeforeEach
    void openAccounts() {
        ledger = LedgerDriver.withFundedAlice(Map.of(), CREDIT_LINE, 100_000);
    }

    @AfterEach
    void checkInvariants() {
        LedgerAssertions.checkAndClose(ledger);
    }

    @Test
    void shouldLetTheBalanceGoDownToMinusTheOverdraftLimit() {
        // When
        TransferResult exact = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 600_000);
        TransferResult oneMore = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 1);

        // Then
        assertStatus(exact, TransferStatus.COMPLETED);
        assertThat(ledger.balance("alice")).isEqualTo(-500_000);
        assertRejected(oneMore, ReasonCode.INSUFFICIENT_FUNDS);
    }

    @Test
    void shouldRepayTheOverdraftFirstAndShowItInTheEntries() {
        // Given
        ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 400_000);
        assertThat(ledger.balance("alice")).isEqualTo(-300_000);

        // When
        TransferResult cashIn = ledger.transfer(TransferKind.CASH_IN, "agent-1", "alice", 450_000);

        // Then: the credit is split into the repayment, up to zero, and the rest
        assertStatus(cashIn, TransferStatus.COMPLETED);
        assertThat(ledger.entriesFor(cashIn.getRequestId())).filteredOn(e -> e.getAccountId().equals("alice"))
            .extracting(LedgerEntry::getEntryType, LedgerEntry::getDirection, LedgerEntry::getAmount, LedgerEntry::getBalanceAfter)
            .containsExactly(
                tuple(EntryType.OVERDRAFT_REPAYMENT, EntryDirection.CREDIT, 300_000L, 0L),
                tuple(EntryType.PRINCIPAL, EntryDirection.CREDIT, 150_000L, 150_000L));
        assertThat(ledger.balance("alice")).isEqualTo(150_000);
    }

    @Test
    void shouldPostACreditThatOnlyPartlyRepaysAsRepaymentAlone() {
        // Given
        ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 400_000);

        // When
        TransferResult cashIn = ledger.transfer(TransferKind.CASH_IN, "agent-1", "alice", 100_000);

        // Then
        assertThat(ledger.entriesFor(cashIn.getRequestId())).filteredOn(e -> e.getAccountId().equals("alice"))
            .extracting(LedgerEntry::getEntryType, LedgerEntry::getAmount, LedgerEntry::getBalanceAfter)
            .containsExactly(tuple(EntryType.OVERDRAFT_REPAYMENT, 100_000L, -200_000L));
    }

    @Test
    void shouldBlockNewDebitsButMoveNothingWhenTheLimitIsLoweredBelowUsage() {
        // Given: alice uses 300,000 of her credit line
        ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 400_000);
        long sequence = ledger.account("alice").getSequence();
        int entries = ledger.entries().size();

        // When: the line is cut to 100,000
        var update = ledger.setLimits("alice", AccountLimits.newBuilder().setOverdraftLimit(100_000).build());

        // Then: accepted, no money moved, and even a tiny debit is refused
        assertThat(update.getAccepted()).isTrue();
        assertThat(update.getAccount().getBalance()).isEqualTo(-300_000);
        assertThat(ledger.balance("alice")).isEqualTo(-300_000);
        assertThat(ledger.account("alice").getSequence()).isEqualTo(sequence);
        assertThat(ledger.entries()).hasSize(entries);
        assertThat(AccountBook.available(ledger.account("alice"))).isEqualTo(-200_000);
        assertRejected(ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 1), ReasonCode.INSUFFICIENT_FUNDS);
        assertRejected(ledger.authorize("alice", "shop", 1), ReasonCode.INSUFFICIENT_FUNDS);

        // And credits still land and repay, though the balance stays below the new floor
        TransferResult repayment = ledger.transfer(TransferKind.CASH_IN, "agent-1", "alice", 50_000);
        assertStatus(repayment, TransferStatus.COMPLETED);
        assertThat(ledger.balance("alice")).isEqualTo(-250_000);
        assertRejected(ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 1), ReasonCode.INSUFFICIENT_FUNDS);

        // And restoring the line unblocks debits
        ledger.setLimits("alice", CREDIT_LINE);
        assertStatus(ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 250_000), TransferStatus.COMPLETED);
        assertThat(ledger.balance("alice")).isEqualTo(-500_000);
    }

    @Test
    void shouldRefundIntoTheOverdraftAsRepayment() {
        // Given: the payee will refuse
        ledger.open("closed-shop", AccountType.MERCHANT);
        ledger.act("closed-shop", dev.hazina.schemas.AccountAction.CLOSE);

        // When
        TransferResult refused = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "closed-shop", 300_000);

        // Then: the refund first repays the 200,000 the debit borrowed
        assertStatus(refused, TransferStatus.REVERSED);
        assertThat(ledger.balance("alice")).isEqualTo(100_000);
        assertThat(ledger.entriesFor(refused.getRequestId())).filteredOn(e -> e.getAccountId().equals("alice"))
            .extracting(LedgerEntry::getEntryType, LedgerEntry::getDirection, LedgerEntry::getAmount)
            .containsExactly(
                tuple(EntryType.PRINCIPAL, EntryDirection.DEBIT, 300_000L),
                tuple(EntryType.OVERDRAFT_REPAYMENT, EntryDirection.CREDIT, 200_000L),
                tuple(EntryType.REFUND, EntryDirection.CREDIT, 100_000L));
    }
}
