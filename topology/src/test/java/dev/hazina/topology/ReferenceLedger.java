package dev.hazina.topology;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferStatus;

/**
 * A plain sequential ledger, written from the design brief and nothing else, for the model-based
 * property test. It applies a whole transfer at once (the saga's steps collapse into one), with
 * fees from {@link #FEE_BANDS}.
 */
final class ReferenceLedger {

    /** The tariff the property test configures the real ledger with: upTo, fee. */
    static final long[][] FEE_BANDS = {{1_000, 0}, {100_000, 100}, {Long.MAX_VALUE, 250}};
    static final String TARIFF = "1000:0,100000:100,9223372036854775807:250";
    static final long COMMISSION_BPS = 5_000;

    record Outcome(TransferStatus status, ReasonCode reason) {
    }

    record Request(String requestId, Channel channel, TransferKind kind, String payer, String payee, long amount,
                   String currency) {
    }

    static final class Account {
        final AccountType type;
        AccountStatus status = AccountStatus.ACTIVE;
        long balance;
        Long perTransferMax;
        Long dailyDebitMax;
        Long maxBalance;
        long day;
        long debitedToday;

        Account(AccountType type) {
            this.type = type;
        }
    }

    private final ZoneId zone = ZoneId.of("Africa/Nairobi");
    final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Request> seen = new HashMap<>();
    private final Map<String, Outcome> outcomes = new HashMap<>();
    long fees;
    long issuance;

    // ---- account commands: true when accepted ----

    boolean open(String id, AccountType type, Long perTransferMax, Long dailyDebitMax, Long maxBalance) {
        if (accounts.containsKey(id)) {
            return false;
        }
        Account account = new Account(type);
        account.perTransferMax = perTransferMax;
        account.dailyDebitMax = dailyDebitMax;
        account.maxBalance = maxBalance;
        accounts.put(id, account);
        return true;
    }

    boolean setLimits(String id, Long perTransferMax, Long dailyDebitMax, Long maxBalance) {
        Account account = accounts.get(id);
        if (account == null || account.status == AccountStatus.CLOSED) {
            return false;
        }
        account.perTransferMax = perTransferMax;
        account.dailyDebitMax = dailyDebitMax;
        account.maxBalance = maxBalance;
        return true;
    }

    boolean setStatus(String id, AccountStatus status) {
        Account account = accounts.get(id);
        if (account == null || account.status == AccountStatus.CLOSED) {
            return false;
        }
        if (status == AccountStatus.CLOSED && account.balance != 0) {
            return false;
        }
        account.status = status;
        return true;
    }

    // ---- transfers ----

    /** The outcome the real ledger must give, and whether it must be marked a duplicate. */
    Outcome transfer(Request request, Instant at) {
        Request earlier = seen.get(request.requestId());
        if (earlier != null) {
            return earlier.equals(request) ? outcomes.get(request.requestId())
                : new Outcome(TransferStatus.REJECTED, ReasonCode.REQUEST_MODIFIED);
        }
        seen.put(request.requestId(), request);
        Outcome outcome = decide(request, at);
        outcomes.put(request.requestId(), outcome);
        return outcome;
    }

    private Outcome decide(Request r, Instant at) {
        if (r.amount() <= 0) {
            return rejected(ReasonCode.INVALID_AMOUNT);
        }
        if (r.payer().equals(r.payee())) {
            return rejected(ReasonCode.SAME_ACCOUNT);
        }
        if (r.kind() == TransferKind.ISSUE) {
            return issue(r);
        }
        Account payer = accounts.get(r.payer());
        if (payer == null) {
            return rejected(ReasonCode.ACCOUNT_NOT_FOUND);
        }
        if (payer.status == AccountStatus.CLOSED) {
            return rejected(ReasonCode.ACCOUNT_CLOSED);
        }
        if (payer.status == AccountStatus.FROZEN) {
            return rejected(ReasonCode.ACCOUNT_FROZEN);
        }
        if (!payerAllowed(r.kind(), payer.type)) {
            return rejected(ReasonCode.INVALID_ACCOUNT_TYPE);
        }
        if (payer.perTransferMax != null && r.amount() > payer.perTransferMax) {
            return rejected(ReasonCode.LIMIT_PER_TRANSFER);
        }
        long day = at.atZone(zone).toLocalDate().toEpochDay();
        long debitedToday = payer.day == day ? payer.debitedToday : 0;
        if (payer.dailyDebitMax != null && debitedToday > payer.dailyDebitMax - r.amount()) {
            return rejected(ReasonCode.LIMIT_DAILY);
        }
        long fee = fee(r.kind(), r.amount());
        long commission = r.kind() == TransferKind.CASH_OUT ? fee * COMMISSION_BPS / 10_000 : 0;
        if (r.amount() > Long.MAX_VALUE - fee) {
            return rejected(ReasonCode.INVALID_AMOUNT);
        }
        if (r.amount() + fee > payer.balance) {
            return rejected(ReasonCode.INSUFFICIENT_FUNDS);
        }
        ReasonCode refusal = cannotReceive(accounts.get(r.payee()), r.kind(), r.amount() + commission);
        if (refusal != null) {
            // Debited, then refunded in full: the payer ends where it started.
            return new Outcome(TransferStatus.REVERSED, refusal);
        }
        payer.balance -= r.amount() + fee;
        payer.day = day;
        payer.debitedToday = debitedToday + r.amount();
        fees += fee - commission;
        accounts.get(r.payee()).balance += r.amount() + commission;
        return new Outcome(TransferStatus.COMPLETED, null);
    }

    private Outcome issue(Request r) {
        if (r.channel() != Channel.ADMIN) {
            return rejected(ReasonCode.INVALID_REQUEST);
        }
        Account payee = accounts.get(r.payee());
        ReasonCode refusal = cannotReceive(payee, TransferKind.ISSUE, r.amount());
        if (refusal != null) {
            return rejected(refusal);
        }
        payee.balance += r.amount();
        issuance -= r.amount();
        return new Outcome(TransferStatus.COMPLETED, null);
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
        if (payee.maxBalance != null && payee.balance > payee.maxBalance - credit) {
            return ReasonCode.LIMIT_MAX_BALANCE;
        }
        return null;
    }

    static long fee(TransferKind kind, long amount) {
        if (kind != TransferKind.P2P && kind != TransferKind.CASH_OUT) {
            return 0;
        }
        for (long[] band : FEE_BANDS) {
            if (amount <= band[0]) {
                return band[1];
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static boolean payerAllowed(TransferKind kind, AccountType type) {
        return switch (kind) {
            case P2P, CASH_OUT -> type == AccountType.CUSTOMER;
            case CASH_IN -> type == AccountType.AGENT;
            case MERCHANT_PAYMENT -> type == AccountType.CUSTOMER || type == AccountType.BUSINESS;
            case B2C -> type == AccountType.BUSINESS;
            default -> false;
        };
    }

    private static boolean payeeAllowed(TransferKind kind, AccountType type) {
        return switch (kind) {
            case P2P, CASH_IN, B2C -> type == AccountType.CUSTOMER;
            case CASH_OUT -> type == AccountType.AGENT;
            case MERCHANT_PAYMENT -> type == AccountType.MERCHANT;
            case ISSUE -> type == AccountType.AGENT || type == AccountType.BUSINESS;
            default -> false;
        };
    }

    private static Outcome rejected(ReasonCode reason) {
        return new Outcome(TransferStatus.REJECTED, Objects.requireNonNull(reason));
    }
}
