package dev.hazina.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferKind;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Random transfer streams through {@link LedgerSimulator}: valid histories pass every check, and
 * each single-entry corruption is caught.
 */
class LedgerInvariantsPropertyTest {

    private static final List<String> PARTIES = List.of("cust-0", "cust-1", "cust-2", "agent-0", "merchant-0", "biz-0");

    enum Move { ISSUE, P2P, CASH_IN, CASH_OUT, MERCHANT_PAYMENT, B2C, START, ADVANCE, RETRY, CLOSE, CHANGE_LIMITS }

    record Step(Move move, int from, int to, long amount) { }

    @Property(tries = 300)
    void quiescentHistoriesAreClean(@ForAll("scripts") List<Step> script) {
        // Given
        LedgerSimulator ledger = run(script).quiesce();

        // When
        CheckReport report = LedgerChecker.check(ledger.outputs(), true);

        // Then
        assertThat(report.violations()).isEmpty();
        assertThat(report.totalsByCurrency().values()).containsOnly(0L);
        assertThat(report.inTransitByCurrency().values()).containsOnly(0L);
    }

    @Property(tries = 300)
    void midRunHistoriesMeetTheAlwaysTrueInvariants(@ForAll("scripts") List<Step> script) {
        // Given
        LedgerSimulator ledger = run(script);

        // When
        CheckReport midRun = LedgerChecker.check(ledger.outputs(), false);
        CheckReport asIfQuiescent = LedgerChecker.check(ledger.outputs(), true);

        // Then
        assertThat(midRun.violations()).isEmpty();
        for (String requestId : ledger.inFlight()) {
            assertThat(asIfQuiescent.violations()).contains(
                    Violation.of(Invariant.MISSING_OUTCOME, requestId, "was submitted but never answered"));
        }
    }

    @Property(tries = 300)
    void aTamperedAmountIsFlagged(@ForAll("scripts") List<Step> script,
                                  @ForAll @IntRange(min = 0, max = 100_000) int pick,
                                  @ForAll @LongRange(min = 1, max = 1_000) long delta) {
        // Given
        List<LedgerEntry> entries = new ArrayList<>(run(script).quiesce().outputs().entries());
        LedgerEntry victim = entries.get(pick % entries.size());
        entries.set(pick % entries.size(), LedgerEntry.newBuilder(victim).setAmount(victim.getAmount() + delta).build());

        // When
        CheckReport report = LedgerChecker.check(run(script).quiesce().outputs().withEntries(entries), true);

        // Then
        assertThat(report.violations()).extracting(Violation::invariant, Violation::subject).contains(
                tuple("TRANSFER_BALANCE", victim.getTransferId()),
                tuple("BALANCE_CHAIN", victim.getAccountId()));
    }

    @Property(tries = 300)
    void aDroppedEntryIsFlagged(@ForAll("scripts") List<Step> script, @ForAll @IntRange(min = 0, max = 100_000) int pick) {
        // Given
        LedgerOutputs outputs = run(script).quiesce().outputs();
        List<LedgerEntry> entries = new ArrayList<>(outputs.entries());
        LedgerEntry victim = entries.remove(pick % entries.size());

        // When
        CheckReport report = LedgerChecker.check(outputs.withEntries(entries), true);

        // Then
        assertThat(report.violations()).extracting(Violation::invariant, Violation::subject)
                .contains(tuple("TRANSFER_BALANCE", victim.getTransferId()));
    }

    @Property(tries = 300)
    void aRepeatedEntryIsFlagged(@ForAll("scripts") List<Step> script, @ForAll @IntRange(min = 0, max = 100_000) int pick) {
        // Given
        LedgerOutputs outputs = run(script).quiesce().outputs();
        List<LedgerEntry> entries = new ArrayList<>(outputs.entries());
        LedgerEntry victim = entries.get(pick % entries.size());
        entries.add(pick % entries.size() + 1, victim);

        // When
        CheckReport report = LedgerChecker.check(outputs.withEntries(entries), true);

        // Then
        assertThat(report.violations()).extracting(Violation::invariant, Violation::subject).contains(
                tuple("SEQUENCE_GAP", victim.getAccountId()),
                tuple("TRANSFER_BALANCE", victim.getTransferId()));
    }

    @Provide
    Arbitrary<List<Step>> scripts() {
        Arbitrary<Move> moves = Arbitraries.frequency(
                Tuple.of(4, Move.ISSUE), Tuple.of(6, Move.P2P), Tuple.of(3, Move.CASH_IN), Tuple.of(3, Move.CASH_OUT),
                Tuple.of(3, Move.MERCHANT_PAYMENT), Tuple.of(2, Move.B2C), Tuple.of(5, Move.START), Tuple.of(3, Move.ADVANCE),
                Tuple.of(2, Move.RETRY), Tuple.of(1, Move.CLOSE), Tuple.of(2, Move.CHANGE_LIMITS));
        Arbitrary<Integer> parties = Arbitraries.integers().between(0, PARTIES.size() - 1);
        Arbitrary<Long> amounts = Arbitraries.longs().between(1, 150_000);
        return Combinators.combine(moves, parties, parties, amounts).as(Step::new).list().ofMaxSize(60);
    }

    /** Opens the parties, floats the agent and two customers, then plays {@code script}, leaving sagas in flight. */
    static LedgerSimulator run(List<Step> script) {
        LedgerSimulator ledger = new LedgerSimulator()
                .open("cust-0", AccountType.CUSTOMER, 0, 500_000L)
                .open("cust-1", AccountType.CUSTOMER, 0, 500_000L)
                .open("cust-2", AccountType.CUSTOMER, 0, 500_000L)
                .open("agent-0", AccountType.AGENT, 100_000, null)
                .open("merchant-0", AccountType.MERCHANT, 0, null)
                .open("biz-0", AccountType.BUSINESS, 0, 2_000_000L);
        List<String> requestIds = new ArrayList<>();
        requestIds.add(ledger.issue("agent-0", 1_000_000));
        requestIds.add(ledger.issue("cust-0", 100_000));
        requestIds.add(ledger.issue("cust-1", 100_000));
        for (Step step : script) {
            String from = PARTIES.get(step.from());
            String to = PARTIES.get(step.to());
            switch (step.move()) {
                case ISSUE -> requestIds.add(ledger.issue(to, step.amount()));
                case P2P, CASH_IN, CASH_OUT, MERCHANT_PAYMENT, B2C ->
                        requestIds.add(ledger.transfer(TransferKind.valueOf(step.move().name()), from, to, step.amount()));
                case START -> requestIds.add(ledger.start(TransferKind.P2P, from, to, step.amount()));
                case ADVANCE -> {
                    List<String> inFlight = ledger.inFlight();
                    if (!inFlight.isEmpty()) {
                        ledger.advance(inFlight.get(step.from() % inFlight.size()));
                    }
                }
                case RETRY -> ledger.retry(requestIds.get((int) (step.amount() % requestIds.size())));
                case CLOSE -> ledger.close(to);
                case CHANGE_LIMITS -> ledger.updateLimits(to,
                        step.amount() % 3 == 0 ? 0 : step.amount() / 4,
                        step.amount() % 2 == 0 ? null : step.amount() * 3);
            }
        }
        return ledger;
    }
}
