package dev.hazina.reconciliation;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny stand-in for the ledger topology that writes a valid posting history following the
 * posting model: sagas in up to three steps, each step's entries balancing by themselves, saga legs,
 * one outcome per request and duplicate answers to retries. Tests corrupt what it writes.
 *
 * <p>Public so the reconciliation stream's tests can feed what it writes to the stream.
 *
 * <p>Every call advances a millisecond clock, so account events and postings are strictly ordered.
 */
public final class LedgerSimulator {

    static final String CURRENCY = "KES";

    private static final class Account {
        private final String id;
        private final AccountType type;
        private long balance;
        private long sequence;
        private long overdraftLimit;
        private Long maxBalance;
        private boolean closed;

        private Account(String id, AccountType type) {
            this.id = id;
            this.type = type;
        }
    }

    /** A saga between its steps: after step 1, or after step 2 refused the credit. */
    private record Saga(TransferRequest request, long fee, long commission, ReasonCode refundReason) {

        Saga refused(ReasonCode reason) {
            return new Saga(request, fee, commission, reason);
        }
    }

    private final int partitions;
    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, TransferResult> outcomes = new HashMap<>();
    private final Map<String, Integer> waitingRetries = new HashMap<>();
    private final Map<String, Saga> inFlight = new LinkedHashMap<>();
    private final List<TransferRequest> requests = new ArrayList<>();
    private final List<TransferResult> results = new ArrayList<>();
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final List<LedgerLeg> legs = new ArrayList<>();
    private final List<AccountEvent> accountEvents = new ArrayList<>();
    private final List<LedgerEntry> lastStep = new ArrayList<>();
    private long clock = 1_750_000_000_000L;
    private int nextRequest = 1;
    private boolean enforceLimits = true;

    LedgerSimulator(int partitions) {
        this.partitions = partitions;
    }

    public LedgerSimulator() {
        this(3);
    }

    /** When false, postings ignore the overdraft floor and the maximum balance (to write breaches). */
    LedgerSimulator enforceLimits(boolean enforce) {
        this.enforceLimits = enforce;
        return this;
    }

    public LedgerSimulator open(String id, AccountType type, long overdraftLimit, Long maxBalance) {
        Account account = new Account(id, type);
        account.overdraftLimit = overdraftLimit;
        account.maxBalance = maxBalance;
        accounts.put(id, account);
        accountEvent(account, AccountAction.OPEN);
        return this;
    }

    LedgerSimulator updateLimits(String id, long overdraftLimit, Long maxBalance) {
        Account account = accounts.get(id);
        account.overdraftLimit = overdraftLimit;
        account.maxBalance = maxBalance;
        accountEvent(account, AccountAction.UPDATE_LIMITS);
        return this;
    }

    LedgerSimulator close(String id) {
        Account account = accounts.get(id);
        account.closed = true;
        accountEvent(account, AccountAction.CLOSE);
        return this;
    }

    boolean isOpen(String id) {
        Account account = accounts.get(id);
        return account != null && !account.closed;
    }

    long balance(String id) {
        return accounts.get(id).balance;
    }

    /** An ISSUE: one step on the payee's partition, e-money created by debiting the issuance shard. */
    public String issue(String payee, long amount) {
        TransferRequest request = submit(TransferKind.ISSUE, "SYS.ISSUANCE", payee, amount);
        Account to = accounts.get(payee);
        if (to == null || to.closed) {
            decide(request, TransferStatus.REJECTED, to == null ? ReasonCode.ACCOUNT_NOT_FOUND : ReasonCode.ACCOUNT_CLOSED, 0);
        } else if (enforceLimits && exceedsMax(to, amount)) {
            decide(request, TransferStatus.REJECTED, ReasonCode.LIMIT_MAX_BALANCE, 0);
        } else {
            String issuance = "SYS.ISSUANCE." + CURRENCY + "." + partition(payee);
            step(() -> {
                post(request, issuance, EntryDirection.DEBIT, EntryType.ISSUANCE, amount, payee);
                post(request, payee, EntryDirection.CREDIT, EntryType.PRINCIPAL, amount, issuance);
            });
            decide(request, TransferStatus.COMPLETED, null, 0);
        }
        return request.getRequestId();
    }

    /** A whole saga: step 1, then step 2, then step 3 if the payee refused the money. */
    public String transfer(TransferKind kind, String payer, String payee, long amount) {
        String requestId = start(kind, payer, payee, amount);
        while (inFlight.containsKey(requestId)) {
            advance(requestId);
        }
        return requestId;
    }

    /** Step 1 only: the payer is debited (or the request rejected) and a CREDIT leg is in flight. */
    public String start(TransferKind kind, String payer, String payee, long amount) {
        TransferRequest request = submit(kind, payer, payee, amount);
        Account from = accounts.get(payer);
        long fee = fee(kind, amount);
        long commission = kind == TransferKind.CASH_OUT ? fee / 2 : 0;
        if (from == null || !accounts.containsKey(payee)) {
            decide(request, TransferStatus.REJECTED, ReasonCode.ACCOUNT_NOT_FOUND, 0);
        } else if (payer.equals(payee)) {
            decide(request, TransferStatus.REJECTED, ReasonCode.SAME_ACCOUNT, 0);
        } else if (from.closed) {
            decide(request, TransferStatus.REJECTED, ReasonCode.ACCOUNT_CLOSED, 0);
        } else if (enforceLimits && from.balance - amount - fee < -from.overdraftLimit) {
            decide(request, TransferStatus.REJECTED, ReasonCode.INSUFFICIENT_FUNDS, 0);
        } else {
            int p = partition(payer);
            step(() -> {
                post(request, payer, EntryDirection.DEBIT, EntryType.PRINCIPAL, amount, payee);
                if (fee > 0) {
                    post(request, payer, EntryDirection.DEBIT, EntryType.FEE, fee, fees(p));
                    post(request, fees(p), EntryDirection.CREDIT, EntryType.FEE, fee, payer);
                }
                if (commission > 0) {
                    post(request, fees(p), EntryDirection.DEBIT, EntryType.COMMISSION, commission, transit(p));
                    post(request, transit(p), EntryDirection.CREDIT, EntryType.COMMISSION, commission, fees(p));
                }
                post(request, transit(p), EntryDirection.CREDIT, EntryType.TRANSIT, amount, payer);
            });
            Saga saga = new Saga(request, fee, commission, null);
            leg(saga, LegType.CREDIT, null);
            inFlight.put(request.getRequestId(), saga);
        }
        return request.getRequestId();
    }

    /** The next step of an in-flight saga: step 2 on the payee's partition, or step 3 on the payer's. */
    public void advance(String requestId) {
        Saga saga = inFlight.get(requestId);
        if (saga.refundReason() == null) {
            creditPayee(saga);
        } else {
            refundPayer(saga);
        }
    }

    /** Advances every in-flight saga to its outcome. */
    LedgerSimulator quiesce() {
        while (!inFlight.isEmpty()) {
            advance(inFlight.keySet().iterator().next());
        }
        return this;
    }

    List<String> inFlight() {
        return List.copyOf(inFlight.keySet());
    }

    /** An AUTHORIZE: funds held on the payer's partition and nothing posted; its outcome is PENDING. */
    String authorize(String payer, String payee, long amount) {
        TransferRequest request = submit(TransferKind.AUTHORIZE, payer, payee, amount);
        decide(request, TransferStatus.PENDING, null, 0);
        return request.getRequestId();
    }

    /** The hold of an AUTHORIZE expires: a second, non-duplicate result, EXPIRED. */
    void expire(String requestId) {
        tick();
        results.add(TransferResult.newBuilder(outcomes.get(requestId)).setStatus(TransferStatus.EXPIRED)
                .setDecidedAt(clock).build());
    }

    /** A channel retry: the same request again, answered with a duplicate once the outcome is known. */
    void retry(String requestId) {
        TransferRequest original = requests.stream()
                .filter(request -> request.getRequestId().equals(requestId))
                .findFirst()
                .orElseThrow();
        tick();
        requests.add(original);
        TransferResult outcome = outcomes.get(requestId);
        if (outcome == null) {
            waitingRetries.merge(requestId, 1, Integer::sum);
        } else {
            answerRetry(outcome);
        }
    }

    /** A fault: the entries of the latest step are posted a second time, with fresh sequences. */
    void replayLastStep() {
        List<LedgerEntry> replayed = List.copyOf(lastStep);
        step(() -> replayed.forEach(entry -> post(entry.getTransferId(), entry.getKind(), entry.getAccountId(),
                entry.getDirection(), entry.getEntryType(), entry.getAmount(), entry.getCounterparty())));
    }

    public LedgerOutputs outputs() {
        return new LedgerOutputs(requests, results, entries, legs, accountEvents);
    }

    static long fee(TransferKind kind, long amount) {
        if (kind == TransferKind.CASH_IN || kind == TransferKind.B2C || amount < 1_000) {
            return 0;
        }
        return amount < 50_000 ? 30 : 110;
    }

    private void creditPayee(Saga saga) {
        TransferRequest request = saga.request();
        Account to = accounts.get(request.getPayee());
        long total = request.getAmount() + saga.commission();
        tick();
        if (to.closed) {
            inFlight.put(request.getRequestId(), saga.refused(ReasonCode.ACCOUNT_CLOSED));
            leg(saga, LegType.REFUND, ReasonCode.ACCOUNT_CLOSED);
            return;
        }
        if (enforceLimits && exceedsMax(to, total)) {
            inFlight.put(request.getRequestId(), saga.refused(ReasonCode.LIMIT_MAX_BALANCE));
            leg(saga, LegType.REFUND, ReasonCode.LIMIT_MAX_BALANCE);
            return;
        }
        int q = partition(to.id);
        step(() -> {
            post(request, transit(q), EntryDirection.DEBIT, EntryType.TRANSIT, total, to.id);
            post(request, to.id, EntryDirection.CREDIT, EntryType.PRINCIPAL, request.getAmount(), request.getPayer());
            if (saga.commission() > 0) {
                post(request, to.id, EntryDirection.CREDIT, EntryType.COMMISSION, saga.commission(), transit(q));
            }
        });
        leg(saga, LegType.CONFIRM, null);
        inFlight.remove(request.getRequestId());
        decide(request, TransferStatus.COMPLETED, null, saga.fee());
    }

    private void refundPayer(Saga saga) {
        TransferRequest request = saga.request();
        String payer = request.getPayer();
        int p = partition(payer);
        long back = request.getAmount() + saga.commission();
        step(() -> {
            post(request, transit(p), EntryDirection.DEBIT, EntryType.REFUND, back, payer);
            if (saga.fee() - saga.commission() > 0) {
                post(request, fees(p), EntryDirection.DEBIT, EntryType.REFUND, saga.fee() - saga.commission(), payer);
            }
            post(request, payer, EntryDirection.CREDIT, EntryType.REFUND, request.getAmount() + saga.fee(), transit(p));
        });
        inFlight.remove(request.getRequestId());
        decide(request, TransferStatus.REVERSED, saga.refundReason(), saga.fee());
    }

    private boolean exceedsMax(Account account, long credit) {
        return account.maxBalance != null && account.balance + credit > account.maxBalance;
    }

    private TransferRequest submit(TransferKind kind, String payer, String payee, long amount) {
        tick();
        TransferRequest request = TransferRequest.newBuilder()
                .setRequestId(String.format("req-%05d", nextRequest++))
                .setChannel(Channel.APP)
                .setKind(kind)
                .setPayer(payer)
                .setPayee(payee)
                .setAmount(amount)
                .setCurrency(CURRENCY)
                .setRequestedAt(clock)
                .build();
        requests.add(request);
        return request;
    }

    private void decide(TransferRequest request, TransferStatus status, ReasonCode reason, long fee) {
        tick();
        TransferResult outcome = result(request, status, reason, fee);
        outcomes.put(request.getRequestId(), outcome);
        results.add(outcome);
        int waiting = waitingRetries.getOrDefault(request.getRequestId(), 0);
        for (int i = 0; i < waiting; i++) {
            answerRetry(outcome);
        }
        waitingRetries.remove(request.getRequestId());
    }

    private void answerRetry(TransferResult outcome) {
        results.add(TransferResult.newBuilder(outcome).setDuplicate(true).setDecidedAt(clock).build());
    }

    private TransferResult result(TransferRequest request, TransferStatus status, ReasonCode reason, long fee) {
        return TransferResult.newBuilder()
                .setRequestId(request.getRequestId())
                .setKind(request.getKind())
                .setStatus(status)
                .setReason(reason)
                .setPayer(request.getPayer())
                .setPayee(request.getPayee())
                .setAmount(request.getAmount())
                .setFee(fee)
                .setCurrency(CURRENCY)
                .setDuplicate(false)
                .setRequestedAt(request.getRequestedAt())
                .setDecidedAt(clock)
                .build();
    }

    private void leg(Saga saga, LegType type, ReasonCode reason) {
        TransferRequest request = saga.request();
        legs.add(LedgerLeg.newBuilder()
                .setRequestId(request.getRequestId())
                .setLegType(type)
                .setKind(request.getKind())
                .setPayer(request.getPayer())
                .setPayee(request.getPayee())
                .setAmount(request.getAmount())
                .setCommission(saga.commission())
                .setFee(saga.fee())
                .setCurrency(CURRENCY)
                .setReason(reason)
                .setRequestedAt(request.getRequestedAt())
                .setSentAt(clock)
                .build());
    }

    /** One ledger step: its postings share a timestamp and are remembered for {@link #replayLastStep()}. */
    private void step(Runnable postings) {
        tick();
        lastStep.clear();
        postings.run();
    }

    private void post(TransferRequest request, String accountId, EntryDirection direction, EntryType type, long amount, String counterparty) {
        post(request.getRequestId(), request.getKind(), accountId, direction, type, amount, counterparty);
    }

    private void post(String transferId, TransferKind kind, String accountId, EntryDirection direction, EntryType type,
                      long amount, String counterparty) {
        Account account = accounts.computeIfAbsent(accountId, id -> new Account(id, AccountType.SYSTEM));
        account.balance += direction == EntryDirection.CREDIT ? amount : -amount;
        account.sequence++;
        LedgerEntry entry = LedgerEntry.newBuilder()
                .setAccountId(accountId)
                .setSequence(account.sequence)
                .setTransferId(transferId)
                .setKind(kind)
                .setEntryType(type)
                .setDirection(direction)
                .setAmount(amount)
                .setBalanceAfter(account.balance)
                .setCurrency(CURRENCY)
                .setCounterparty(counterparty)
                .setPostedAt(clock)
                .build();
        entries.add(entry);
        lastStep.add(entry);
    }

    private void accountEvent(Account account, AccountAction action) {
        tick();
        AccountState state = AccountState.newBuilder()
                .setAccountId(account.id)
                .setType(account.type)
                .setStatus(account.closed ? AccountStatus.CLOSED : AccountStatus.ACTIVE)
                .setCurrency(CURRENCY)
                .setBalance(account.balance)
                .setLimits(AccountLimits.newBuilder()
                        .setOverdraftLimit(account.overdraftLimit)
                        .setMaxBalance(account.maxBalance)
                        .build())
                .setSequence(account.sequence)
                .setOpenedAt(clock)
                .setUpdatedAt(clock)
                .build();
        accountEvents.add(AccountEvent.newBuilder()
                .setCommandId("cmd-" + accountEvents.size())
                .setAccountId(account.id)
                .setAction(action)
                .setAccepted(true)
                .setAccount(state)
                .setDecidedAt(clock)
                .build());
    }

    private String fees(int partition) {
        return "SYS.FEES." + CURRENCY + "." + partition;
    }

    private String transit(int partition) {
        return "SYS.TRANSIT." + CURRENCY + "." + partition;
    }

    private int partition(String accountId) {
        return Math.floorMod(accountId.hashCode(), partitions);
    }

    private void tick() {
        clock++;
    }
}
