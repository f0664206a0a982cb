package dev.hazina.topology;

import static dev.hazina.topology.LedgerAssertions.assertRejected;
import static dev.hazina.topology.LedgerAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/** REVERSAL of completed transfers through the real topology. */
class ReversalTest {

    private static final String FEES = "SYS.FEES.KES.0";
    private static final String TRANSIT = "SYS.TRANSIT.KES.0";

    private LedgerDriver ledger;

    /** A ledger whose fee refund policy is {@code refundFee}, with alice funded and bob, an agent and a shop open. */
    private void open(boolean refundFee) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(LedgerConfig.REVERSAL_REFUND_FEE_CONFIG, refundFee);
        settings.put(LedgerConfig.REVERSAL_WINDOW_MS_CONFIG, Duration.ofDays(3).toMillis());
        ledger = LedgerDriver.withFundedAlice(settings, AccountLimits.newBuilder().build(), 1_000_000);
    }

    @AfterEach
    void checkInvariants() {
        LedgerAssertions.checkAndClose(ledger);
    }

    @Test
    void shouldMoveThePrincipalBackAndKeepTheFeeByDefault() {
        // Given
        open(false);
        TransferResult sent = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_000);

        // When
        TransferResult reversal = ledger.reverse(sent);

        // Then
        assertStatus(reversal, TransferStatus.COMPLETED);
        assertThat(reversal.getPayer()).isEqualTo("bob");
        assertThat(reversal.getPayee()).isEqualTo("alice");
        assertThat(ledger.balance("bob")).isZero();
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000 - 1_300);
        assertThat(ledger.balance(FEES)).isEqualTo(1_300);
        assertThat(ledger.balance(TRANSIT)).isZero();
        assertThat(ledger.entriesFor(reversal.getRequestId()))
            .extracting(LedgerEntry::getAccountId, LedgerEntry::getEntryType, LedgerEntry::getDirection, LedgerEntry::getAmount)
            .containsExactly(
                tuple("bob", EntryType.REVERSAL, EntryDirection.DEBIT, 100_000L),
                tuple(TRANSIT, EntryType.TRANSIT, EntryDirection.CREDIT, 100_000L),
                tuple(TRANSIT, EntryType.TRANSIT, EntryDirection.DEBIT, 100_000L),
                tuple("alice", EntryType.REVERSAL, EntryDirection.CREDIT, 100_000L));
        assertThat(ledger.legs()).filteredOn(leg -> leg.getRequestId().equals(reversal.getRequestId()))
            .extracting(leg -> leg.getLegType()).containsExactly(LegType.REVERSAL_DEBIT, LegType.REVERSAL_CREDIT);
        assertThat(ledger.transferRecord(sent.getRequestId()).getReversedBy()).isEqualTo(reversal.getRequestId());
        assertThat(ledger.transferRecord(sent.getRequestId()).getOutcome().getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(ledger.transferRecord(reversal.getRequestId()).getOutcome().getStatus()).isEqualTo(TransferStatus.COMPLETED);
    }

    @Test
    void shouldRefundTheFeeAndClawBackTheCommissionWhenThePolicySaysSo() {
        // Given: a 2,000 KES cash-out, fee 29 KES, half of it the agent's commission
        open(true);
        TransferResult cashOut = ledger.transfer(TransferKind.CASH_OUT, "alice", "agent-1", 200_000);
        long agentBefore = ledger.balance("agent-1");

        // When
        TransferResult reversal = ledger.reverse(cashOut);

        // Then
        assertStatus(reversal, TransferStatus.COMPLETED);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
        assertThat(ledger.balance("agent-1")).isEqualTo(agentBefore - 200_000 - 1_450);
        assertThat(ledger.balance(FEES)).isZero();
        assertThat(ledger.entriesFor(reversal.getRequestId()))
            .extracting(LedgerEntry::getAccountId, LedgerEntry::getEntryType, LedgerEntry::getDirection, LedgerEntry::getAmount)
            .containsExactly(
                tuple("agent-1", EntryType.REVERSAL, EntryDirection.DEBIT, 200_000L),
                tuple("agent-1", EntryType.COMMISSION, EntryDirection.DEBIT, 1_450L),
                tuple(TRANSIT, EntryType.TRANSIT, EntryDirection.CREDIT, 201_450L),
                tuple(TRANSIT, EntryType.TRANSIT, EntryDirection.DEBIT, 201_450L),
                tuple(FEES, EntryType.FEE, EntryDirection.DEBIT, 1_450L),
                tuple("alice", EntryType.REVERSAL, EntryDirection.CREDIT, 200_000L),
                tuple("alice", EntryType.FEE, EntryDirection.CREDIT, 2_900L));
        assertThat(ledger.settlements()).last()
            .extracting(Settlement::getPartyId, Settlement::getKind, Settlement::getDirection, Settlement::getAmount,
                Settlement::getCommission)
            .containsExactly("agent-1", TransferKind.REVERSAL, EntryDirection.DEBIT, 200_000L, 1_450L);
    }

    @Test
    void shouldReverseATransferAtMostOnce() {
        // Given
        open(false);
        TransferResult sent = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_000);
        ledger.reverse(sent);

        // When
        TransferResult again = ledger.reverse(sent);

        // Then
        assertRejected(again, ReasonCode.ALREADY_REVERSED);
        assertThat(ledger.balance("bob")).isZero();
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000 - 1_300);
        assertThat(ledger.entriesFor(again.getRequestId())).isEmpty();
    }

    @Test
    void shouldAnswerARetriedReversalWithItsOutcome() {
        // Given
        open(false);
        TransferResult sent = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_000);
        TransferRequest reversal = ledger.reversalOf(sent);
        ledger.send(reversal);
        int entriesBefore = ledger.entries().size();

        // When
        TransferResult retry = ledger.send(TransferRequest.newBuilder(reversal).setRequestedAt(reversal.getRequestedAt() + 9).build());

        // Then
        assertThat(retry.getDuplicate()).isTrue();
        assertThat(retry.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(ledger.entries()).hasSize(entriesBefore);
    }

    @Test
    void shouldRefuseWhenThePayeeSpentTheMoneyAndAllowALaterReversal() {
        // Given: bob pays most of it on before the reversal
        open(false);
        TransferResult sent = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_000);
        ledger.transfer(TransferKind.MERCHANT_PAYMENT, "bob", "shop", 60_000);

        // When
        TransferResult refused = ledger.reverse(sent);

        // Then: nothing moved, and the transfer is not marked reversed
        assertRejected(refused, ReasonCode.INSUFFICIENT_FUNDS);
        assertThat(ledger.balance("bob")).isEqualTo(40_000);
        assertThat(ledger.entriesFor(refused.getRequestId())).isEmpty();
        assertThat(ledger.legs()).filteredOn(leg -> leg.getRequestId().equals(refused.getRequestId()))
            .extracting(leg -> leg.getLegType()).containsExactly(LegType.REVERSAL_DEBIT, LegType.REVERSAL_REFUSED);
        assertThat(ledger.transferRecord(sent.getRequestId()).getReversedBy()).isNull();

        // And once bob has the money again, customer care can reverse it
        ledger.transfer(TransferKind.CASH_IN, "agent-1", "bob", 60_000);
        assertStatus(ledger.reverse(sent), TransferStatus.COMPLETED);
        assertThat(ledger.balance("bob")).isZero();
    }

    @Test
    void shouldRefuseWhenThePayeeIsFrozen() {
        // Given
        open(false);
        TransferResult sent = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_000);
        ledger.act("bob", AccountAction.FREEZE);

        // When / Then
        assertRejected(ledger.reverse(sent), ReasonCode.ACCOUNT_FROZEN);
        assertThat(ledger.balance("bob")).isEqualTo(100_000);
    }

    @Test
    void shouldRefuseUnknownUnfinishedAndIrreversibleTransfers() {
        // Given
        open(false);
        TransferResult rejected = ledger.transfer(TransferKind.P2P, "alice", "bob", 50_000_000);
        TransferResult reversed = ledger.transfer(TransferKind.P2P, "alice", "ghost", 1_000);
        TransferResult hold = ledger.authorize("alice", "shop", 5_000);

        // When
        TransferResult unknown = ledger.send(ledger.request(TransferKind.REVERSAL, "bob", "alice", 1_000)
            .setReference("no-such-transfer").build());

        // Then
        assertRejected(unknown, ReasonCode.TRANSFER_NOT_FOUND);
        assertRejected(ledger.reverse(rejected), ReasonCode.NOT_REVERSIBLE);
        assertRejected(ledger.reverse(reversed), ReasonCode.NOT_REVERSIBLE);
        assertRejected(ledger.reverse(hold), ReasonCode.NOT_REVERSIBLE);
    }

    @Test
    void shouldRefuseATransferOlderThanTheWindow() {
        // Given
        open(false);
        TransferResult sent = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_000);
        ledger.advance(Duration.ofDays(3).plusMinutes(1));

        // When
        TransferResult late = ledger.reverse(sent);

        // Then
        assertRejected(late, ReasonCode.NOT_REVERSIBLE);
        assertThat(late.getDetail()).contains("reversal window");
        assertThat(ledger.balance("bob")).isEqualTo(100_000);
    }

    @Test
    void shouldRefuseAReversalThatDoesNotMirrorTheOriginal() {
        // Given
        open(false);
        TransferResult sent = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_000);

        // When
        TransferResult partial = ledger.send(ledger.request(TransferKind.REVERSAL, "bob", "alice", 50_000)
            .setReference(sent.getRequestId()).build());
        TransferResult toSomeoneElse = ledger.send(ledger.request(TransferKind.REVERSAL, "shop", "alice", 100_000)
            .setReference(sent.getRequestId()).build());

        // Then
        assertRejected(partial, ReasonCode.INVALID_AMOUNT);
        assertRejected(toSomeoneElse, ReasonCode.INVALID_REQUEST);
        assertThat(ledger.transferRecord(sent.getRequestId()).getReversedBy()).isNull();
    }

    @Test
    void shouldDeadLetterAReversalKeyedByTheAccountItDebits() {
        // Given
        open(false);
        TransferResult sent = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_000);

        // When
        TransferResult answer = ledger.send("bob", ledger.reversalOf(sent));

        // Then: REVERSAL is keyed by its payee, the original payer, whose partition knows the original
        assertThat(answer).isNull();
        assertThat(ledger.deadLetters()).singleElement()
            .satisfies(letter -> assertThat(letter.getReason()).isEqualTo("KEY_MISMATCH"));
        ledger.requests().remove(ledger.requests().size() - 1);
    }

    @Test
    void shouldSettleTheReversalOfAMerchantPaymentBack() {
        // Given
        open(false);
        TransferResult payment = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 30_000);

        // When
        TransferResult reversal = ledger.reverse(payment);

        // Then
        assertStatus(reversal, TransferStatus.COMPLETED);
        assertThat(ledger.settlements()).last()
            .extracting(Settlement::getPartyId, Settlement::getDirection, Settlement::getAmount)
            .containsExactly("shop", EntryDirection.DEBIT, 30_000L);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
    }
}
