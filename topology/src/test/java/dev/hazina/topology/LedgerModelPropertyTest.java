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
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * Model-based test: random streams of account commands and transfer requests, with retries,
 * modified retries, unknown accounts, self-transfers, wrong account types and limit edges; holds
 * captured in part or in full, voided, or left to expire as the clock moves; reversals of anything
 * sent before; overdraft credit lines and funding accounts that can or cannot pay. They run through
 * the real topology and through {@link ReferenceLedger}, which must agree on every outcome, every
 * hold that expires, and every final balance and reservation; and the ledger's own outputs must
 * satisfy the design's invariants.
 */
class LedgerModelPropertyTest {

    private static final List<String> IDS = List.of("c1", "c2", "c3", "a1", "m1", "b1", "ghost");
    private static final Map<String, AccountType> NATURAL_TYPE = Map.of(
        "c1", AccountType.CUSTOMER, "c2", AccountType.CUSTOMER, "c3", AccountType.CUSTOMER,
        "a1", AccountType.AGENT, "m1", AccountType.MERCHANT, "b1", AccountType.BUSINESS, "ghost", AccountType.CUSTOMER);
    private static final ReferenceLedger.Limits NO_LIMITS = new ReferenceLedger.Limits(null, null, null, 0, null);

    sealed interface Action permits Open, Limits, Status, Issue, Transfer, Authorize, Capture, Void, Reverse, Retry,
        Advance {
    }

    record Open(String id, AccountType type, ReferenceLedger.Limits limits) implements Action {
    }

    record Limits(String id, ReferenceLedger.Limits limits) implements Action {
    }

    record Status(String id, AccountAction action) implements Action {
    }

    record Issue(String id, long amount) implements Action {
    }

    record Transfer(TransferKind kind, String payer, String payee, long amount) implements Action {
    }

    record Authorize(String payer, String payee, long amount) implements Action {
    }

    /** Capture the {@code index}-th hold placed (mostly) or AUTHORIZE sent: in full, half of it, one more than held, or 1. */
    record Capture(int index, int amountMode) implements Action {
    }

    record Void(int index, boolean exact) implements Action {
    }

    /** Reverse the {@code index}-th request sent, whatever it was; {@code exact=false} asks for one less. */
    record Reverse(int index, boolean exact) implements Action {
    }

    record Retry(int index, boolean modified) implements Action {
    }

    record Advance(int hours) implements Action {
    }

    @Property(tries = 60)
    void ledgerAgreesWithTheReferenceModel(@ForAll("scenarios") List<Action> actions, @ForAll boolean refundFee) {
        ReferenceLedger model = new ReferenceLedger(refundFee);
        List<TransferRequest> sent = new ArrayList<>();
        try (LedgerDriver ledger = new LedgerDriver(Map.of(
            LedgerConfig.tariffKey(TransferKind.P2P), ReferenceLedger.TARIFF,
            LedgerConfig.tariffKey(TransferKind.CASH_OUT), ReferenceLedger.TARIFF,
            LedgerConfig.tariffKey(TransferKind.AUTHORIZE), ReferenceLedger.TARIFF,
            LedgerConfig.tariffKey(TransferKind.B2C), "0:0",
            LedgerConfig.COMMISSION_BPS_CONFIG, (int) ReferenceLedger.COMMISSION_BPS,
            LedgerConfig.STATEMENT_SIZE_CONFIG, 3,
            LedgerConfig.HOLD_TIMEOUT_MS_CONFIG, ReferenceLedger.HOLD_TIMEOUT.toMillis(),
            LedgerConfig.HOLD_SWEEP_INTERVAL_MS_CONFIG, Duration.ofMinutes(1).toMillis(),
            LedgerConfig.REVERSAL_WINDOW_MS_CONFIG, ReferenceLedger.REVERSAL_WINDOW.toMillis(),
            LedgerConfig.REVERSAL_REFUND_FEE_CONFIG, refundFee))) {
            for (Action action : actions) {
                run(action, ledger, model, sent);
                assertThat(expiredHolds(ledger)).as("holds expired after %s", action).isEqualTo(model.expired);
            }
            assertBalancesAgree(ledger, model);
            LedgerInvariants.assertHold(ledger);
        }
        Statistics.label("expired holds per run").collect(model.expired.isEmpty() ? "none" : "some");
        Statistics.label("outcome").coverage(coverage -> {
            coverage.check(TransferKind.AUTHORIZE, TransferStatus.PENDING, null).count(n -> n > 0);
            coverage.check(TransferKind.CAPTURE, TransferStatus.COMPLETED, null).count(n -> n > 0);
            coverage.check(TransferKind.VOID, TransferStatus.COMPLETED, null).count(n -> n > 0);
            coverage.check(TransferKind.REVERSAL, TransferStatus.COMPLETED, null).count(n -> n > 0);
            coverage.check(TransferKind.CAPTURE, TransferStatus.REJECTED, ReasonCode.HOLD_EXPIRED).count(n -> n > 0);
            coverage.check(TransferKind.REVERSAL, TransferStatus.REJECTED, ReasonCode.ALREADY_REVERSED).count(n -> n > 0);
            coverage.check(TransferKind.P2P, TransferStatus.REJECTED, ReasonCode.TOPUP_FAILED).count(n -> n > 0);
        });
        Statistics.label("path").coverage(coverage -> {
            coverage.check("top-up").count(n -> n > 0);
            coverage.check("overdraft used").count(n -> n > 0);
            coverage.check("overdraft repaid").count(n -> n > 0);
        });
        Statistics.label("expired holds per run").coverage(coverage -> coverage.check("some").count(n -> n > 0));
    }

    private static void run(Action action, LedgerDriver ledger, ReferenceLedger model, List<TransferRequest> sent) {
        if (action instanceof Open open) {
            boolean expected = model.open(open.id(), open.type(), open.limits());
            assertThat(ledger.command(command(ledger, open.id(), AccountAction.OPEN, open.type(), open.limits()))
                .getAccepted()).as("%s", open).isEqualTo(expected);
        } else if (action instanceof Limits limits) {
            boolean expected = model.setLimits(limits.id(), limits.limits());
            assertThat(ledger.setLimits(limits.id(), limits(limits.limits()), limits.limits().funder()).getAccepted())
                .as("%s", limits).isEqualTo(expected);
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
                .setChannel(Channel.USSD).build(), false);
        } else if (action instanceof Transfer transfer) {
            send(ledger, model, sent,
                ledger.request(transfer.kind(), transfer.payer(), transfer.payee(), transfer.amount()).build(), false);
        } else if (action instanceof Authorize authorize) {
            send(ledger, model, sent, ledger.request(TransferKind.AUTHORIZE, authorize.payer(), authorize.payee(),
                authorize.amount()).build(), false);
        } else if (action instanceof Capture capture) {
            TransferRequest hold = pickHold(ledger, sent, capture.index());
            long amount = switch (capture.amountMode()) {
                case 0 -> hold.getAmount();
                case 1 -> Math.max(1, hold.getAmount() / 2);
                case 2 -> hold.getAmount() + 1;
                default -> 1;
            };
            send(ledger, model, sent, ledger.request(TransferKind.CAPTURE, hold.getPayer(), hold.getPayee(), amount)
                .setReference(hold.getRequestId()).build(), false);
        } else if (action instanceof Void release) {
            TransferRequest hold = pickHold(ledger, sent, release.index());
            send(ledger, model, sent, ledger.request(TransferKind.VOID, hold.getPayer(), hold.getPayee(),
                release.exact() ? hold.getAmount() : hold.getAmount() + 1).setReference(hold.getRequestId()).build(), false);
        } else if (action instanceof Reverse reverse) {
            TransferRequest original = pickToReverse(ledger, sent, reverse.index());
            send(ledger, model, sent, ledger.request(TransferKind.REVERSAL, original.getPayee(), original.getPayer(),
                reverse.exact() ? original.getAmount() : original.getAmount() - 1)
                .setReference(original.getRequestId()).build(), false);
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
            model.expireDue(ledger.now());
        }
    }

    /**
     * Mostly an AUTHORIZE that placed a hold (answered PENDING), the latest one half of the time; else any
     * AUTHORIZE sent, rejected ones included, or a stand-in nobody sent.
     */
    private static TransferRequest pickHold(LedgerDriver ledger, List<TransferRequest> sent, int index) {
        List<TransferRequest> placed = sent.stream().filter(r -> r.getKind() == TransferKind.AUTHORIZE
            && ledger.resultsFor(r.getRequestId()).get(0).getStatus() == TransferStatus.PENDING).toList();
        if (placed.isEmpty() || index % 5 == 0) {
            return pick(sent, TransferKind.AUTHORIZE, index);
        }
        return placed.get(index % 2 == 0 ? placed.size() - 1 : index % placed.size());
    }

    /**
     * A third of the time the transfer the latest REVERSAL named (to reverse it twice), a third of the
     * time a transfer that completed, else anything sent.
     */
    private static TransferRequest pickToReverse(LedgerDriver ledger, List<TransferRequest> sent, int index) {
        List<TransferRequest> reversals = sent.stream().filter(r -> r.getKind() == TransferKind.REVERSAL).toList();
        List<TransferRequest> completed = sent.stream().filter(r -> r.getKind() != TransferKind.REVERSAL
            && ledger.resultsFor(r.getRequestId()).get(0).getStatus() == TransferStatus.COMPLETED).toList();
        if (index % 3 == 0 && !reversals.isEmpty()) {
            String named = reversals.get(reversals.size() - 1).getReference();
            return sent.stream().filter(r -> r.getRequestId().equals(named)).findFirst().orElse(pick(sent, null, index));
        }
        if (index % 3 == 1 && !completed.isEmpty()) {
            return completed.get(index % completed.size());
        }
        return pick(sent, null, index);
    }

    /** The {@code index}-th sent request of {@code kind} (any kind when null), or a stand-in nobody sent. */
    private static TransferRequest pick(List<TransferRequest> sent, TransferKind kind, int index) {
        List<TransferRequest> candidates = sent.stream().filter(r -> kind == null || r.getKind() == kind).toList();
        if (candidates.isEmpty()) {
            return TransferRequest.newBuilder().setRequestId("never-sent").setChannel(Channel.APP)
                .setKind(kind == null ? TransferKind.P2P : kind).setPayer("c1").setPayee("m1").setAmount(1_000)
                .setCurrency(LedgerDriver.KES).setRequestedAt(0).build();
        }
        return candidates.get(index % candidates.size());
    }

    private static void send(LedgerDriver ledger, ReferenceLedger model, List<TransferRequest> sent,
                             TransferRequest request, boolean retry) {
        ReferenceLedger.Outcome expected = model.transfer(new ReferenceLedger.Request(request.getRequestId(),
            request.getChannel(), request.getKind(), request.getPayer(), request.getPayee(), request.getAmount(),
            request.getCurrency(), request.getReference()), ledger.now());
        TransferResult actual = ledger.send(request);
        assertThat(actual).as("result of %s", request).isNotNull();
        assertThat(actual.getStatus()).as("status of %s (%s)", request, actual.getDetail()).isEqualTo(expected.status());
        assertThat(actual.getReason()).as("reason of %s (%s)", request, actual.getDetail()).isEqualTo(expected.reason());
        assertThat(actual.getDuplicate()).as("duplicate flag of %s", request).isEqualTo(retry);
        Statistics.label("outcome").collect(request.getKind(), expected.status(), expected.reason());
        if (!retry) {
            model.lastPaths.forEach(path -> Statistics.label("path").collect(path));
            sent.add(request);
        }
    }

    private static List<String> expiredHolds(LedgerDriver ledger) {
        return ledger.results().stream().filter(r -> r.getStatus() == TransferStatus.EXPIRED)
            .map(TransferResult::getRequestId).toList();
    }

    private static void assertBalancesAgree(LedgerDriver ledger, ReferenceLedger model) {
        Map<String, AccountState> accounts = ledger.allAccounts();
        Map<String, Long> systemTotals = new HashMap<>();
        accounts.forEach((id, account) -> {
            if (SystemAccounts.isSystem(id)) {
                systemTotals.merge(id.substring(0, id.indexOf('.', 4)), account.getBalance(), Long::sum);
            } else {
                assertThat(model.accounts).as("accounts the model knows").containsKey(id);
                ReferenceLedger.Account expected = model.accounts.get(id);
                assertThat(account.getBalance()).as("balance of %s", id).isEqualTo(expected.balance);
                assertThat(account.getHeld()).as("held by %s", id).isEqualTo(expected.held);
                assertThat(account.getStatus()).as("status of %s", id).isEqualTo(expected.status);
            }
        });
        assertThat(accounts.keySet()).containsAll(model.accounts.keySet());
        assertThat(systemTotals.getOrDefault("SYS.FEES", 0L)).as("fee revenue").isEqualTo(model.fees);
        assertThat(systemTotals.getOrDefault("SYS.ISSUANCE", 0L)).as("issuance").isEqualTo(model.issuance);
        assertThat(systemTotals.getOrDefault("SYS.TRANSIT", 0L)).as("money in transit at rest").isZero();
    }

    private static dev.hazina.schemas.AccountCommand command(LedgerDriver ledger, String id, AccountAction action,
                                                             AccountType type, ReferenceLedger.Limits limits) {
        return dev.hazina.schemas.AccountCommand.newBuilder()
            .setCommandId(action + "-" + id + "-" + ledger.now().toEpochMilli() + "-" + System.nanoTime())
            .setAccountId(id)
            .setAction(action)
            .setType(type)
            .setCurrency(LedgerDriver.KES)
            .setLimits(limits(limits))
            .setFundingAccount(limits.funder())
            .setIssuedAt(ledger.now().toEpochMilli())
            .build();
    }

    private static AccountLimits limits(ReferenceLedger.Limits limits) {
        return AccountLimits.newBuilder()
            .setPerTransferMax(limits.perTransferMax())
            .setDailyDebitMax(limits.dailyDebitMax())
            .setMaxBalance(limits.maxBalance())
            .setOverdraftLimit(limits.overdraftLimit())
            .build();
    }

    // ---- generators ----

    @Provide
    Arbitrary<List<Action>> scenarios() {
        Arbitrary<List<Action>> world = Combinators.combine(limit(), limit(), limit(), limit(), overdraft(),
                Arbitraries.of("c2", "b1", "ghost"))
            .as((perTransfer, daily, max, agentMax, overdraft, funder) -> List.<Action>of(
                new Open("a1", AccountType.AGENT, new ReferenceLedger.Limits(null, null, agentMax, 0, null)),
                new Open("b1", AccountType.BUSINESS, NO_LIMITS),
                new Open("m1", AccountType.MERCHANT, new ReferenceLedger.Limits(null, null, max, 0, null)),
                new Open("c1", AccountType.CUSTOMER, new ReferenceLedger.Limits(perTransfer, daily, max, overdraft, funder)),
                new Open("c2", AccountType.CUSTOMER, new ReferenceLedger.Limits(null, daily, null, 500_000, null)),
                new Open("c3", AccountType.CUSTOMER, new ReferenceLedger.Limits(perTransfer, null, null, 0, "b1")),
                new Issue("a1", 50_000_000L),
                new Issue("b1", 20_000_000L),
                new Transfer(TransferKind.CASH_IN, "a1", "c1", 3_000_000L),
                new Transfer(TransferKind.CASH_IN, "a1", "c2", 3_000_000L),
                new Transfer(TransferKind.B2C, "b1", "c3", 3_000_000L)));
        Arbitrary<Action> action = Arbitraries.frequencyOf(
            Tuple.of(3, open()),
            Tuple.of(2, limits()),
            Tuple.of(1, status()),
            Tuple.of(2, issue()),
            Tuple.of(10, transfer()),
            Tuple.of(4, authorize()),
            Tuple.of(3, capture()),
            Tuple.of(1, voidHold()),
            Tuple.of(2, reverse()),
            Tuple.of(3, retry()),
            Tuple.of(2, advance()));
        return Combinators.combine(world, action.list().ofMinSize(20).ofMaxSize(80)
                .withSizeDistribution(RandomDistribution.uniform()))
            .as((first, rest) -> {
                List<Action> all = new ArrayList<>(first);
                all.addAll(rest);
                return all;
            });
    }

    private Arbitrary<Action> open() {
        return Combinators.combine(id(), Arbitraries.of(AccountType.CUSTOMER, AccountType.AGENT, AccountType.MERCHANT,
                AccountType.BUSINESS), Arbitraries.integers().between(0, 9), accountLimits())
            .as((id, type, natural, limits) -> new Open(id, natural < 8 ? NATURAL_TYPE.get(id) : type, limits));
    }

    private Arbitrary<Action> limits() {
        return Combinators.combine(id(), accountLimits()).as(Limits::new);
    }

    private Arbitrary<ReferenceLedger.Limits> accountLimits() {
        return Combinators.combine(limit(), limit(), limit(), overdraft(), funder()).as(ReferenceLedger.Limits::new);
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

    private Arbitrary<Action> authorize() {
        return Combinators.combine(Arbitraries.of("c1", "c2", "c3", "b1"), id(), id(), amount(),
                Arbitraries.integers().between(0, 9))
            .as((customer, payer, payee, amount, dice) -> dice < 8
                ? new Authorize(customer, "m1", amount)
                : new Authorize(payer, payee, amount));
    }

    private Arbitrary<Action> capture() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.of(0, 0, 1, 1, 2, 3))
            .as(Capture::new);
    }

    private Arbitrary<Action> voidHold() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.of(true, true, true, false))
            .as(Void::new);
    }

    private Arbitrary<Action> reverse() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.of(true, true, true, false))
            .as(Reverse::new);
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
            Tuple.of(6, Arbitraries.just((Long) null)),
            Tuple.of(1, Arbitraries.of(0L, 1_000L, 100_000L, 100_001L)),
            Tuple.of(2, Arbitraries.longs().between(1, 5_000_000L)));
    }

    private Arbitrary<Long> overdraft() {
        return Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.just(0L)),
            Tuple.of(2, Arbitraries.of(1_000L, 500_000L)),
            Tuple.of(2, Arbitraries.longs().between(1, 3_000_000L)));
    }

    private Arbitrary<String> funder() {
        return Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.just((String) null)),
            Tuple.of(3, Arbitraries.of("b1", "c2", "a1")),
            Tuple.of(1, Arbitraries.of("ghost", "m1", "c1")));
    }

    private Arbitrary<Long> amount() {
        return Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.of(0L, -1L, 1L, 999L, 1_000L, 1_001L, 100_000L, 100_001L, ReferenceLedger.MAX_AMOUNT,
                ReferenceLedger.MAX_AMOUNT + 1, Long.MAX_VALUE)),
            Tuple.of(8, Arbitraries.longs().between(1, 3_000_000L)));
    }
}
