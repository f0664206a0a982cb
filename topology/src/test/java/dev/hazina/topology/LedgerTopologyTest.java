package dev.hazina.topology;

import static dev.hazina.topology.LedgerAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

class LedgerTopologyTest {

    private static final String FEES = "SYS.FEES.KES.0";
    private static final String TRANSIT = "SYS.TRANSIT.KES.0";
    private static final String ISSUANCE = "SYS.ISSUANCE.KES.0";

    private LedgerDriver ledger;

    @BeforeEach
    void openAccounts() {
        ledger = new LedgerDriver();
        ledger.open("agent-1", AccountType.AGENT);
        ledger.open("alice", AccountType.CUSTOMER);
        ledger.open("bob", AccountType.CUSTOMER);
        ledger.open("shop", AccountType.MERCHANT);
        ledger.open("payroll", AccountType.BUSINESS);
        ledger.issue("agent-1", 10_000_000);
        ledger.transfer(TransferKind.CASH_IN, "agent-1", "alice", 1_000_000);
    }

    @AfterEach
    void close() {
        LedgerAssertions.assertConserved(ledger);
        ledger.close();
    }

    @Test
    void shouldIssueEmoneyFromThePartitionsIssuanceShard() {
        // Then (the issue in setUp)
        assertThat(ledger.balance(ISSUANCE)).isEqualTo(-10_000_000);
        assertThat(ledger.account("agent-1").getSequence()).isEqualTo(2);
        LedgerEntry credit = ledger.entries().get(1);
        assertThat(credit.getAccountId()).isEqualTo("agent-1");
        assertThat(credit.getEntryType()).isEqualTo(EntryType.PRINCIPAL);
        assertThat(credit.getBalanceAfter()).isEqualTo(10_000_000);
    }

    @Test
    void shouldCompleteCashInAndSettleTheAgentsDebit() {
        // Then (the cash-in in setUp)
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
        assertThat(ledger.balance("agent-1")).isEqualTo(9_000_000);
        assertThat(ledger.balance(TRANSIT)).isZero();
        Settlement settlement = ledger.settlements().get(0);
        assertThat(settlement.getPartyId()).isEqualTo("agent-1");
        assertThat(settlement.getDirection()).isEqualTo(EntryDirection.DEBIT);
        assertThat(settlement.getAmount()).isEqualTo(1_000_000);
        assertThat(settlement.getBusinessDate()).isEqualTo("2026-03-03");
    }

    @Test
    void shouldChargeTheBandedFeeOnP2pAsItsOwnLeg() {
        // When: 1,000 KES sits in the 501-1,000 band, fee 13 KES
        TransferResult result = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_000);

        // Then
        assertThat(result.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(result.getFee()).isEqualTo(1_300);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000 - 100_000 - 1_300);
        assertThat(ledger.balance("bob")).isEqualTo(100_000);
        assertThat(ledger.balance(FEES)).isEqualTo(1_300);
        assertThat(ledger.entriesFor(result.getRequestId()))
            .extracting(LedgerEntry::getAccountId, LedgerEntry::getEntryType, LedgerEntry::getDirection, LedgerEntry::getAmount)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("alice", EntryType.PRINCIPAL, EntryDirection.DEBIT, 100_000L),
                org.assertj.core.groups.Tuple.tuple("alice", EntryType.FEE, EntryDirection.DEBIT, 1_300L),
                org.assertj.core.groups.Tuple.tuple(FEES, EntryType.FEE, EntryDirection.CREDIT, 1_300L),
                org.assertj.core.groups.Tuple.tuple(TRANSIT, EntryType.TRANSIT, EntryDirection.CREDIT, 100_000L),
                org.assertj.core.groups.Tuple.tuple(TRANSIT, EntryType.TRANSIT, EntryDirection.DEBIT, 100_000L),
                org.assertj.core.groups.Tuple.tuple("bob", EntryType.PRINCIPAL, EntryDirection.CREDIT, 100_000L));
        assertThat(ledger.transferRecord(result.getRequestId()).getOutcome().getStatus()).isEqualTo(TransferStatus.COMPLETED);
    }

    @Test
    void shouldPayTheAgentACommissionOutOfTheCashOutFee() {
        // When: 2,000 KES withdrawal, fee 29 KES, half to the agent
        TransferResult result = ledger.transfer(TransferKind.CASH_OUT, "alice", "agent-1", 200_000);

        // Then
        assertThat(result.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(result.getFee()).isEqualTo(2_900);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000 - 202_900);
        assertThat(ledger.balance("agent-1")).isEqualTo(9_000_000 + 200_000 + 1_450);
        assertThat(ledger.balance(FEES)).isEqualTo(1_450);
        Settlement settlement = ledger.settlements().get(1);
        assertThat(settlement.getDirection()).isEqualTo(EntryDirection.CREDIT);
        assertThat(settlement.getCommission()).isEqualTo(1_450);
        assertThat(ledger.entriesFor(result.getRequestId())).filteredOn(e -> e.getEntryType() == EntryType.COMMISSION)
            .hasSize(3);
    }

    @Test
    void shouldSettleAMerchantPayment() {
        // When
        TransferResult result = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", 50_000);

        // Then
        assertThat(result.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(ledger.balance("shop")).isEqualTo(50_000);
        assertThat(ledger.settlements()).last()
            .extracting(Settlement::getPartyId, Settlement::getPartyType, Settlement::getAmount)
            .containsExactly("shop", AccountType.MERCHANT, 50_000L);
    }

    @Test
    void shouldPayOutB2cFromABusiness() {
        // Given
        ledger.issue("payroll", 5_000_000);

        // When
        TransferResult result = ledger.transfer(TransferKind.B2C, "payroll", "bob", 1_000_000);

        // Then
        assertThat(result.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(result.getFee()).isEqualTo(1_000);
        assertThat(ledger.balance("bob")).isEqualTo(1_000_000);
        assertThat(ledger.balance("payroll")).isEqualTo(5_000_000 - 1_001_000);
    }

    @Test
    void shouldRejectWhenFundsAreShort() {
        // When
        TransferResult result = ledger.transfer(TransferKind.P2P, "alice", "bob", 999_999);

        // Then: 999,999 + 108 KES fee > 1,000,000
        assertRejected(result, ReasonCode.INSUFFICIENT_FUNDS);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
        assertThat(ledger.entriesFor(result.getRequestId())).isEmpty();
    }

    @Test
    void shouldRejectAnUnknownPayer() {
        assertRejected(ledger.transfer(TransferKind.P2P, "nobody", "bob", 100), ReasonCode.ACCOUNT_NOT_FOUND);
    }

    @Test
    void shouldReverseInFullWhenThePayeeDoesNotExist() {
        // When
        TransferResult result = ledger.transfer(TransferKind.P2P, "alice", "ghost", 100_000);

        // Then
        assertThat(result.getStatus()).isEqualTo(TransferStatus.REVERSED);
        assertThat(result.getReason()).isEqualTo(ReasonCode.ACCOUNT_NOT_FOUND);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
        assertThat(ledger.balance(FEES)).isZero();
        assertThat(ledger.balance(TRANSIT)).isZero();
    }

    @Test
    void shouldRefundPayerWhenPayeeIsClosed() {
        // Given
        ledger.act("bob", AccountAction.CLOSE);

        // When
        TransferResult result = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_000);

        // Then
        assertThat(result.getStatus()).isEqualTo(TransferStatus.REVERSED);
        assertThat(result.getReason()).isEqualTo(ReasonCode.ACCOUNT_CLOSED);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
        assertThat(ledger.balance("bob")).isZero();
        assertThat(ledger.entriesFor(result.getRequestId())).filteredOn(e -> e.getEntryType() == EntryType.REFUND)
            .extracting(LedgerEntry::getAccountId).containsExactly(TRANSIT, FEES, "alice");
        assertThat(ledger.account("alice").getDailyDebitTotal()).isZero();
        assertThat(ledger.transferRecord(result.getRequestId()).getOutcome().getStatus()).isEqualTo(TransferStatus.REVERSED);
    }

    @Test
    void shouldRefuseDebitsButAcceptCreditsWhileFrozen() {
        // Given
        ledger.act("alice", AccountAction.FREEZE);

        // When
        TransferResult debit = ledger.transfer(TransferKind.P2P, "alice", "bob", 100);
        TransferResult credit = ledger.transfer(TransferKind.CASH_IN, "agent-1", "alice", 100);

        // Then
        assertRejected(debit, ReasonCode.ACCOUNT_FROZEN);
        assertThat(credit.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(ledger.account("alice").getStatus()).isEqualTo(AccountStatus.FROZEN);

        // And after unfreezing, debits work again
        ledger.act("alice", AccountAction.UNFREEZE);
        assertThat(ledger.transfer(TransferKind.P2P, "alice", "bob", 100).getStatus()).isEqualTo(TransferStatus.COMPLETED);
    }

    @Test
    void shouldRefuseDebitsFromAClosedAccount() {
        // Given
        ledger.open("carol", AccountType.CUSTOMER);
        ledger.act("carol", AccountAction.CLOSE);

        // When / Then
        assertRejected(ledger.transfer(TransferKind.P2P, "carol", "bob", 100), ReasonCode.ACCOUNT_CLOSED);
        assertThat(ledger.account("carol").getStatus()).isEqualTo(AccountStatus.CLOSED);
    }

    @Test
    void shouldRefuseToCloseAnAccountThatHoldsMoney() {
        // When
        var event = ledger.act("alice", AccountAction.CLOSE);

        // Then
        assertThat(event.getAccepted()).isFalse();
        assertThat(event.getReason()).isEqualTo(ReasonCode.ACCOUNT_NOT_EMPTY);
        assertThat(ledger.account("alice").getStatus()).isEqualTo(AccountStatus.ACTIVE);
    }

    @Test
    void shouldRejectOpeningAnAccountThatExists() {
        // When
        var event = ledger.open("alice", AccountType.CUSTOMER);

        // Then
        assertThat(event.getAccepted()).isFalse();
        assertThat(event.getReason()).isEqualTo(ReasonCode.ACCOUNT_EXISTS);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
    }

    @Test
    void shouldEnforceThePerTransferLimit() {
        // Given
        ledger.setLimits("alice", AccountLimits.newBuilder().setPerTransferMax(50_000L).build());

        // When / Then
        assertRejected(ledger.transfer(TransferKind.P2P, "alice", "bob", 50_001), ReasonCode.LIMIT_PER_TRANSFER);
        assertThat(ledger.transfer(TransferKind.P2P, "alice", "bob", 50_000).getStatus()).isEqualTo(TransferStatus.COMPLETED);
    }

    @Test
    void shouldReverseWhenThePayeeWouldExceedItsMaximumBalance() {
        // Given
        ledger.setLimits("bob", AccountLimits.newBuilder().setMaxBalance(100_000L).build());

        // When
        TransferResult tooMuch = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_001);
        TransferResult exact = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_000);

        // Then
        assertThat(tooMuch.getStatus()).isEqualTo(TransferStatus.REVERSED);
        assertThat(tooMuch.getReason()).isEqualTo(ReasonCode.LIMIT_MAX_BALANCE);
        assertThat(exact.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(ledger.balance("bob")).isEqualTo(100_000);
    }

    @Test
    void shouldRollTheDailyLimitOverAtNairobiMidnight() {
        // Given: a 200 KES daily limit, and it is 23:50 in Nairobi
        ledger.setLimits("alice", AccountLimits.newBuilder().setDailyDebitMax(20_000L).build());
        ZonedDateTime lateEvening = ZonedDateTime.of(2026, 3, 3, 23, 50, 0, 0, ZoneId.of("Africa/Nairobi"));
        ledger.advance(Duration.between(ledger.now(), lateEvening.toInstant()));
        assertThat(ledger.transfer(TransferKind.P2P, "alice", "bob", 15_000).getStatus()).isEqualTo(TransferStatus.COMPLETED);

        // When: the same evening, then ten minutes after midnight
        TransferResult sameDay = ledger.transfer(TransferKind.P2P, "alice", "bob", 10_000);
        ledger.advance(Duration.ofMinutes(15));
        TransferResult nextDay = ledger.transfer(TransferKind.P2P, "alice", "bob", 10_000);

        // Then
        assertRejected(sameDay, ReasonCode.LIMIT_DAILY);
        assertThat(nextDay.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(ledger.account("alice").getDailyDebitTotal()).isEqualTo(10_000);
    }

    @Test
    void shouldRejectARequestInAnotherCurrencyThanThePayers() {
        assertRejected(ledger.send(ledger.request(TransferKind.P2P, "alice", "bob", 100).setCurrency("TZS").build()),
            ReasonCode.CURRENCY_MISMATCH);
    }

    @Test
    void shouldRejectAnUnknownCurrency() {
        assertRejected(ledger.send(ledger.request(TransferKind.P2P, "alice", "bob", 100).setCurrency("XXQ").build()),
            ReasonCode.INVALID_REQUEST);
    }

    @Test
    void shouldRejectZeroNegativeAndOverflowingAmounts() {
        assertRejected(ledger.transfer(TransferKind.P2P, "alice", "bob", 0), ReasonCode.INVALID_AMOUNT);
        assertRejected(ledger.transfer(TransferKind.P2P, "alice", "bob", -5), ReasonCode.INVALID_AMOUNT);
        assertRejected(ledger.transfer(TransferKind.P2P, "alice", "bob", Long.MAX_VALUE), ReasonCode.INVALID_AMOUNT);
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
    }

    @Test
    void shouldRejectASelfTransfer() {
        assertRejected(ledger.transfer(TransferKind.P2P, "alice", "alice", 100), ReasonCode.SAME_ACCOUNT);
    }

    @Test
    void shouldRejectTheWrongAccountTypes() {
        assertRejected(ledger.transfer(TransferKind.CASH_IN, "alice", "bob", 100), ReasonCode.INVALID_ACCOUNT_TYPE);
        TransferResult toCustomer = ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "bob", 100);
        assertThat(toCustomer.getStatus()).isEqualTo(TransferStatus.REVERSED);
        assertThat(toCustomer.getReason()).isEqualTo(ReasonCode.INVALID_ACCOUNT_TYPE);
        assertRejected(ledger.transfer(TransferKind.P2P, "alice", "SYS.FEES.KES.0", 100), ReasonCode.INVALID_ACCOUNT_TYPE);
    }

    @Test
    void shouldRejectOversizedMetadata() {
        TransferRequest request = ledger.request(TransferKind.P2P, "alice", "bob", 100)
            .setMetadata(Map.of("note", "x".repeat(5_000))).build();
        assertRejected(ledger.send(request), ReasonCode.INVALID_REQUEST);
    }

    @Test
    void shouldAnswerARetryWithTheOriginalOutcomeAndPostNothing() {
        // Given
        TransferRequest request = ledger.request(TransferKind.P2P, "alice", "bob", 100_000).build();
        TransferResult original = ledger.send(request);
        int entriesBefore = ledger.entries().size();

        // When: the channel retries with a new send time
        TransferResult retry = ledger.send(TransferRequest.newBuilder(request).setRequestedAt(request.getRequestedAt() + 5_000).build());

        // Then
        assertThat(retry.getDuplicate()).isTrue();
        assertThat(retry.getStatus()).isEqualTo(original.getStatus());
        assertThat(retry.getDecidedAt()).isEqualTo(original.getDecidedAt());
        assertThat(ledger.entries()).hasSize(entriesBefore);
        assertThat(ledger.balance("bob")).isEqualTo(100_000);
    }

    @Test
    void shouldAnswerARetryOfARejectionWithTheSameRejection() {
        // Given
        TransferRequest request = ledger.request(TransferKind.P2P, "alice", "bob", 5_000_000).build();
        ledger.send(request);

        // When
        TransferResult retry = ledger.send(request);

        // Then
        assertThat(retry.getDuplicate()).isTrue();
        assertRejected(retry, ReasonCode.INSUFFICIENT_FUNDS);
    }

    @Test
    void shouldRejectARequestIdReusedWithDifferentContent() {
        // Given
        TransferRequest request = ledger.request(TransferKind.P2P, "alice", "bob", 100_000).build();
        ledger.send(request);

        // When
        TransferResult modified = ledger.send(TransferRequest.newBuilder(request).setAmount(900_000).build());

        // Then
        assertRejected(modified, ReasonCode.REQUEST_MODIFIED);
        assertThat(modified.getDuplicate()).isTrue();
        assertThat(ledger.balance("bob")).isEqualTo(100_000);
        assertThat(ledger.transferRecord(request.getRequestId()).getOutcome().getStatus()).isEqualTo(TransferStatus.COMPLETED);
    }

    @Test
    void shouldForgetRequestIdsAfterTheHorizonAndRefuseOlderRequests() {
        // Given
        TransferRequest request = ledger.request(TransferKind.P2P, "alice", "bob", 100).build();
        java.time.Instant sentAt = ledger.now();
        ledger.send(request);
        assertThat(ledger.transferRecord(request.getRequestId())).isNotNull();

        // When: 31 days pass, and the sweep runs
        ledger.advance(Duration.ofDays(31));

        // Then: the record is gone, and a replay of the old request is refused rather than posted again
        assertThat(ledger.transferRecord(request.getRequestId())).isNull();
        long bobBefore = ledger.balance("bob");
        TransferResult replay = ledger.sendAt("alice", request, sentAt);
        assertThat(replay.getStatus()).isEqualTo(TransferStatus.UNKNOWN);
        assertThat(replay.getReason()).isEqualTo(ReasonCode.REQUEST_TOO_OLD);
        assertThat(ledger.balance("bob")).isEqualTo(bobBefore);
        assertThat(ledger.transferRecord(request.getRequestId())).isNull();
    }

    @Test
    void shouldSkipUndecodableBytesAndCarryOn() {
        // Given (the dead letter itself is checked in DeadLetterHandlersTest and LedgerEndToEndIT:
        // TopologyTestDriver does not capture records written by the deserialization handler)
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        int entriesBefore = ledger.entries().size();

        // When
        ledger.sendRaw("alice".getBytes(StandardCharsets.UTF_8), garbage);
        TransferResult next = ledger.transfer(TransferKind.P2P, "alice", "bob", 100);

        // Then
        assertThat(next.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(ledger.entries()).hasSize(entriesBefore + ledger.entriesFor(next.getRequestId()).size());
    }

    @Test
    void shouldDeadLetterARequestKeyedByTheWrongAccount() {
        // When
        TransferRequest request = ledger.request(TransferKind.P2P, "alice", "bob", 100).build();
        TransferResult result = ledger.send("bob", request);

        // Then
        assertThat(result).isNull();
        assertThat(ledger.deadLetters()).singleElement()
            .satisfies(letter -> assertThat(letter.getReason()).isEqualTo("KEY_MISMATCH"));
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
    }

    @Test
    void shouldKeepGapFreeSequencesAndChainedBalances() {
        // Given
        for (int i = 0; i < 20; i++) {
            ledger.transfer(TransferKind.P2P, i % 2 == 0 ? "alice" : "bob", i % 2 == 0 ? "bob" : "alice", 10_000 + i);
        }

        // Then
        Map<String, Long> lastSequence = new java.util.HashMap<>();
        Map<String, Long> lastBalance = new java.util.HashMap<>();
        for (LedgerEntry entry : ledger.entries()) {
            long expectedSequence = lastSequence.getOrDefault(entry.getAccountId(), 0L) + 1;
            long previous = lastBalance.getOrDefault(entry.getAccountId(), 0L);
            long expectedBalance = entry.getDirection() == EntryDirection.CREDIT
                ? previous + entry.getAmount() : previous - entry.getAmount();
            assertThat(entry.getSequence()).as("sequence of %s", entry.getAccountId()).isEqualTo(expectedSequence);
            assertThat(entry.getBalanceAfter()).as("balanceAfter of %s", entry.getAccountId()).isEqualTo(expectedBalance);
            lastSequence.put(entry.getAccountId(), entry.getSequence());
            lastBalance.put(entry.getAccountId(), entry.getBalanceAfter());
        }
        lastBalance.forEach((account, balance) -> assertThat(ledger.balance(account)).isEqualTo(balance));
    }
}
