package dev.hazina.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hazina.reconciliation.Violation;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import dev.hazina.topology.LedgerConfig;

/**
 * The store-versus-model comparison of the chaos checker, on a small history whose balances are worked
 * out by hand: an issue, a cash-in, a P2P with a fee, a cash-out with a commission, a rejection, a
 * reversal and retries. Then corrupted stores and outcomes, each of which must be flagged.
 */
class StoreCheckTest {

    private static final String AGENT = "agent-ali";
    private static final String ALICE = "cust-alice";
    private static final String BOB = "cust-bob";
    private static final String SHOP = "merch-duka";
    /** Default tariff: a P2P of 50,000 cents pays 700; a cash-out of 10,000 pays 1,100, half of it commission. */
    private static final long P2P_FEE = 700;
    private static final long CASH_OUT_FEE = 1_100;
    private static final long COMMISSION = 550;

    private final LedgerConfig config = new LedgerConfig(Map.of(LedgerConfig.PARTITIONS_CONFIG, 8));
    private final List<TransferRequest> requests = new ArrayList<>();
    private final List<TransferResult> results = new ArrayList<>();

    @BeforeEach
    void decideHistory() {
        decide(request("issue", TransferKind.ISSUE, "SYS.ISSUANCE", AGENT, 1_000_000), TransferStatus.COMPLETED, null, 0);
        decide(request("cashin", TransferKind.CASH_IN, AGENT, ALICE, 200_000), TransferStatus.COMPLETED, null, 0);
        decide(request("p2p", TransferKind.P2P, ALICE, BOB, 50_000), TransferStatus.COMPLETED, null, P2P_FEE);
        decide(request("cashout", TransferKind.CASH_OUT, ALICE, AGENT, 10_000), TransferStatus.COMPLETED, null, CASH_OUT_FEE);
        decide(request("broke", TransferKind.P2P, BOB, ALICE, 9_000_000), TransferStatus.REJECTED,
            ReasonCode.INSUFFICIENT_FUNDS, 0);
        decide(request("closed", TransferKind.MERCHANT_PAYMENT, ALICE, SHOP, 5_000), TransferStatus.REVERSED,
            ReasonCode.ACCOUNT_CLOSED, 0);
        retry("p2p");
        retry("broke");
    }

    @Test
    void shouldModelHandWorkedBalancesAndConserveMoney() {
        // When
        BalanceModel model = BalanceModel.replay(config, requests, results);

        // Then
        assertThat(model.violations()).isEmpty();
        assertThat(model.replayed()).isEqualTo(6);
        assertThat(model.expectedBalances())
            .containsEntry(AGENT, 1_000_000L - 200_000 + 10_000 + COMMISSION)
            .containsEntry(ALICE, 200_000L - 50_000 - P2P_FEE - 10_000 - CASH_OUT_FEE)
            .containsEntry(BOB, 50_000L)
            .doesNotContainKey(SHOP);
        assertThat(model.expectedBalances().values().stream().mapToLong(Long::longValue).sum()).isZero();
        long fees = model.expectedBalances().entrySet().stream()
            .filter(e -> e.getKey().startsWith("SYS.FEES.")).mapToLong(Map.Entry::getValue).sum();
        assertThat(fees).isEqualTo(P2P_FEE + CASH_OUT_FEE - COMMISSION);
        long transit = model.expectedBalances().entrySet().stream()
            .filter(e -> e.getKey().startsWith("SYS.TRANSIT.")).mapToLong(Map.Entry::getValue).sum();
        assertThat(transit).isZero();
    }

    @Test
    void shouldPassStoreAndEntriesThatMatchTheModel() {
        // Given
        BalanceModel model = BalanceModel.replay(config, requests, results);
        Map<String, AccountState> store = storeOf(model.expectedBalances());

        // When
        List<Violation> violations = StoreCheck.check(model, store, entriesOf(store), model.expectedBalances());

        // Then
        assertThat(violations).isEmpty();
    }

    @Test
    void shouldFlagCorruptedChangelogBalance() {
        // Given: the payee's credit applied twice in the store, as a replayed, uncommitted write would
        BalanceModel model = BalanceModel.replay(config, requests, results);
        Map<String, AccountState> store = storeOf(model.expectedBalances());
        store.get(BOB).setBalance(100_000L);

        // When
        List<Violation> violations = StoreCheck.check(model, store, entriesOf(storeOf(model.expectedBalances())),
            model.expectedBalances());

        // Then
        assertThat(violations)
            .extracting(Violation::invariant, Violation::subject)
            .containsExactly(tuple(BalanceModel.STORE_BALANCE, BOB));
        assertThat(violations.get(0).detail()).contains("100000").contains("gives 50000");
    }

    @Test
    void shouldFlagAccountMissingFromTheStore() {
        // Given
        BalanceModel model = BalanceModel.replay(config, requests, results);
        Map<String, AccountState> store = storeOf(model.expectedBalances());
        List<LedgerEntry> entries = entriesOf(store);
        store.remove(ALICE);

        // When
        List<Violation> violations = StoreCheck.check(model, store, entries, model.expectedBalances());

        // Then
        assertThat(violations)
            .extracting(Violation::invariant, Violation::subject)
            .containsExactlyInAnyOrder(tuple(BalanceModel.STORE_BALANCE, ALICE), tuple(StoreCheck.STORE_SEQUENCE, ALICE));
    }

    @Test
    void shouldFlagEntryBalanceThatMissesAPosting() {
        // Given: the entries topic lost the cash-out's debit of the payer
        BalanceModel model = BalanceModel.replay(config, requests, results);
        Map<String, Long> entryBalances = new HashMap<>(model.expectedBalances());
        entryBalances.merge(ALICE, 10_000L + CASH_OUT_FEE, Long::sum);
        Map<String, AccountState> store = storeOf(model.expectedBalances());

        // When
        List<Violation> violations = StoreCheck.check(model, store, entriesOf(store), entryBalances);

        // Then
        assertThat(violations)
            .extracting(Violation::invariant, Violation::subject)
            .containsExactly(tuple(BalanceModel.ENTRY_BALANCE, ALICE));
    }

    @Test
    void shouldFlagStoreSequenceThatDisagreesWithTheEntries() {
        // Given
        BalanceModel model = BalanceModel.replay(config, requests, results);
        Map<String, AccountState> store = storeOf(model.expectedBalances());
        List<LedgerEntry> entries = entriesOf(store);
        store.get(AGENT).setSequence(store.get(AGENT).getSequence() + 1);

        // When
        List<Violation> violations = StoreCheck.check(model, store, entries, model.expectedBalances());

        // Then
        assertThat(violations)
            .extracting(Violation::invariant, Violation::subject)
            .containsExactly(tuple(StoreCheck.STORE_SEQUENCE, AGENT));
    }

    @Test
    void shouldFlagMoneyMovedForARequestWhoseOutcomeSaysRejected() {
        // Given: the store shows the rejected transfer as posted
        BalanceModel model = BalanceModel.replay(config, requests, results);
        Map<String, Long> posted = new HashMap<>(model.expectedBalances());
        posted.merge(BOB, -9_000_000L, Long::sum);
        posted.merge(ALICE, 9_000_000L, Long::sum);

        // When
        List<Violation> violations = model.compare(posted, BalanceModel.STORE_BALANCE, "the store");

        // Then
        assertThat(violations).extracting(Violation::subject).containsExactly(ALICE, BOB);
    }

    @Test
    void shouldFlagOutcomeThatDoesNotMatchTheSubmittedRequest() {
        // Given: a COMPLETED result for an amount nobody asked for
        results.add(TransferResult.newBuilder(result(request("forged", TransferKind.P2P, ALICE, BOB, 1_000),
            TransferStatus.COMPLETED, null, 0)).setAmount(2_000).build());
        requests.add(request("forged", TransferKind.P2P, ALICE, BOB, 1_000));

        // When
        BalanceModel model = BalanceModel.replay(config, requests, results);

        // Then
        assertThat(model.violations())
            .extracting(Violation::invariant, Violation::subject)
            .containsExactly(tuple(BalanceModel.MODEL_OUTCOME, "forged"));
        assertThat(model.expectedBalances()).containsEntry(BOB, 50_000L);
    }

    @Test
    void shouldMatchARejectionThatEchoesAnOutOfRangeAmountAsZero() {
        // Given: a hostile amount beyond 2^53-1, which the ledger never echoes as a number
        TransferRequest hostile = request("huge", TransferKind.P2P, ALICE, BOB, Long.MAX_VALUE);
        requests.add(hostile);
        results.add(TransferResult.newBuilder(result(hostile, TransferStatus.REJECTED, ReasonCode.INVALID_AMOUNT, 0))
            .setAmount(0).build());

        // When
        BalanceModel model = BalanceModel.replay(config, requests, results);

        // Then
        assertThat(model.violations()).isEmpty();
    }

    @Test
    void shouldFlagFeeThatDiffersFromTheTariff() {
        // Given
        decide(request("overcharged", TransferKind.P2P, BOB, ALICE, 50_000), TransferStatus.COMPLETED, null, P2P_FEE + 1);

        // When
        BalanceModel model = BalanceModel.replay(config, requests, results);

        // Then
        assertThat(model.violations())
            .extracting(Violation::invariant, Violation::subject)
            .containsExactly(tuple(BalanceModel.MODEL_OUTCOME, "overcharged"));
    }

    @Test
    void shouldFlagOutcomeForAKindTheModelDoesNotKnow() {
        // Given
        decide(request("held", TransferKind.AUTHORIZE, ALICE, SHOP, 1_000), TransferStatus.PENDING, null, 0);

        // When
        BalanceModel model = BalanceModel.replay(config, requests, results);

        // Then
        assertThat(model.violations()).extracting(Violation::subject).containsExactly("held");
        assertThat(model.violations().get(0).detail()).contains("extend it");
    }

    private void decide(TransferRequest request, TransferStatus status, ReasonCode reason, long fee) {
        requests.add(request);
        results.add(result(request, status, reason, fee));
    }

    /** A channel retry: the same request again, answered with the original outcome as a duplicate. */
    private void retry(String requestId) {
        TransferRequest original = requests.stream().filter(r -> r.getRequestId().equals(requestId)).findFirst().orElseThrow();
        TransferResult outcome = results.stream().filter(r -> r.getRequestId().equals(requestId)).findFirst().orElseThrow();
        requests.add(TransferRequest.newBuilder(original).setRequestedAt(original.getRequestedAt() + 1).build());
        results.add(TransferResult.newBuilder(outcome).setDuplicate(true).build());
    }

    private static TransferRequest request(String id, TransferKind kind, String payer, String payee, long amount) {
        return TransferRequest.newBuilder()
            .setRequestId(id)
            .setChannel(kind == TransferKind.ISSUE ? Channel.ADMIN : Channel.APP)
            .setKind(kind)
            .setPayer(payer)
            .setPayee(payee)
            .setAmount(amount)
            .setCurrency("KES")
            .setRequestedAt(1_000)
            .build();
    }

    private static TransferResult result(TransferRequest request, TransferStatus status, ReasonCode reason, long fee) {
        return TransferResult.newBuilder()
            .setRequestId(request.getRequestId())
            .setKind(request.getKind())
            .setStatus(status)
            .setReason(reason)
            .setPayer(request.getPayer())
            .setPayee(request.getPayee())
            .setAmount(request.getAmount())
            .setFee(fee)
            .setCurrency(request.getCurrency())
            .setRequestedAt(request.getRequestedAt())
            .setDecidedAt(2_000)
            .build();
    }

    /** A store holding {@code balances}, each account at sequence 3. */
    private static Map<String, AccountState> storeOf(Map<String, Long> balances) {
        Map<String, AccountState> store = new HashMap<>();
        balances.forEach((account, balance) -> store.put(account, AccountState.newBuilder()
            .setAccountId(account)
            .setType(account.startsWith("SYS.") ? AccountType.SYSTEM : AccountType.CUSTOMER)
            .setStatus(AccountStatus.ACTIVE)
            .setCurrency("KES")
            .setBalance(balance)
            .setLimits(AccountLimits.newBuilder().build())
            .setSequence(3)
            .setOpenedAt(0)
            .setUpdatedAt(0)
            .build()));
        return store;
    }

    /** Entries whose last sequence per account matches the store's. */
    private static List<LedgerEntry> entriesOf(Map<String, AccountState> store) {
        List<LedgerEntry> entries = new ArrayList<>();
        store.forEach((account, state) -> {
            for (long sequence = 1; sequence <= state.getSequence(); sequence++) {
                entries.add(LedgerEntry.newBuilder()
                    .setAccountId(account)
                    .setSequence(sequence)
                    .setTransferId("t" + sequence)
                    .setKind(TransferKind.P2P)
                    .setEntryType(EntryType.PRINCIPAL)
                    .setDirection(EntryDirection.CREDIT)
                    .setAmount(1)
                    .setBalanceAfter(state.getBalance())
                    .setCurrency("KES")
                    .setCounterparty("x")
                    .setPostedAt(0)
                    .build());
            }
        });
        return entries;
    }
}
