package dev.hazina.topology;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferStatus;

/**
 * A plain sequential ledger, written from the design brief and the issue and nothing else, for the
 * model-based property test. It applies a whole transfer at once (the saga's steps, a top-up's
 * included, collapse into one), with fees from {@link #FEE_BANDS}.
 *
 * <p>What it models: balances, holds ({@code held}, available funds {@code balance - held +
 * overdraftLimit}), per-transfer, daily and maximum-balance limits, overdraft credit lines,
 * two-phase holds with expiry, reversals within a window with the fee kept or refunded, and
 * automatic top-up from a funding account.
 */
final class ReferenceLedger {

    /** The tariff the property test configures the real ledger with: upTo, fee. */
    static final long[][] FEE_BANDS = {{1_000, 0}, {100_000, 100}, {Long.MAX_VALUE, 250}};
    static final String TARIFF = "1000:0,100000:100,9223372036854775807:250";
    static final long COMMISSION_BPS = 5_000;
    static final Duration HOLD_TIMEOUT = Duration.ofHours(6);
    static final Duration REVERSAL_WINDOW = Duration.ofHours(24);

    record Outcome(TransferStatus status, ReasonCode reason) {
    }

    record Request(String requestId, Channel channel, TransferKind kind, String payer, String payee, long amount,
                   String currency, String reference) {
    }

    record Limits(Long perTransferMax, Long dailyDebitMax, Long maxBalance, long overdraftLimit, String funder) {
    }

    static final class Account {
        final AccountType type;
        AccountStatus status = AccountStatus.ACTIVE;
        long balance;
        long held;
        Limits limits;
        long day;
        long debitedToday;

        Account(AccountType type, Limits limits) {
            this.type = type;
            this.limits = limits;
        }

        long available() {
            return balance - held + limits.overdraftLimit();
        }
    }

    enum HoldStatus { PENDING, CAPTURED, VOIDED, EXPIRED }

    static final class Hold {
        final String requestId;
        final String payer;
        final String payee;
        final long amount;
        final long fee;
        final Instant expiresAt;
        final long day;
        HoldStatus status = HoldStatus.PENDING;

        Hold(String requestId, String payer, String payee, long amount, long fee, Instant expiresAt, long day) {
            this.requestId = requestId;
            this.payer = payer;
            this.payee = payee;
            this.amount = amount;
            this.fee = fee;
            this.expiresAt = expiresAt;
            this.day = day;
        }
    }

    /** What a decided request left behind that a REVERSAL may need. */
    static final class Decided {
        final Request request;
        final Instant at;
        long fee;
        long commission;
        Outcome outcome;
        boolean reversed;

        Decided(Request request, Instant at) {
            this.request = request;
            this.at = at;
        }
    }

    private final ZoneId zone = ZoneId.of("Africa/Nairobi");
    private final boolean refundFee;
    final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Request> seen = new HashMap<>();
    private final Map<String, Outcome> outcomes = new HashMap<>();
    private final Map<String, Decided> decided = new HashMap<>();
    private final Map<String, Hold> holds = new HashMap<>();
    /** AUTHORIZE requestIds whose hold expired, in the order they did. */
    final List<String> expired = new ArrayList<>();
    /** What the last request did besides its outcome, for the test's statistics. */
    final List<String> lastPaths = new ArrayList<>();
    long fees;
    long issuance;

    ReferenceLedger(boolean refundFee) {
        this.refundFee = refundFee;
    }

    // ---- account commands: true when accepted ----

    boolean open(String id, AccountType type, Limits limits) {
        if (accounts.containsKey(id) || !validFunder(id, limits)) {
            return false;
        }
        accounts.put(id, new Account(type, limits));
        return true;
    }

    boolean setLimits(String id, Limits limits) {
        Account account = accounts.get(id);
        if (account == null || account.status == AccountStatus.CLOSED || !validFunder(id, limits)) {
            return false;
        }
        account.limits = limits;
        return true;
    }

    boolean setStatus(String id, AccountStatus status) {
        Account account = accounts.get(id);
        if (account == null || account.status == AccountStatus.CLOSED) {
            return false;
        }
        if (status == AccountStatus.CLOSED && (account.balance != 0 || account.held != 0)) {
            return false;
        }
        account.status = status;
        return true;
    }

    private static boolean validFunder(String id, Limits limits) {
        return limits.funder() == null || !limits.funder().equals(id);
    }

    // ---- the clock ----

    /** The wall clock moved to {@code now} and the sweep ran: every hold past its deadline expires. */
    List<String> expireDue(Instant now) {
        List<Hold> due = holds.values().stream()
            .filter(hold -> hold.status == HoldStatus.PENDING && !now.isBefore(hold.expiresAt))
            .sorted(Comparator.comparing((Hold hold) -> hold.expiresAt).thenComparing(hold -> hold.requestId))
            .toList();
        List<String> ids = new ArrayList<>();
        for (Hold hold : due) {
            expire(hold);
            ids.add(hold.requestId);
        }
        return ids;
    }

    // ---- transfers ----

    /** The outcome the real ledger must give, and whether it must be marked a duplicate. */
    Outcome transfer(Request request, Instant at) {
        lastPaths.clear();
        Request earlier = seen.get(request.requestId());
        if (earlier != null) {
            return earlier.equals(request) ? outcomes.get(request.requestId())
                : new Outcome(TransferStatus.REJECTED, ReasonCode.REQUEST_MODIFIED);
        }
        seen.put(request.requestId(), request);
        Decided record = new Decided(request, at);
        decided.put(request.requestId(), record);
        Outcome outcome = decide(request, at);
        record.outcome = outcome;
        outcomes.put(request.requestId(), outcome);
        return outcome;
    }

    /** The ledger's range of money: 2^53-1, the integers a JavaScript number holds exactly. */
    static final long MAX_AMOUNT = (1L << 53) - 1;

    private Outcome decide(Request r, Instant at) {
        if (r.amount() <= 0 || r.amount() > MAX_AMOUNT) {
            return rejected(ReasonCode.INVALID_AMOUNT);
        }
        if (r.payer().equals(r.payee())) {
            return rejected(ReasonCode.SAME_ACCOUNT);
        }
        if (r.kind() == TransferKind.ISSUE) {
            return issue(r);
        }
        if (r.payer().startsWith("SYS.") || r.payee().startsWith("SYS.")) {
            return rejected(ReasonCode.INVALID_ACCOUNT_TYPE);
        }
        return switch (r.kind()) {
            case AUTHORIZE -> authorize(r, at);
            case CAPTURE -> capture(r, at);
            case VOID -> voidHold(r, at);
            case REVERSAL -> reverse(r, at);
            default -> saga(r, at);
        };
    }

    /** The payer-side checks every debit shares; null when they pass. */
    private ReasonCode payerRefusal(Account payer, TransferKind kind, long amount, long day) {
        if (payer == null) {
            return ReasonCode.ACCOUNT_NOT_FOUND;
        }
        if (payer.status == AccountStatus.CLOSED) {
            return ReasonCode.ACCOUNT_CLOSED;
        }
        if (payer.status == AccountStatus.FROZEN) {
            return ReasonCode.ACCOUNT_FROZEN;
        }
        if (!payerAllowed(kind, payer.type)) {
            return ReasonCode.INVALID_ACCOUNT_TYPE;
        }
        if (payer.limits.perTransferMax() != null && amount > payer.limits.perTransferMax()) {
            return ReasonCode.LIMIT_PER_TRANSFER;
        }
        long debitedToday = payer.day == day ? payer.debitedToday : 0;
        if (payer.limits.dailyDebitMax() != null && debitedToday > payer.limits.dailyDebitMax() - amount) {
            return ReasonCode.LIMIT_DAILY;
        }
        return null;
    }

    private Outcome saga(Request r, Instant at) {
        Account payer = accounts.get(r.payer());
        long day = day(at);
        ReasonCode refusal = payerRefusal(payer, r.kind(), r.amount(), day);
        if (refusal != null) {
            return rejected(refusal);
        }
        long fee = fee(r.kind(), r.amount());
        long commission = r.kind() == TransferKind.CASH_OUT ? fee * COMMISSION_BPS / 10_000 : 0;
        if (r.amount() > Long.MAX_VALUE - fee) {
            return rejected(ReasonCode.INVALID_AMOUNT);
        }
        long needed = r.amount() + fee;
        long topUp = 0;
        Account funder = null;
        if (needed > payer.available()) {
            // Short: the funding account pays exactly what is missing, or nothing happens at all.
            if (payer.limits.funder() == null || payer.available() < 0) {
                return rejected(ReasonCode.INSUFFICIENT_FUNDS);
            }
            topUp = needed - payer.available();
            funder = accounts.get(payer.limits.funder());
            if (funder == null || funder.status != AccountStatus.ACTIVE || funder.available() < topUp) {
                return rejected(ReasonCode.TOPUP_FAILED);
            }
            funder.balance -= topUp;
            lastPaths.add("top-up");
        }
        Account payee = accounts.get(r.payee());
        ReasonCode payeeRefusal = cannotReceive(payee, r.kind(), r.amount() + commission);
        if (payeeRefusal != null) {
            // Debited, then refunded in full, and a top-up went back to its funder: nothing changed.
            if (funder != null) {
                funder.balance += topUp;
            }
            return new Outcome(TransferStatus.REVERSED, payeeRefusal);
        }
        noteOverdraft(payer, payer.balance + topUp - needed);
        payer.balance += topUp - needed;
        payer.debitedToday = (payer.day == day ? payer.debitedToday : 0) + r.amount();
        payer.day = day;
        fees += fee - commission;
        credit(payee, r.amount() + commission);
        charged(r, fee, commission);
        return new Outcome(TransferStatus.COMPLETED, null);
    }

    private Outcome authorize(Request r, Instant at) {
        Account payer = accounts.get(r.payer());
        long day = day(at);
        ReasonCode refusal = payerRefusal(payer, TransferKind.AUTHORIZE, r.amount(), day);
        if (refusal != null) {
            return rejected(refusal);
        }
        long fee = fee(TransferKind.AUTHORIZE, r.amount());
        if (r.amount() > Long.MAX_VALUE - fee) {
            return rejected(ReasonCode.INVALID_AMOUNT);
        }
        if (r.amount() + fee > payer.available()) {
            return rejected(ReasonCode.INSUFFICIENT_FUNDS);
        }
        payer.held += r.amount() + fee;
        payer.debitedToday = (payer.day == day ? payer.debitedToday : 0) + r.amount();
        payer.day = day;
        holds.put(r.requestId(), new Hold(r.requestId(), r.payer(), r.payee(), r.amount(), fee, at.plus(HOLD_TIMEOUT), day));
        return new Outcome(TransferStatus.PENDING, null);
    }

    /** The hold a CAPTURE or VOID names, or the refusal; a hold found past its deadline expires first. */
    private Object resolvable(Request r, Instant at) {
        Hold hold = holds.get(r.reference());
        if (hold == null || !hold.payer.equals(r.payer())) {
            return ReasonCode.HOLD_NOT_FOUND;
        }
        if (!hold.payee.equals(r.payee())) {
            return ReasonCode.INVALID_REQUEST;
        }
        if (hold.status == HoldStatus.PENDING && !at.isBefore(hold.expiresAt)) {
            expire(hold);
        }
        return switch (hold.status) {
            case PENDING -> hold;
            case EXPIRED -> ReasonCode.HOLD_EXPIRED;
            default -> ReasonCode.HOLD_RESOLVED;
        };
    }

    private Outcome capture(Request r, Instant at) {
        Object found = resolvable(r, at);
        if (found instanceof ReasonCode reason) {
            return rejected(reason);
        }
        Hold hold = (Hold) found;
        if (r.amount() > hold.amount) {
            return rejected(ReasonCode.INVALID_AMOUNT);
        }
        Account payer = accounts.get(r.payer());
        if (payer.status == AccountStatus.FROZEN) {
            return rejected(ReasonCode.ACCOUNT_FROZEN);
        }
        long fee = Math.min(fee(TransferKind.AUTHORIZE, r.amount()), hold.fee);
        long reserved = hold.amount + hold.fee;
        if (r.amount() + fee > payer.available() + reserved) {
            return rejected(ReasonCode.INSUFFICIENT_FUNDS);
        }
        payer.held -= reserved;
        releaseDaily(payer, hold.day, hold.amount - r.amount());
        hold.status = HoldStatus.CAPTURED;
        Account payee = accounts.get(r.payee());
        ReasonCode payeeRefusal = cannotReceive(payee, TransferKind.CAPTURE, r.amount());
        if (payeeRefusal != null) {
            // The hold is used up; the captured money comes back in full.
            releaseDaily(payer, hold.day, r.amount());
            return new Outcome(TransferStatus.REVERSED, payeeRefusal);
        }
        noteOverdraft(payer, payer.balance - r.amount() - fee);
        payer.balance -= r.amount() + fee;
        fees += fee;
        credit(payee, r.amount());
        charged(r, fee, 0);
        return new Outcome(TransferStatus.COMPLETED, null);
    }

    private Outcome voidHold(Request r, Instant at) {
        Object found = resolvable(r, at);
        if (found instanceof ReasonCode reason) {
            return rejected(reason);
        }
        Hold hold = (Hold) found;
        if (r.amount() != hold.amount) {
            return rejected(ReasonCode.INVALID_AMOUNT);
        }
        release(hold);
        hold.status = HoldStatus.VOIDED;
        return new Outcome(TransferStatus.COMPLETED, null);
    }

    private Outcome reverse(Request r, Instant at) {
        Decided original = decided.get(r.reference());
        if (original == null || original.request.requestId().equals(r.requestId())) {
            return rejected(ReasonCode.TRANSFER_NOT_FOUND);
        }
        Request o = original.request;
        if (!o.payer().equals(r.payee()) || !o.payee().equals(r.payer())) {
            return rejected(ReasonCode.INVALID_REQUEST);
        }
        if (o.amount() != r.amount()) {
            return rejected(ReasonCode.INVALID_AMOUNT);
        }
        if (!reversible(o.kind())) {
            return rejected(ReasonCode.NOT_REVERSIBLE);
        }
        if (original.reversed) {
            return rejected(ReasonCode.ALREADY_REVERSED);
        }
        if (original.outcome == null || original.outcome.status() != TransferStatus.COMPLETED) {
            return rejected(ReasonCode.NOT_REVERSIBLE);
        }
        if (Duration.between(original.at, at).compareTo(REVERSAL_WINDOW) > 0) {
            return rejected(ReasonCode.NOT_REVERSIBLE);
        }
        Account back = accounts.get(o.payer());
        if (back == null) {
            return rejected(ReasonCode.ACCOUNT_NOT_FOUND);
        }
        if (back.status == AccountStatus.CLOSED) {
            return rejected(ReasonCode.ACCOUNT_CLOSED);
        }
        long fee = refundFee ? original.fee : 0;
        long commission = refundFee ? original.commission : 0;
        Account from = accounts.get(o.payee());
        if (from == null) {
            return rejected(ReasonCode.ACCOUNT_NOT_FOUND);
        }
        if (from.status != AccountStatus.ACTIVE) {
            return rejected(from.status == AccountStatus.CLOSED ? ReasonCode.ACCOUNT_CLOSED : ReasonCode.ACCOUNT_FROZEN);
        }
        if (o.amount() + commission > from.available()) {
            return rejected(ReasonCode.INSUFFICIENT_FUNDS);
        }
        noteOverdraft(from, from.balance - o.amount() - commission);
        from.balance -= o.amount() + commission;
        fees -= fee - commission;
        credit(back, o.amount() + fee);
        original.reversed = true;
        return new Outcome(TransferStatus.COMPLETED, null);
    }

    private Outcome issue(Request r) {
        // Sent on the operator topic (LedgerDriver routes it there); the channel field grants nothing.
        Account payee = accounts.get(r.payee());
        ReasonCode refusal = cannotReceive(payee, TransferKind.ISSUE, r.amount());
        if (refusal != null) {
            return rejected(refusal);
        }
        credit(payee, r.amount());
        issuance -= r.amount();
        return new Outcome(TransferStatus.COMPLETED, null);
    }

    private void expire(Hold hold) {
        release(hold);
        hold.status = HoldStatus.EXPIRED;
        expired.add(hold.requestId);
    }

    private void release(Hold hold) {
        Account payer = accounts.get(hold.payer);
        payer.held -= hold.amount + hold.fee;
        releaseDaily(payer, hold.day, hold.amount);
    }

    private static void releaseDaily(Account account, long day, long amount) {
        if (account.day == day) {
            account.debitedToday = Math.max(0, account.debitedToday - amount);
        }
    }

    private void credit(Account account, long amount) {
        if (account.balance < 0) {
            lastPaths.add("overdraft repaid");
        }
        account.balance += amount;
    }

    private void noteOverdraft(Account account, long balanceAfter) {
        if (balanceAfter < 0) {
            lastPaths.add("overdraft used");
        }
    }

    /** Remembers what a completed debit charged, for a reversal that refunds it. */
    private void charged(Request r, long fee, long commission) {
        decided.get(r.requestId()).fee = fee;
        decided.get(r.requestId()).commission = commission;
    }

    private long day(Instant at) {
        return at.atZone(zone).toLocalDate().toEpochDay();
    }

    private static ReasonCode cannotReceive(Account payee, TransferKind kind, long credit) {
        if (payee == null) {
            return ReasonCode.ACCOUNT_NOT_FOUND;
        }
        if (payee.status == AccountStatus.CLOSED) {
            return ReasonCode.ACCOUNT_CLOSED;
        }
        if (!payeeAllowed(kind, payee.type)) {
            return ReasonCode.INVALID_ACCOUNT_TYPE;
        }
        if (payee.limits.maxBalance() != null && payee.balance > payee.limits.maxBalance() - credit) {
            return ReasonCode.LIMIT_MAX_BALANCE;
        }
        return null;
    }

    static long fee(TransferKind kind, long amount) {
        if (kind != TransferKind.P2P && kind != TransferKind.CASH_OUT && kind != TransferKind.AUTHORIZE) {
            return 0;
        }
        for (long[] band : FEE_BANDS) {
            if (amount <= band[0]) {
                return band[1];
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static boolean reversible(TransferKind kind) {
        return switch (kind) {
            case P2P, CASH_IN, CASH_OUT, MERCHANT_PAYMENT, B2C, CAPTURE -> true;
            default -> false;
        };
    }

    private static boolean payerAllowed(TransferKind kind, AccountType type) {
        return switch (kind) {
            case P2P, CASH_OUT -> type == AccountType.CUSTOMER;
            case CASH_IN -> type == AccountType.AGENT;
            case MERCHANT_PAYMENT, AUTHORIZE -> type == AccountType.CUSTOMER || type == AccountType.BUSINESS;
            case B2C -> type == AccountType.BUSINESS;
            default -> false;
        };
    }

    private static boolean payeeAllowed(TransferKind kind, AccountType type) {
        return switch (kind) {
            case P2P, CASH_IN, B2C -> type == AccountType.CUSTOMER;
            case CASH_OUT -> type == AccountType.AGENT;
            case MERCHANT_PAYMENT, CAPTURE -> type == AccountType.MERCHANT;
            case ISSUE -> type == AccountType.AGENT || type == AccountType.BUSINESS;
            default -> false;
        };
    }

    private static Outcome rejected(ReasonCode reason) {
        return new Outcome(TransferStatus.REJECTED, Objects.requireNonNull(reason));
    }
}
