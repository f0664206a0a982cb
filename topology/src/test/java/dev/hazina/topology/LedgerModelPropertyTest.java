package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;

/**
 * Model-based test: random streams of account commands and transfer requests, with retries,
 * modified retries, unknown accounts, self-transfers, wrong account types and limit edges, run
 * through the real topology and through {@link ReferenceLedger}. They must agree on every outcome
 * and every final balance, and the ledger's own outputs must satisfy the design's invariants.
 */
class LedgerModelPropertyTest {

    private static final List<String> IDS = List.of("c1", "c2", "c3", "a1", "m1", "b1", "ghost");
    private static final Map<String, AccountType> NATURAL_TYPE = Map.of(
        "c1", AccountType.CUSTOMER, "c2", AccountType.CUSTOMER, "c3", AccountType.CUSTOMER,
        "a1", AccountType.AGENT, "m1", AccountType.MERCHANT, "b1", AccountType.BUSINESS, "ghost", AccountType.CUSTOMER);

    sealed interface Action permits Open, Limits, Status, Issue, Transfer, Retry, Advance {
    }

    record Open(String id, AccountType type, Long perTransferMax, Long dailyMax, Long maxBalance) implements Action {
    }

    record Limits(String id, Long perTransferMax, Long dailyMax, Long maxBalance) implements Action {
    }

    record Status(String id, AccountAction action) implements Action {
    }

    record Issue(String id, long amount) implements Action {
    }

    record Transfer(TransferKind kind, String payer, String payee, long amount) implements Action {
    }

    record Retry(int index, boolean modified) implements Action {
    }

    record Advance(int hours) implements Action {
    }

    @Property(tries = 60)
    void ledgerAgreesWithTheReferenceModel(@ForAll("scenarios") List<Action> actions) {
        ReferenceLedger model = new ReferenceLedger();
        List<TransferRequest> sent = new ArrayList<>();
        try (LedgerDriver ledger = new LedgerDriver(Map.of(
            LedgerConfig.tariffKey(TransferKind.P2P), ReferenceLedger.TARIFF,
            LedgerConfig.tariffKey(TransferKind.CASH_OUT), ReferenceLedger.TARIFF,
            LedgerConfig.tariffKey(TransferKind.B2C), "0:0",
            LedgerConfig.COMMISSION_BPS_CONFIG, (int) ReferenceLedger.COMMISSION_BPS))) {
            for (Action action : actions) {
                run(action, ledger, model, sent);
            }
            assertBalancesAgree(ledger, model);
            LedgerInvariants.assertHold(ledger);
        }
    }

    private static void run(Action action, LedgerDriver ledger, ReferenceLedger model, List<TransferRequest> sent) {
        if (action instanceof Open open) {
            boolean expected = model.open(open.id(), open.type(), open.perTransferMax(), open.dailyMax(), open.maxBalance());
            assertThat(ledger.open(open.id(), open.type(), limits(open.perTransferMax(), open.dailyMax(), open.maxBalance()))
                .getAccepted()).as("%s", open).isEqualTo(expected);
        } else if (action instanceof Limits limits) {
            boolean expected = model.setLimits(limits.id(), limits.perTransferMax(), limits.dailyMax(), limits.maxBalance());
            assertThat(ledger.setLimits(limits.id(), limits(limits.perTransferMax(), limits.dailyMax(), limits.maxBalance()))
                .getAccepted()).as("%s", limits).isEqualTo(expected);
        } else if (action instanceof Status status) {
            AccountStatus target = switch (status.action()) {
                case FREEZE -> AccountStatus.FROZEN;
                case UNFREEZE -> AccountStatus.ACTIVE;
                default -> AccountStatus.CLOSED;
            };
            boolean expected = model.setStatus(status.id(), target);
            assertThat(ledger.act(status.id(), status.action()).getAccepted()).as("%s", status).isEqualTo(expected);
        } else if (action instanceof Issue issue) {
            send(ledger, model, sent, ledger.request(TransferKind.ISSUE, "SYS.ISSUANCE", issue.id(), issue.amount())
                .setChannel(Channel.ADMIN).build(), false);
        } else if (action instanceof Transfer transfer) {
            send(ledger, model, sent,
                ledger.request(transfer.kind(), transfer.payer(), transfer.payee(), transfer.amount()).build(), false);
        } else if (action instanceof Retry retry) {
            if (!sent.isEmpty()) {
                TransferRequest original = sent.get(retry.index() % sent.size());
                TransferRequest again = retry.modified()
                    ? TransferRequest.newBuilder(original).setAmount(original.getAmount() + 1).build()
                    : TransferRequest.newBuilder(original).setRequestedAt(original.getRequestedAt() + 1).build();
                send(ledger, model, sent, again, true);
            }
        } else if (action instanceof Advance advance) {
            ledger.advance(Duration.ofHours(advance.hours()));
        }
    }

    private static void send(LedgerDriver ledger, ReferenceLedger model, List<TransferRequest> sent,
                             TransferRequest request, boolean retry) {
        ReferenceLedger.Outcome expected = model.transfer(new ReferenceLedger.Request(request.getRequestId(),
            request.getChannel(), request.getKind(), request.getPayer(), request.getPayee(), request.getAmount(),
            request.getCurrency()), ledger.now());
        TransferResult actual = ledger.send(request);
        assertThat(actual).as("result of %s", request).isNotNull();
        assertThat(actual.getStatus()).as("status of %s", request).isEqualTo(expected.status());
        assertThat(actual.getReason()).as("reason of %s", request).isEqualTo(expected.reason());
        assertThat(actual.getDuplicate()).as("duplicate flag of %s", request).isEqualTo(retry);
        Statistics.label("outcome").collect(request.getKind(), expected.status(), expected.reason());
        if (!retry) {
            sent.add(request);
        }
    }

    private static void assertBalancesAgree(LedgerDriver ledger, ReferenceLedger model) {
        Map<String, AccountState> accounts = ledger.allAccounts();
        Map<String, Long> systemTotals = new HashMap<>();
        accounts.forEach((id, account) -> {
            if (SystemAccounts.isSystem(id)) {
                systemTotals.merge(id.substring(0, id.indexOf('.', 4)), account.getBalance(), Long::sum);
            } else {
                assertThat(model.accounts).as("accounts the model knows").containsKey(id);
                assertThat(account.getBalance()).as("balance of %s", id).isEqualTo(model.accounts.get(id).balance);
                assertThat(account.getStatus()).as("status of %s", id).isEqualTo(model.accounts.get(id).status);
            }
        });
        assertThat(accounts.keySet()).containsAll(model.accounts.keySet());
        assertThat(systemTotals.getOrDefault("SYS.FEES", 0L)).as("fee revenue").isEqualTo(model.fees);
        assertThat(systemTotals.getOrDefault("SYS.ISSUANCE", 0L)).as("issuance").isEqualTo(model.issuance);
        assertThat(systemTotals.getOrDefault("SYS.TRANSIT", 0L)).as("money in transit at rest").isZero();
    }

    private static AccountLimits limits(Long perTransferMax, Long dailyMax, Long maxBalance) {
        return AccountLimits.newBuilder()
            .setPerTransferMax(perTransferMax)
            .setDailyDebitMax(dailyMax)
            .setMaxBalance(maxBalance)
            .build();
    }

    // ---- generators ----

    @Provide
    Arbitrary<List<Action>> scenarios() {
        Arbitrary<List<Action>> world = Combinators.combine(limit(), limit(), limit(), limit())
            .as((perTransfer, daily, max, agentMax) -> List.<Action>of(
                new Open("a1", AccountType.AGENT, null, null, agentMax),
                new Open("b1", AccountType.BUSINESS, null, null, null),
                new Open("m1", AccountType.MERCHANT, null, null, max),
                new Open("c1", AccountType.CUSTOMER, perTransfer, daily, max),
                new Open("c2", AccountType.CUSTOMER, null, daily, null),
                new Open("c3", AccountType.CUSTOMER, perTransfer, null, null),
                new Issue("a1", 50_000_000L),
                new Issue("b1", 20_000_000L),
                new Transfer(TransferKind.CASH_IN, "a1", "c1", 3_000_000L),
                new Transfer(TransferKind.CASH_IN, "a1", "c2", 3_000_000L),
                new Transfer(TransferKind.B2C, "b1", "c3", 3_000_000L)));
        Arbitrary<Action> action = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, open()),
            net.jqwik.api.Tuple.of(1, limits()),
            net.jqwik.api.Tuple.of(1, status()),
            net.jqwik.api.Tuple.of(3, issue()),
            net.jqwik.api.Tuple.of(10, transfer()),
            net.jqwik.api.Tuple.of(3, retry()),
            net.jqwik.api.Tuple.of(1, advance()));
        return Combinators.combine(world, action.list().ofMinSize(5).ofMaxSize(60))
            .as((first, rest) -> {
                List<Action> all = new ArrayList<>(first);
                all.addAll(rest);
                return all;
            });
    }

    private Arbitrary<Action> open() {
        return Combinators.combine(id(), Arbitraries.of(AccountType.CUSTOMER, AccountType.AGENT, AccountType.MERCHANT,
                AccountType.BUSINESS).injectNull(0.0), Arbitraries.integers().between(0, 9),
                limit(), limit(), limit())
            .as((id, type, natural, perTransfer, daily, max) ->
                new Open(id, natural < 8 ? NATURAL_TYPE.get(id) : type, perTransfer, daily, max));
    }

    private Arbitrary<Action> limits() {
        return Combinators.combine(id(), limit(), limit(), limit()).as(Limits::new);
    }

    private Arbitrary<Action> status() {
        return Combinators.combine(id(), Arbitraries.of(AccountAction.FREEZE, AccountAction.UNFREEZE, AccountAction.CLOSE))
            .as(Status::new);
    }

    private Arbitrary<Action> issue() {
        return Combinators.combine(Arbitraries.of("a1", "b1", "c1", "ghost"), Arbitraries.longs().between(1, 1_000_000_000L))
            .as(Issue::new);
    }

    private Arbitrary<Action> transfer() {
        return Combinators.combine(Arbitraries.of(TransferKind.P2P, TransferKind.CASH_IN, TransferKind.CASH_OUT,
                TransferKind.MERCHANT_PAYMENT, TransferKind.B2C), id(), id(), amount(), Arbitraries.integers().between(0, 9),
                Arbitraries.of("c1", "c2", "c3"))
            .as((kind, payer, payee, amount, dice, customer) -> dice < 7
                ? naturalTransfer(kind, customer, amount)
                : new Transfer(kind, payer, payee, amount));
    }

    /** A transfer between accounts of the types its kind expects, so most transfers can succeed. */
    private static Transfer naturalTransfer(TransferKind kind, String customer, long amount) {
        String other = customer.equals("c1") ? "c2" : "c1";
        return switch (kind) {
            case CASH_IN -> new Transfer(kind, "a1", customer, amount);
            case CASH_OUT -> new Transfer(kind, customer, "a1", amount);
            case MERCHANT_PAYMENT -> new Transfer(kind, customer, "m1", amount);
            case B2C -> new Transfer(kind, "b1", customer, amount);
            default -> new Transfer(kind, customer, other, amount);
        };
    }

    private Arbitrary<Action> retry() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.of(true, false, false))
            .as(Retry::new);
    }

    private Arbitrary<Action> advance() {
        return Arbitraries.integers().between(1, 30).map(Advance::new);
    }

    private Arbitrary<String> id() {
        return Arbitraries.of(IDS);
    }

    private Arbitrary<Long> limit() {
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.just((Long) null)),
            net.jqwik.api.Tuple.of(1, Arbitraries.of(0L, 1_000L, 100_000L, 100_001L)),
            net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1, 5_000_000L)));
    }

    private Arbitrary<Long> amount() {
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(2, Arbitraries.of(0L, -1L, 1L, 999L, 1_000L, 1_001L, 100_000L, 100_001L, Long.MAX_VALUE)),
            net.jqwik.api.Tuple.of(8, Arbitraries.longs().between(1, 3_000_000L)));
    }
}
