package dev.hazina.topology;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;

/** Status, type, currency and limit checks on the two sides of a transfer. Each returns null when it passes. */
final class Checks {

    private Checks() {
    }

    /** The payer of a request: it exists, may send, has the right type and currency, and is within its per-transfer limit. */
    static Rejection canPay(AccountState payer, TransferRequest request) {
        Rejection refusal = mayDebit(payer, "payer " + request.getPayer());
        if (refusal != null) {
            return refusal;
        }
        if (!TransferRules.payerAllowed(request.getKind(), payer.getType())) {
            return new Rejection(ReasonCode.INVALID_ACCOUNT_TYPE,
                "a " + payer.getType() + " account cannot pay a " + request.getKind());
        }
        refusal = holds(payer, "payer " + request.getPayer(), request.getCurrency());
        if (refusal != null) {
            return refusal;
        }
        Long perTransferMax = payer.getLimits().getPerTransferMax();
        if (perTransferMax != null && request.getAmount() > perTransferMax) {
            return new Rejection(ReasonCode.LIMIT_PER_TRANSFER, "above the per-transfer limit of " + perTransferMax);
        }
        return null;
    }

    /** Any account about to be debited: it exists, is neither closed nor frozen, and holds {@code currency}. */
    static Rejection canSend(AccountState account, String who, String currency) {
        Rejection refusal = mayDebit(account, who);
        return refusal != null ? refusal : holds(account, who, currency);
    }

    /** The account exists and its status lets money out: a frozen account sends nothing. */
    static Rejection mayDebit(AccountState account, String who) {
        if (account == null) {
            return new Rejection(ReasonCode.ACCOUNT_NOT_FOUND, who + " does not exist");
        }
        if (account.getStatus() == AccountStatus.CLOSED) {
            return new Rejection(ReasonCode.ACCOUNT_CLOSED, who + " is closed");
        }
        if (account.getStatus() == AccountStatus.FROZEN) {
            return new Rejection(ReasonCode.ACCOUNT_FROZEN, who + " is frozen");
        }
        return null;
    }

    private static Rejection holds(AccountState account, String who, String currency) {
        if (!account.getCurrency().equals(currency)) {
            return new Rejection(ReasonCode.CURRENCY_MISMATCH,
                who + " holds " + account.getCurrency() + ", the transfer is in " + currency);
        }
        return null;
    }

    /** {@link #canPay}, and the request's amount debited on {@code day} stays within the daily limit. */
    static Rejection canDebit(AccountState payer, TransferRequest request, int day) {
        Rejection refusal = canPay(payer, request);
        return refusal != null ? refusal : withinDailyLimit(payer, day, request.getAmount());
    }

    /** Debiting {@code amount} on {@code day} keeps the account within its daily debit limit. */
    static Rejection withinDailyLimit(AccountState account, int day, long amount) {
        Long dailyMax = account.getLimits().getDailyDebitMax();
        if (dailyMax != null && AccountBook.debitedOn(account, day) > dailyMax - amount) {
            return new Rejection(ReasonCode.LIMIT_DAILY, "daily debit limit of " + dailyMax + " reached");
        }
        return null;
    }

    /** Available funds cover {@code needed}. */
    static Rejection hasFunds(AccountState account, String who, long needed) {
        long available = AccountBook.available(account);
        if (needed > available) {
            return new Rejection(ReasonCode.INSUFFICIENT_FUNDS, who + " needs " + needed + ", has " + available + " available");
        }
        return null;
    }

    static Rejection canReceive(AccountState payee, TransferKind kind, String currency, long credit) {
        if (payee == null) {
            return new Rejection(ReasonCode.ACCOUNT_NOT_FOUND, "payee does not exist");
        }
        if (payee.getStatus() == AccountStatus.CLOSED) {
            return new Rejection(ReasonCode.ACCOUNT_CLOSED, "payee " + payee.getAccountId() + " is closed");
        }
        if (!TransferRules.payeeAllowed(kind, payee.getType())) {
            return new Rejection(ReasonCode.INVALID_ACCOUNT_TYPE,
                "a " + payee.getType() + " account cannot receive a " + kind);
        }
        if (!payee.getCurrency().equals(currency)) {
            return new Rejection(ReasonCode.CURRENCY_MISMATCH,
                "payee holds " + payee.getCurrency() + ", transfer is in " + currency);
        }
        Long maxBalance = payee.getLimits().getMaxBalance();
        if (maxBalance != null && payee.getBalance() > maxBalance - credit) {
            return new Rejection(ReasonCode.LIMIT_MAX_BALANCE, "payee would exceed its maximum balance of " + maxBalance);
        }
        return null;
    }
}
