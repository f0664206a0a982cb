package dev.hazina.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerCheckerTest {

    private static final String ALICE = "cust-alice";
    private static final String BOB = "cust-bob";
    private static final String CAROL = "cust-carol";
    private static final String AGENT = "agent-ali";
    private static final String SHOP = "merchant-duka";

    private LedgerSimulator ledger;
    private String issued;
    private String cashIn;
    private String p2p;
    private String cashOut;
    private String rejected;
    private String reversed;

    /** A small, valid history: every transfer kind, a rejection, a refund and a retry. */
    @BeforeEach
    void writeHistory() {
        ledger = new LedgerSimulator()
                .open(ALICE, AccountType.CUSTOMER, 0, 300_000L)
                .open(BOB, AccountType.CUSTOMER, 0, 300_000L)
                .open(CAROL, AccountType.CUSTOMER, 0, 100_000L)
                .open(AGENT, AccountType.AGENT, 50_000, null)
                .open(SHOP, AccountType.MERCHANT, 0, null);
        issued = ledger.issue(AGENT, 1_000_000);
        cashIn = ledger.transfer(TransferKind.CASH_IN, AGENT, ALICE, 200_000);
        p2p = ledger.transfer(TransferKind.P2P, ALICE, BOB, 50_000);
        ledger.transfer(TransferKind.MERCHANT_PAYMENT, BOB, SHOP, 20_000);
        cashOut = ledger.transfer(TransferKind.CASH_OUT, ALICE, AGENT, 10_000);
        rejected = ledger.transfer(TransferKind.P2P, BOB, ALICE, 1_000_000);
        ledger.close(SHOP);
        reversed = ledger.transfer(TransferKind.MERCHANT_PAYMENT, ALICE, SHOP, 5_000);
        ledger.retry(p2p);
        ledger.retry(rejected);
    }

    @Test
    void shouldReportCleanHistoryWithCountsAndBalances() {
        // Given
        LedgerOutputs outputs = ledger.outputs();

        // When
        CheckReport report = LedgerChecker.check(outputs, true);

        // Then
        assertThat(report.violations()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.conservationOk()).isTrue();
        assertThat(report.sequencesOk()).isTrue();
        assertThat(report.requests()).isEqualTo(7);
        assertThat(report.outcomes(TransferStatus.COMPLETED)).isEqualTo(5);
        assertThat(report.outcomes(TransferStatus.REJECTED)).isEqualTo(1);
        assertThat(report.outcomes(TransferStatus.REVERSED)).isEqualTo(1);
        assertThat(report.duplicatesAnswered()).isEqualTo(2);
        assertThat(report.entries()).isEqualTo(outputs.entries().size());
        assertThat(report.totalsByCurrency()).containsEntry("KES", 0L);
        assertThat(report.inTransitByCurrency()).containsEntry("KES", 0L);
        assertThat(report.finalBalances())
                .containsEntry(ALICE, ledger.balance(ALICE))
                .containsEntry(BOB, ledger.balance(BOB))
                .containsEntry(AGENT, ledger.balance(AGENT));
        assertThat(report.finalBalances().keySet()).anyMatch(account -> account.startsWith("SYS.ISSUANCE.KES."));
        assertThat(report.accounts()).isEqualTo(report.finalBalances().size());
    }

    @Test
    void shouldFlagDuplicatePosting() {
        // Given: Bob's credit from the P2P transfer is written twice
        List<LedgerEntry> entries = new ArrayList<>(ledger.outputs().entries());
        int credit = indexOf(entries, BOB, 1);
        entries.add(credit + 1, entries.get(credit));

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withEntries(entries), true);

        // Then
        assertThat(pairs(report)).containsExactlyInAnyOrder(
                tuple("SEQUENCE_GAP", BOB),
                tuple("TRANSFER_BALANCE", p2p));
        assertThat(report.violationsOf(Invariant.TRANSFER_BALANCE).get(0).detail())
                .contains("second PRINCIPAL CREDIT")
                .contains("credits minus debits is 50000");
        assertThat(report.sequencesOk()).isFalse();
    }

    @Test
    void shouldFlagStepAppliedTwiceEvenWhenItBalances() {
        // Given: an ISSUE step is posted again with fresh sequences and a consistent chain
        String payment = ledger.issue(CAROL, 2_000);
        ledger.replayLastStep();

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs(), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("TRANSFER_BALANCE", payment));
        assertThat(report.sequencesOk()).isTrue();
        assertThat(report.conservationOk()).isTrue();
    }

    @Test
    void shouldFlagSequenceGap() {
        // Given: Alice's postings from her second one on are numbered one too high
        List<LedgerEntry> entries = mapEntries(ledger.outputs().entries(), entry ->
                entry.getAccountId().equals(ALICE) && entry.getSequence() >= 2
                        ? LedgerEntry.newBuilder(entry).setSequence(entry.getSequence() + 1).build()
                        : entry);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withEntries(entries), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("SEQUENCE_GAP", ALICE));
        assertThat(report.violations().get(0).detail()).startsWith("sequence 3 where 2 was expected");
    }

    @Test
    void shouldFlagSequenceNotStartingAtOne() {
        // Given
        List<LedgerEntry> entries = mapEntries(ledger.outputs().entries(), entry ->
                entry.getAccountId().equals(SHOP)
                        ? LedgerEntry.newBuilder(entry).setSequence(entry.getSequence() + 10).build()
                        : entry);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withEntries(entries), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("SEQUENCE_GAP", SHOP));
        assertThat(report.violations().get(0).detail()).startsWith("sequence 11 where 1 was expected");
    }

    @Test
    void shouldKeepTheLatestBalanceWhenAnOldPostingIsReadAgain() {
        // Given: Alice's first posting turns up again at the end
        List<LedgerEntry> entries = new ArrayList<>(ledger.outputs().entries());
        entries.add(entries.get(indexOf(entries, ALICE, 1)));

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withEntries(entries), true);

        // Then
        assertThat(pairs(report)).containsExactlyInAnyOrder(tuple("SEQUENCE_GAP", ALICE), tuple("TRANSFER_BALANCE", cashIn));
        assertThat(report.finalBalances()).containsEntry(ALICE, ledger.balance(ALICE));
        assertThat(report.conservationOk()).isTrue();
    }

    @Test
    void shouldFlagPostingInAnotherCurrency() {
        // Given: Alice's second posting is in another currency
        List<LedgerEntry> entries = mapEntries(ledger.outputs().entries(), entry ->
                entry.getAccountId().equals(ALICE) && entry.getSequence() == 2
                        ? LedgerEntry.newBuilder(entry).setCurrency("TZS").build()
                        : entry);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withEntries(entries), true);

        // Then
        assertThat(report.violationsOf(Invariant.BALANCE_CHAIN)).extracting(Violation::subject, Violation::detail)
                .contains(tuple(ALICE, "sequence 2 is in TZS but the account holds KES"));
        assertThat(report.violationsOf(Invariant.TRANSFER_BALANCE)).extracting(Violation::subject, Violation::detail)
                .contains(tuple(p2p, "entries in both TZS and KES"));
    }

    @Test
    void shouldFlagBrokenBalanceChain() {
        // Given: Alice's second posting claims 7 more than it should
        List<LedgerEntry> entries = mapEntries(ledger.outputs().entries(), entry ->
                entry.getAccountId().equals(ALICE) && entry.getSequence() == 2
                        ? LedgerEntry.newBuilder(entry).setBalanceAfter(entry.getBalanceAfter() + 7).build()
                        : entry);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withEntries(entries), true);

        // Then: the bad posting, and the next one that follows the true balance
        assertThat(pairs(report)).containsOnly(tuple("BALANCE_CHAIN", ALICE));
        assertThat(report.violations()).hasSize(2);
        assertThat(report.violations().get(0).detail()).startsWith("sequence 2 has balanceAfter");
        assertThat(report.sequencesOk()).isFalse();
        assertThat(report.conservationOk()).isTrue();
    }

    @Test
    void shouldFlagConservationWhenFinalBalancesDoNotSumToZero() {
        // Given: Bob's latest posting claims 500 too much
        List<LedgerEntry> entries = new ArrayList<>(ledger.outputs().entries());
        int last = lastIndexOf(entries, BOB);
        entries.set(last, LedgerEntry.newBuilder(entries.get(last)).setBalanceAfter(entries.get(last).getBalanceAfter() + 500).build());

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withEntries(entries), true);

        // Then
        assertThat(pairs(report)).containsExactlyInAnyOrder(tuple("BALANCE_CHAIN", BOB), tuple("CONSERVATION", "KES"));
        assertThat(report.violationsOf(Invariant.CONSERVATION).get(0).detail()).isEqualTo("balances sum to 500, not 0");
        assertThat(report.conservationOk()).isFalse();
        assertThat(report.totalsByCurrency()).containsEntry("KES", 500L);
    }

    @Test
    void shouldFlagUnbalancedTransfer() {
        // Given: Carol's only posting, an issued credit, is 100 short on both amount and balance
        String toCarol = ledger.issue(CAROL, 1_000);
        List<LedgerEntry> entries = mapEntries(ledger.outputs().entries(), entry ->
                entry.getAccountId().equals(CAROL)
                        ? LedgerEntry.newBuilder(entry).setAmount(900).setBalanceAfter(900).build()
                        : entry);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withEntries(entries), true);

        // Then
        assertThat(pairs(report)).containsExactlyInAnyOrder(tuple("TRANSFER_BALANCE", toCarol), tuple("CONSERVATION", "KES"));
        assertThat(report.violationsOf(Invariant.TRANSFER_BALANCE).get(0).detail()).contains("credits minus debits is -100 KES");
    }

    @Test
    void shouldFlagNonPositiveAmount() {
        // Given: a zero-amount credit to Bob added to the issue, chained correctly
        List<LedgerEntry> entries = new ArrayList<>(ledger.outputs().entries());
        LedgerEntry last = entries.get(lastIndexOf(entries, BOB));
        entries.add(LedgerEntry.newBuilder(last).setSequence(last.getSequence() + 1).setTransferId(issued)
                .setKind(TransferKind.ISSUE).setEntryType(EntryType.PRINCIPAL).setDirection(EntryDirection.CREDIT)
                .setAmount(0).build());

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withEntries(entries), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("TRANSFER_BALANCE", issued));
        assertThat(report.violations().get(0).detail()).contains("has amount 0");
    }

    @Test
    void shouldFlagMissingOutcomeAtQuiescenceOnly() {
        // Given: the CASH_IN outcome is lost
        List<TransferResult> results = new ArrayList<>(ledger.outputs().results());
        results.removeIf(result -> result.getRequestId().equals(cashIn));
        LedgerOutputs outputs = ledger.outputs().withResults(results);

        // When
        CheckReport quiescent = LedgerChecker.check(outputs, true);
        CheckReport midRun = LedgerChecker.check(outputs, false);

        // Then
        assertThat(pairs(quiescent)).containsExactly(tuple("MISSING_OUTCOME", cashIn));
        assertThat(quiescent.violations().get(0).detail()).isEqualTo("was submitted but never answered");
        assertThat(midRun.violations()).isEmpty();
    }

    @Test
    void shouldFlagPostedTransferWithoutOutcomeWhenRequestsAreUnknown() {
        // Given
        List<TransferResult> results = new ArrayList<>(ledger.outputs().results());
        results.removeIf(result -> result.getRequestId().equals(cashIn));
        LedgerOutputs outputs = ledger.outputs().withResults(results).withRequests(List.of());

        // When
        CheckReport report = LedgerChecker.check(outputs, true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("MISSING_OUTCOME", cashIn));
        assertThat(report.violations().get(0).detail()).isEqualTo("has ledger entries but no outcome");
        assertThat(report.requests()).isZero();
    }

    @Test
    void shouldFlagTwoOutcomesForOneRequest() {
        // Given: the P2P transfer is decided a second time
        List<TransferResult> results = new ArrayList<>(ledger.outputs().results());
        TransferResult original = originalOutcome(results, p2p);
        results.add(TransferResult.newBuilder(original).setStatus(TransferStatus.REVERSED).setReason(ReasonCode.ACCOUNT_CLOSED).build());

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withResults(results), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("ONE_OUTCOME", p2p));
        assertThat(report.violations().get(0).detail()).isEqualTo("second outcome REVERSED ACCOUNT_CLOSED after COMPLETED");
        assertThat(report.outcomes(TransferStatus.COMPLETED)).isEqualTo(5);
        assertThat(report.outcomes(TransferStatus.REVERSED)).isEqualTo(1);
    }

    @Test
    void shouldFlagOutcomeForRequestNeverSubmitted() {
        // Given
        List<TransferResult> results = new ArrayList<>(ledger.outputs().results());
        results.add(TransferResult.newBuilder(originalOutcome(results, rejected)).setRequestId("ghost").build());

        // When
        CheckReport known = LedgerChecker.check(ledger.outputs().withResults(results), true);
        CheckReport unknown = LedgerChecker.check(ledger.outputs().withResults(results).withRequests(List.of()), true);

        // Then
        assertThat(pairs(known)).containsExactly(tuple("ONE_OUTCOME", "ghost"));
        assertThat(unknown.violations()).isEmpty();
    }

    @Test
    void shouldFlagDuplicateAnsweredWithDifferentStatus() {
        // Given: the retry of the rejected transfer is answered COMPLETED
        List<TransferResult> results = mapResults(ledger.outputs().results(), result ->
                result.getRequestId().equals(rejected) && result.getDuplicate()
                        ? TransferResult.newBuilder(result).setStatus(TransferStatus.COMPLETED).setReason(null).build()
                        : result);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withResults(results), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("DUPLICATE_ANSWER", rejected));
        assertThat(report.violations().get(0).detail())
                .isEqualTo("retry answered COMPLETED but the original outcome was REJECTED INSUFFICIENT_FUNDS");
    }

    @Test
    void shouldFlagDuplicateAnsweredWithDifferentReason() {
        // Given
        List<TransferResult> results = mapResults(ledger.outputs().results(), result ->
                result.getRequestId().equals(rejected) && result.getDuplicate()
                        ? TransferResult.newBuilder(result).setReason(ReasonCode.LIMIT_DAILY).build()
                        : result);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withResults(results), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("DUPLICATE_ANSWER", rejected));
    }

    @Test
    void shouldFlagDuplicateAnswerWithoutOriginal() {
        // Given: only the duplicate answer of the P2P transfer survives
        List<TransferResult> results = new ArrayList<>(ledger.outputs().results());
        results.remove(originalOutcome(results, p2p));

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withResults(results), false);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("DUPLICATE_ANSWER", p2p));
    }

    @Test
    void shouldAcceptModifiedRetryRejectedAsRequestModified() {
        // Given: a retry with different content is rejected, as the design prescribes
        List<TransferResult> results = new ArrayList<>(ledger.outputs().results());
        results.add(TransferResult.newBuilder(originalOutcome(results, p2p))
                .setStatus(TransferStatus.REJECTED).setReason(ReasonCode.REQUEST_MODIFIED).build());

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withResults(results), true);

        // Then
        assertThat(report.violations()).isEmpty();
        assertThat(report.duplicatesAnswered()).isEqualTo(3);
    }

    @Test
    void shouldFlagCreditLegAnsweredTwice() {
        // Given: the P2P CREDIT leg is confirmed and also refunded
        List<LedgerLeg> legs = new ArrayList<>(ledger.outputs().legs());
        LedgerLeg confirm = legs.stream()
                .filter(leg -> leg.getRequestId().equals(p2p) && leg.getLegType() == LegType.CONFIRM)
                .findFirst().orElseThrow();
        legs.add(LedgerLeg.newBuilder(confirm).setLegType(LegType.REFUND).setReason(ReasonCode.ACCOUNT_CLOSED).build());

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withLegs(legs), false);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("LEG_PAIRING", p2p));
        assertThat(report.violations().get(0).detail()).startsWith("CREDIT leg answered more than once");
    }

    @Test
    void shouldFlagTwoCreditLegsForOneRequest() {
        // Given: the P2P CREDIT leg is sent twice
        List<LedgerLeg> legs = new ArrayList<>(ledger.outputs().legs());
        legs.add(legs.stream()
                .filter(leg -> leg.getRequestId().equals(p2p) && leg.getLegType() == LegType.CREDIT)
                .findFirst().orElseThrow());

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withLegs(legs), false);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("LEG_PAIRING", p2p));
        assertThat(report.violations().get(0).detail()).startsWith("more than one CREDIT leg");
    }

    @Test
    void shouldFlagAnswerWithoutCreditLeg() {
        // Given
        List<LedgerLeg> legs = new ArrayList<>(ledger.outputs().legs());
        legs.removeIf(leg -> leg.getRequestId().equals(cashOut) && leg.getLegType() == LegType.CREDIT);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withLegs(legs), false);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("LEG_PAIRING", cashOut));
        assertThat(report.violations().get(0).detail()).startsWith("answer without a CREDIT leg");
    }

    @Test
    void shouldFlagUnansweredCreditLegAtQuiescenceOnly() {
        // Given: a transfer stopped after step 1
        String inFlight = ledger.start(TransferKind.P2P, ALICE, CAROL, 3_000);

        // When
        CheckReport midRun = LedgerChecker.check(ledger.outputs(), false);
        CheckReport quiescent = LedgerChecker.check(ledger.outputs(), true);

        // Then
        assertThat(midRun.violations()).isEmpty();
        assertThat(midRun.inTransitByCurrency()).containsEntry("KES", 3_000L);
        assertThat(pairs(quiescent)).containsExactlyInAnyOrder(
                tuple("CONSERVATION", "KES"),
                tuple("LEG_PAIRING", inFlight),
                tuple("MISSING_OUTCOME", inFlight));
        assertThat(quiescent.violationsOf(Invariant.CONSERVATION).get(0).detail()).isEqualTo("3000 still in transit at quiescence");
    }

    @Test
    void shouldFlagNegativeTransitEvenMidRun() {
        // Given: a transit shard's latest posting claims a million less
        List<LedgerEntry> entries = new ArrayList<>(ledger.outputs().entries());
        String shard = entries.stream().map(LedgerEntry::getAccountId)
                .filter(account -> account.startsWith("SYS.TRANSIT.")).findFirst().orElseThrow();
        int last = lastIndexOf(entries, shard);
        entries.set(last, LedgerEntry.newBuilder(entries.get(last)).setBalanceAfter(entries.get(last).getBalanceAfter() - 1_000_000).build());

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withEntries(entries), false);

        // Then
        assertThat(report.violationsOf(Invariant.CONSERVATION)).extracting(Violation::detail)
                .contains("transit shards sum to -1000000, below 0");
    }

    @Test
    void shouldFlagRejectedTransferWithPostings() {
        // Given: the completed CASH_IN claims it was rejected
        List<TransferResult> results = mapResults(ledger.outputs().results(), result ->
                result.getRequestId().equals(cashIn)
                        ? TransferResult.newBuilder(result).setStatus(TransferStatus.REJECTED).setReason(ReasonCode.INSUFFICIENT_FUNDS).build()
                        : result);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withResults(results), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("REJECTED_POSTED", cashIn));
        assertThat(report.violations().get(0).detail()).isEqualTo("REJECTED INSUFFICIENT_FUNDS but 4 entries were posted");
    }

    @Test
    void shouldFlagReversedTransferWithoutRefundEntries() {
        // Given: the completed CASH_OUT claims it was reversed
        List<TransferResult> results = mapResults(ledger.outputs().results(), result ->
                result.getRequestId().equals(cashOut)
                        ? TransferResult.newBuilder(result).setStatus(TransferStatus.REVERSED).setReason(ReasonCode.ACCOUNT_CLOSED).build()
                        : result);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withResults(results), true);
        CheckReport midRun = LedgerChecker.check(ledger.outputs().withResults(results), false);

        // Then: mid-run the refund may still be on its way (a returned top-up posts on the funder's partition)
        assertThat(pairs(report)).containsExactly(tuple("LEG_PAIRING", cashOut));
        assertThat(report.violations().get(0).detail()).isEqualTo("REVERSED ACCOUNT_CLOSED but no REFUND entries were posted");
        assertThat(midRun.violations()).isEmpty();
    }

    @Test
    void shouldAcceptAPendingHoldFollowedByOneExpiry() {
        // Given
        String hold = ledger.authorize(ALICE, SHOP, 5_000);
        ledger.expire(hold);
        ledger.retry(hold);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs(), true);

        // Then: PENDING is the AUTHORIZE's outcome, EXPIRED its hold's end, and a retry still hears PENDING
        assertThat(report.violations()).isEmpty();
        assertThat(report.outcomes(TransferStatus.PENDING)).isEqualTo(1);
        assertThat(report.outcomes(TransferStatus.EXPIRED)).isEqualTo(1);
    }

    @Test
    void shouldFlagASecondExpiryOfOneHold() {
        // Given
        String hold = ledger.authorize(ALICE, SHOP, 5_000);
        ledger.expire(hold);
        ledger.expire(hold);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs(), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("ONE_OUTCOME", hold));
        assertThat(report.violations().get(0).detail()).isEqualTo("second outcome EXPIRED after PENDING and EXPIRED");
    }

    @Test
    void shouldFlagAnExpiryOfSomethingThatWasNotAHold() {
        // Given: the completed P2P transfer "expires"
        List<TransferResult> results = new ArrayList<>(ledger.outputs().results());
        results.add(TransferResult.newBuilder(originalOutcome(results, p2p)).setStatus(TransferStatus.EXPIRED).build());

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withResults(results), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("ONE_OUTCOME", p2p));
        assertThat(report.violations().get(0).detail()).isEqualTo("second outcome EXPIRED after COMPLETED");
    }

    @Test
    void shouldFlagARetryOfAnExpiredHoldAnsweredExpired() {
        // Given
        String hold = ledger.authorize(ALICE, SHOP, 5_000);
        ledger.expire(hold);
        List<TransferResult> results = new ArrayList<>(ledger.outputs().results());
        results.add(TransferResult.newBuilder(results.get(results.size() - 1)).setDuplicate(true).build());

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withResults(results), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("DUPLICATE_ANSWER", hold));
    }

    @Test
    void shouldAcceptTopUpAndReversalLegsAnsweredOnce() {
        // Given: a top-up that landed and went back, and a refused reversal
        List<LedgerLeg> legs = new ArrayList<>(ledger.outputs().legs());
        legs.addAll(legs(p2p, LegType.TOPUP_DEBIT, LegType.TOPUP_CREDIT, LegType.TOPUP_REFUND));
        legs.addAll(legs(cashIn, LegType.REVERSAL_DEBIT, LegType.REVERSAL_REFUSED));

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs().withLegs(legs), true);

        // Then
        assertThat(report.violations()).isEmpty();
    }

    @Test
    void shouldFlagTopUpAndReversalLegsThatAreNotPaired() {
        // Given
        List<LedgerLeg> legs = new ArrayList<>(ledger.outputs().legs());
        legs.addAll(legs(p2p, LegType.TOPUP_DEBIT));
        legs.addAll(legs(cashIn, LegType.REVERSAL_DEBIT, LegType.REVERSAL_CREDIT, LegType.REVERSAL_REFUSED));
        legs.addAll(legs(cashOut, LegType.TOPUP_DEBIT, LegType.TOPUP_REFUSED, LegType.TOPUP_REFUND));

        // When
        CheckReport midRun = LedgerChecker.check(ledger.outputs().withLegs(legs), false);
        CheckReport quiescent = LedgerChecker.check(ledger.outputs().withLegs(legs), true);

        // Then
        assertThat(pairs(midRun)).containsExactlyInAnyOrder(tuple("LEG_PAIRING", cashIn), tuple("LEG_PAIRING", cashOut));
        assertThat(midRun.violations()).extracting(Violation::detail).anySatisfy(
                detail -> assertThat(detail).startsWith("REVERSAL_DEBIT leg answered more than once"));
        assertThat(midRun.violations()).extracting(Violation::detail).anySatisfy(
                detail -> assertThat(detail).startsWith("TOPUP_REFUND without a landed top-up"));
        assertThat(quiescent.violationsOf(Invariant.LEG_PAIRING)).extracting(Violation::subject)
                .containsExactlyInAnyOrder(cashIn, cashOut, p2p);
    }

    @Test
    void shouldAcceptReversedTransferWithRefundEntries() {
        // Given
        LedgerOutputs outputs = ledger.outputs();

        // When
        CheckReport report = LedgerChecker.check(outputs, true);

        // Then
        assertThat(originalOutcome(outputs.results(), reversed).getStatus()).isEqualTo(TransferStatus.REVERSED);
        assertThat(report.violations()).isEmpty();
    }

    @Test
    void shouldFlagBalanceBelowOverdraftFloor() {
        // Given: Carol, with no overdraft, is allowed to spend 1,500 of her 1,000
        ledger.issue(CAROL, 1_000);
        ledger.enforceLimits(false);
        ledger.transfer(TransferKind.P2P, CAROL, BOB, 1_500);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs(), true);

        // Then: the principal debit leaves -500, the fee debit -530
        assertThat(pairs(report)).containsExactly(tuple("BALANCE_BOUNDS", CAROL), tuple("BALANCE_BOUNDS", CAROL));
        assertThat(report.violations().get(0).detail()).isEqualTo("sequence 2 leaves -500, below the overdraft limit 0");
    }

    @Test
    void shouldAcceptOverdraftWithinLimit() {
        // Given: the agent has a 50,000 overdraft
        ledger.open("biz-acme", AccountType.BUSINESS, 0, null);
        ledger.transfer(TransferKind.CASH_IN, AGENT, "biz-acme", ledger.balance(AGENT) + 40_000);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs(), true);

        // Then
        assertThat(ledger.balance(AGENT)).isEqualTo(-40_000);
        assertThat(report.violations()).isEmpty();
    }

    @Test
    void shouldFlagBalanceAboveMaxBalance() {
        // Given: Carol may hold 100,000 but receives 150,000
        ledger.enforceLimits(false);
        ledger.transfer(TransferKind.CASH_IN, AGENT, CAROL, 150_000);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs(), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("BALANCE_BOUNDS", CAROL));
        assertThat(report.violations().get(0).detail()).isEqualTo("sequence 1 leaves 150000, above the maximum balance 100000");
    }

    @Test
    void shouldNotFlagRefundAboveMaxBalance() {
        // Given: Bob's maximum is lowered while his payment to a closed shop is in flight
        long before = ledger.balance(BOB);
        String payment = ledger.start(TransferKind.MERCHANT_PAYMENT, BOB, SHOP, 10_000);
        ledger.updateLimits(BOB, 0, 1_000L);
        ledger.quiesce();

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs(), true);

        // Then
        assertThat(originalOutcome(ledger.outputs().results(), payment).getStatus()).isEqualTo(TransferStatus.REVERSED);
        assertThat(ledger.balance(BOB)).isEqualTo(before).isGreaterThan(1_000);
        assertThat(report.violations()).isEmpty();
    }

    @Test
    void shouldCheckBoundsAgainstLimitsInForceWhenPosted() {
        // Given: Carol overdraws within a 2,000 overdraft that is later withdrawn
        ledger.updateLimits(CAROL, 2_000, 100_000L);
        ledger.transfer(TransferKind.P2P, CAROL, BOB, 500);
        ledger.updateLimits(CAROL, 0, 100_000L);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs(), true);

        // Then
        assertThat(ledger.balance(CAROL)).isEqualTo(-500);
        assertThat(report.violations()).isEmpty();
    }

    @Test
    void shouldFlagPostingBeyondLimitsThatWereLoosenedOnlyLater() {
        // Given: Carol overdraws while she has no overdraft; one is granted afterwards
        ledger.enforceLimits(false);
        ledger.transfer(TransferKind.P2P, CAROL, BOB, 500);
        ledger.updateLimits(CAROL, 2_000, 100_000L);

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs(), true);

        // Then
        assertThat(pairs(report)).containsExactly(tuple("BALANCE_BOUNDS", CAROL));
    }

    @Test
    void shouldNotBoundCheckSystemAccounts() {
        // Given: the issuance shards are deeply negative and even carry a zero-overdraft event
        LedgerOutputs outputs = ledger.outputs();
        String issuance = outputs.entries().stream()
                .map(LedgerEntry::getAccountId)
                .filter(account -> account.startsWith("SYS.ISSUANCE."))
                .findFirst().orElseThrow();
        LedgerSimulator limits = new LedgerSimulator().open(issuance, AccountType.SYSTEM, 0, 0L);
        List<AccountEvent> events = new ArrayList<>(outputs.accountEvents());
        events.add(0, limits.outputs().accountEvents().get(0));

        // When
        CheckReport report = LedgerChecker.check(outputs.withAccountEvents(events), true);

        // Then
        assertThat(report.finalBalances().get(issuance)).isNegative();
        assertThat(report.violations()).isEmpty();
    }

    @Test
    void shouldBeDeterministic() {
        // Given
        List<LedgerEntry> entries = new ArrayList<>(ledger.outputs().entries());
        entries.add(entries.get(3));
        entries.add(entries.get(7));
        LedgerOutputs outputs = ledger.outputs().withEntries(entries);

        // When
        CheckReport first = LedgerChecker.check(outputs, true);
        CheckReport second = LedgerChecker.check(outputs, true);

        // Then
        assertThat(first.violations()).isNotEmpty().isEqualTo(second.violations());
        assertThat(first).isEqualTo(second);
    }

    @Test
    void shouldReportNothingForEmptyOutputs() {
        // When
        CheckReport report = LedgerChecker.check(LedgerOutputs.empty(), true);

        // Then
        assertThat(report.ok()).isTrue();
        assertThat(report.entries()).isZero();
        assertThat(report.finalBalances()).isEmpty();
    }

    /** Legs of {@code requestId}, one of each type given, as the ledger would write them. */
    private static List<LedgerLeg> legs(String requestId, LegType... types) {
        List<LedgerLeg> legs = new ArrayList<>();
        for (LegType type : types) {
            legs.add(LedgerLeg.newBuilder().setRequestId(requestId).setLegType(type).setKind(TransferKind.P2P)
                    .setPayer(ALICE).setPayee(BOB).setAmount(100).setCurrency("KES").setRequestedAt(0).setSentAt(0).build());
        }
        return legs;
    }

    private static List<org.assertj.core.groups.Tuple> pairs(CheckReport report) {
        return report.violations().stream().map(v -> tuple(v.invariant(), v.subject())).toList();
    }

    private static int indexOf(List<LedgerEntry> entries, String account, long sequence) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getAccountId().equals(account) && entries.get(i).getSequence() == sequence) {
                return i;
            }
        }
        throw new AssertionError("no entry " + account + "#" + sequence);
    }

    private static int lastIndexOf(List<LedgerEntry> entries, String account) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).getAccountId().equals(account)) {
                return i;
            }
        }
        throw new AssertionError("no entry for " + account);
    }

    private static TransferResult originalOutcome(List<TransferResult> results, String requestId) {
        return results.stream()
                .filter(result -> result.getRequestId().equals(requestId) && !result.getDuplicate())
                .findFirst().orElseThrow();
    }

    private static List<LedgerEntry> mapEntries(List<LedgerEntry> entries, UnaryOperator<LedgerEntry> change) {
        return entries.stream().map(change).toList();
    }

    private static List<TransferResult> mapResults(List<TransferResult> results, UnaryOperator<TransferResult> change) {
        return results.stream().map(change).toList();
    }
}
