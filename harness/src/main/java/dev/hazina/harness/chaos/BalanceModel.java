package dev.hazina.harness.chaos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.hazina.reconciliation.Violation;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import dev.hazina.topology.Amounts;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.Partitions;
import dev.hazina.topology.SystemAccounts;

/**
 * The sequential reference model of the chaos checker: every account's expected balance, replayed one
 * request at a time from what the channels submitted and the ledger decided.
 *
 * <p>Why the model takes the ledger's decisions as given: whether a request completes depends on the
 * order in which its payer's task saw credits from other partitions, and that order is not in any one
 * topic, so no sequential replay of the requests can reproduce it. What the model does not take from
 * the ledger is everything about the money: the parties, amount and currency come from the submitted
 * request (a result that matches no submitted content is a violation), and the fee and commission are
 * recomputed from the tariff and {@code hazina.commission.cash.out.bps}. Each original (non-duplicate)
 * outcome is then applied once, sequentially:
 * <ul>
 *   <li>{@code COMPLETED} saga: payer {@code -(amount + fee)}, payee {@code +(amount + commission)},
 *       the payer partition's fee shard {@code +(fee - commission)}, its transit shard
 *       {@code +(amount + commission)} and the payee partition's transit shard {@code -(amount + commission)}</li>
 *   <li>{@code COMPLETED} ISSUE: payee {@code +amount}, the payee partition's issuance shard {@code -amount}</li>
 *   <li>{@code REVERSED} and {@code REJECTED}: nothing (a refund returns amount and fee in full)</li>
 * </ul>
 * Retries (duplicate answers) post nothing, so a posting applied twice, lost, or applied for a request
 * whose outcome says otherwise leaves a store or entry balance that differs from the model.
 *
 * <p>Kinds the ledger does not support yet (REVERSAL, AUTHORIZE, CAPTURE, VOID) must be rejected; any
 * other outcome for them is reported, so the model is extended when they ship rather than silently wrong.
 */
public final class BalanceModel {

    /** Invariant name: an original outcome that the model cannot reconcile with what was submitted. */
    public static final String MODEL_OUTCOME = "MODEL_OUTCOME";
    /** Invariant name: a store balance (the accounts changelog) that differs from the model. */
    public static final String STORE_BALANCE = "STORE_BALANCE";
    /** Invariant name: an account's last {@code balanceAfter} on the entries topic that differs from the model. */
    public static final String ENTRY_BALANCE = "ENTRY_BALANCE";

    private final Map<String, Long> expected;
    private final List<Violation> violations;
    private final long replayed;

    private BalanceModel(Map<String, Long> expected, List<Violation> violations, long replayed) {
        this.expected = expected;
        this.violations = violations;
        this.replayed = replayed;
    }

    /**
     * Replays {@code submitted} (retries may repeat a request) in the order of the original outcomes in
     * {@code results}.
     */
    public static BalanceModel replay(LedgerConfig config, Collection<TransferRequest> submitted,
                                      List<TransferResult> results) {
        Map<String, List<TransferRequest>> contents = new HashMap<>();
        for (TransferRequest request : submitted) {
            List<TransferRequest> known = contents.computeIfAbsent(request.getRequestId(), id -> new ArrayList<>(1));
            if (known.stream().noneMatch(other -> sameMoney(other, request))) {
                known.add(request);
            }
        }
        Replay replay = new Replay(config);
        Set<String> decided = new HashSet<>();
        for (TransferResult result : results) {
            if (result.getDuplicate() || !decided.add(result.getRequestId())) {
                continue; // retries post nothing; a second original outcome is the checker's ONE_OUTCOME
            }
            List<TransferRequest> candidates = contents.get(result.getRequestId());
            if (candidates == null) {
                continue; // never submitted: the checker reports it, and the model posts nothing for it
            }
            TransferRequest request = candidates.stream().filter(c -> sameMoney(c, result)).findFirst().orElse(null);
            if (request == null) {
                replay.violation(result.getRequestId(), "outcome " + result.getStatus() + " names " + describe(result)
                    + " but the request submitted was " + describe(candidates.get(0)));
            } else {
                replay.apply(request, result);
            }
        }
        return new BalanceModel(replay.balances, replay.violations, replay.applied);
    }

    /** Every account the model moved money for, with its expected balance. */
    public Map<String, Long> expectedBalances() {
        return Map.copyOf(expected);
    }

    /** Outcomes the model could not apply. */
    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** How many original outcomes were replayed. */
    public long replayed() {
        return replayed;
    }

    /**
     * Compares {@code actual} balances with the model: every account in either map must agree, an
     * account missing from one side counting as zero.
     *
     * @param invariant the violation name to report, {@link #STORE_BALANCE} or {@link #ENTRY_BALANCE}
     * @param source    what {@code actual} was read from, for the message
     */
    public List<Violation> compare(Map<String, Long> actual, String invariant, String source) {
        List<Violation> mismatches = new ArrayList<>();
        Set<String> accounts = new java.util.TreeSet<>(expected.keySet());
        accounts.addAll(actual.keySet());
        for (String account : accounts) {
            long want = expected.getOrDefault(account, 0L);
            long have = actual.getOrDefault(account, 0L);
            if (want != have) {
                mismatches.add(new Violation(invariant, account, source + " has balance " + have
                    + " but the sequential model of the committed requests gives " + want
                    + " (difference " + (have - want) + ")"));
            }
        }
        return mismatches;
    }

    private static boolean sameMoney(TransferRequest a, TransferRequest b) {
        return a.getKind() == b.getKind() && a.getPayer().equals(b.getPayer()) && a.getPayee().equals(b.getPayee())
            && a.getAmount() == b.getAmount() && a.getCurrency().equals(b.getCurrency());
    }

    private static boolean sameMoney(TransferRequest request, TransferResult result) {
        return request.getKind() == result.getKind() && request.getPayer().equals(result.getPayer())
            && request.getPayee().equals(result.getPayee()) && Amounts.echo(request.getAmount()) == result.getAmount()
            && request.getCurrency().equals(result.getCurrency());
    }

    private static String describe(TransferRequest request) {
        return request.getKind() + " " + request.getPayer() + " -> " + request.getPayee() + " " + request.getAmount()
            + " " + request.getCurrency();
    }

    private static String describe(TransferResult result) {
        return result.getKind() + " " + result.getPayer() + " -> " + result.getPayee() + " " + result.getAmount()
            + " " + result.getCurrency();
    }

    /** The mutable state of one replay. */
    private static final class Replay {

        private final LedgerConfig config;
        private final int partitions;
        private final Map<String, Long> balances = new HashMap<>();
        private final List<Violation> violations = new ArrayList<>();
        private long applied;

        Replay(LedgerConfig config) {
            this.config = config;
            this.partitions = config.partitions();
        }

        void apply(TransferRequest request, TransferResult result) {
            TransferKind kind = request.getKind();
            TransferStatus status = result.getStatus();
            boolean modelled = kind == TransferKind.ISSUE || isSaga(kind);
            if (status == TransferStatus.REJECTED) {
                if (result.getReason() == null) {
                    violation(request.getRequestId(), "REJECTED without a reason");
                }
                applied++;
                return;
            }
            if (!modelled || (status != TransferStatus.COMPLETED && status != TransferStatus.REVERSED)
                    || (kind == TransferKind.ISSUE && status == TransferStatus.REVERSED)) {
                violation(request.getRequestId(), status + " for a " + kind
                    + ": the model knows COMPLETED and REVERSED sagas and COMPLETED issues only; extend it");
                return;
            }
            long fee = kind == TransferKind.ISSUE ? 0 : config.tariff(kind).feeFor(request.getAmount());
            if (result.getFee() != fee) {
                violation(request.getRequestId(), status + " charged a fee of " + result.getFee()
                    + " but the tariff gives " + fee + " for " + request.getAmount());
            }
            if (status == TransferStatus.REVERSED && result.getReason() == null) {
                violation(request.getRequestId(), "REVERSED without a reason");
            }
            applied++;
            if (status == TransferStatus.REVERSED) {
                return;
            }
            String currency = request.getCurrency();
            long amount = request.getAmount();
            if (kind == TransferKind.ISSUE) {
                add(request.getPayee(), amount);
                add(SystemAccounts.issuance(currency, partitionOf(request.getPayee())), -amount);
                return;
            }
            long commission = kind == TransferKind.CASH_OUT ? fee * config.commissionBps() / 10_000 : 0;
            int payerPartition = partitionOf(request.getPayer());
            int payeePartition = partitionOf(request.getPayee());
            add(request.getPayer(), -Math.addExact(amount, fee));
            add(SystemAccounts.fees(currency, payerPartition), fee - commission);
            add(SystemAccounts.transit(currency, payerPartition), Math.addExact(amount, commission));
            add(SystemAccounts.transit(currency, payeePartition), -Math.addExact(amount, commission));
            add(request.getPayee(), Math.addExact(amount, commission));
        }

        void violation(String requestId, String detail) {
            violations.add(new Violation(MODEL_OUTCOME, requestId, detail));
        }

        private int partitionOf(String account) {
            return Partitions.partitionFor(account, partitions);
        }

        private void add(String account, long amount) {
            balances.merge(Objects.requireNonNull(account), amount, Math::addExact);
        }

        private static boolean isSaga(TransferKind kind) {
            return kind == TransferKind.P2P || kind == TransferKind.CASH_IN || kind == TransferKind.CASH_OUT
                || kind == TransferKind.MERCHANT_PAYMENT || kind == TransferKind.B2C;
        }
    }
}
